import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditKeysFor, getDossier, getInstance, listAudit, verifyAllChains } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DossierAccess } from '../dossiers/dossier-access';
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
    private readonly access: DossierAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries in chain order; page with `after` = last seq' })
  async list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    const q = parseInput(ListQuery, query);
    await this.checkListScope(q.entity, q.entityId, user);
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
    // an agency's auditor learns nothing about another agency's dossiers, broken or not
    if (!readsEveryAgency(user)) await this.narrowToAgency(result, user.agency);
    // the verification is itself an audit view (logged after it ran: it is not part of what it checked)
    await this.audit.record({ actor: user.username, action: 'audit.verify', entity: 'audit', details: { ok: result.ok, dossiers: result.dossiers.checked, ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}) } });
    // count / brokenAtSeq at the top: the audit chain's, as before (the web audit page reads them)
    return { count: result.audit.count, ...(result.audit.brokenAtSeq !== undefined ? { brokenAtSeq: result.audit.brokenAtSeq } : {}), ...result };
  }

  /**
   * An agency's auditor (auditScope agency) reads the entries of one dossier or process instance
   * of its agency at a time (the log has no agency column); another agency's is not found.
   */
  private async checkListScope(entity: string | undefined, entityId: string | undefined, user: AuthUser): Promise<void> {
    if (readsEveryAgency(user)) return;
    if (!entityId || (entity !== 'dossier' && entity !== 'process-instance')) {
      throw ApiError.forbidden('an agency auditor reads the audit entries of one dossier or process instance of its agency (entity=dossier|process-instance&entityId=…)');
    }
    if (entity === 'dossier') {
      await this.access.load(entityId, user, 'read');
      return;
    }
    const inst = /^[0-9a-f-]{36}$/i.test(entityId) ? await getInstance(this.ds, entityId) : null;
    if (!inst || inst.agency !== user.agency) throw ApiError.notFound(`process instance ${entityId}`);
  }

  private async narrowToAgency(result: Awaited<ReturnType<typeof verifyAllChains>>, agency: string | null): Promise<void> {
    const mine = async (dossierId: string) => (await getDossier(this.ds, dossierId))?.agency === agency;
    const broken: typeof result.dossiers.broken = [];
    for (const b of result.dossiers.broken) if (await mine(b.dossierId)) broken.push(b);
    result.dossiers.broken = broken;
    if (result.firstBroken?.chain === 'dossier' && !(await mine(result.firstBroken.dossierId))) {
      delete result.firstBroken;
      const b = broken[0];
      if (b) result.firstBroken = { chain: 'dossier', dossierId: b.dossierId, code: b.code, seq: b.brokenAtSeq, reason: b.reason ?? 'hash' };
    }
  }
}
