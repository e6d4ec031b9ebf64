import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditKeysFor, listAudit, verifyAllChains } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';
import { AuditService } from './audit.service';

const ListQuery = z.object({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(255).optional(),
  /** entries after this sequence number (paging) */
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries in chain order; page with `after` = last seq' })
  async list(@Query() query: unknown) {
    const q = parseInput(ListQuery, query);
    const rows = await listAudit(this.ds, { entity: q.entity, entityId: q.entityId, afterSeq: q.after, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit).map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
    return { items, ...(rows.length > q.limit ? { next: items[items.length - 1].seq } : {}) };
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The audit system public key (Ed25519, SPKI PEM) that signs checkpoints and export bundles: pin it for verify-bundle --key' })
  publicKey() {
    const keys = auditKeysFor(this.ds);
    return { keyId: keys.keyId, algorithm: 'Ed25519', publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit chain and every dossier event chain: {ok, audit, dossiers, firstBroken?}' })
  async verify(@CurrentUser() user: AuthUser) {
    const result = await verifyAllChains(this.ds);
    // the verification is itself an audit view (logged after it ran: it is not part of what it checked)
    await this.audit.record({ actor: user.username, action: 'audit.verify', entity: 'audit', details: { ok: result.ok, dossiers: result.dossiers.checked, ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}) } });
    // count / brokenAtSeq at the top: the audit chain's, as before (the web audit page reads them)
    return { count: result.audit.count, ...(result.audit.brokenAtSeq !== undefined ? { brokenAtSeq: result.audit.brokenAtSeq } : {}), ...result };
  }
}
