import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { REPLAY_DIVERGENCE_ACTION, type ReplayAlertView, type ReplayDivergence } from '@tthc/contracts';
import { AuditEntryEntity, getDossier } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';
import { DossierAuditUseCase } from './dossier-audit.usecase';

const RefParam = z.object({ ref: z.string().min(1).max(80) });
const MAX_ALERTS = 200;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor', 'admin')
export class DossierAuditController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly dossiers: DossierAuditUseCase,
  ) {}

  @Get('dossiers/:ref/timeline')
  @ApiOperation({ summary: 'The electronic Phiếu kiểm soát of a dossier (by code or id): every hand-over with times, people, step, due date, result, notes and documents' })
  timeline(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.dossiers.timeline(parseInput(RefParam, params).ref, user);
  }

  @Get('dossiers/:ref/replay')
  @ApiOperation({ summary: 'Replay view of a dossier: its Temporal history replayed by a worker with the current code, with the state at each step, the diagram of its version, its event log and documents' })
  replay(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.dossiers.replay(parseInput(RefParam, params).ref, user);
  }

  @Get('replay-alerts')
  @ApiOperation({ summary: 'Running dossiers a newly started worker build could not replay (divergences found after an upgrade), newest first' })
  async alerts(@CurrentUser() user: AuthUser): Promise<{ items: ReplayAlertView[] }> {
    const rows = await this.ds.getRepository(AuditEntryEntity).find({ where: { action: REPLAY_DIVERGENCE_ACTION }, order: { seq: 'DESC' }, take: MAX_ALERTS });
    const items: ReplayAlertView[] = [];
    for (const r of rows) {
      const d = r.details as { workflowId?: string; dossierId?: string | null; buildId?: string; divergence?: ReplayDivergence };
      // an agency's auditor sees the alerts of its agency's dossiers only
      if (!readsEveryAgency(user)) {
        const dossier = d.dossierId ? await getDossier(this.ds, d.dossierId) : null;
        if (!dossier || dossier.agency !== user.agency) continue;
      }
      items.push({ seq: r.seq, at: r.at.toISOString(), workflowId: d.workflowId ?? r.entityId ?? '', dossierId: d.dossierId ?? null, buildId: d.buildId ?? '', divergence: d.divergence ?? { type: 'unknown', message: '' } });
    }
    return { items };
  }
}
