import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@tthc/contracts';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Database and Temporal status; 503 when either is down' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([this.database(), this.temporal.isHealthy()]);
    const ok = database.ok && temporal.ok;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      database: { ok: database.ok, type: this.ds.options.type, ...(database.ok ? {} : { error: 'database not reachable' }) },
      temporal: { ok: temporal.ok, ...(temporal.ok ? {} : { error: 'Temporal not reachable' }) },
      // an unhealthy answer is still an error body like every other 5xx
      ...(ok ? {} : { error: { code: ErrorCode.ENGINE_UNAVAILABLE, message: database.ok ? 'Temporal is not reachable' : 'the database is not reachable' } }),
    };
  }

  private async database(): Promise<{ ok: boolean }> {
    try {
      await this.ds.query('SELECT 1');
      return { ok: true };
    } catch {
      return { ok: false };
    }
  }
}
