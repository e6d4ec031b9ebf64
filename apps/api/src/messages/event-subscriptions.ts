import { Inject, Injectable } from '@nestjs/common';
import { EventRoutes } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

export type { StartSubscription } from '@tthc/persistence';

/** What each deployed version starts on and waits for (EventRoutes of @tthc/persistence, shared with the worker). */
@Injectable()
export class EventSubscriptions extends EventRoutes {
  constructor(@Inject(DATA_SOURCE) ds: DataSource) {
    super(ds);
  }
}
