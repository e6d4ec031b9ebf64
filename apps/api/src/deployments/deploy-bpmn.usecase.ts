import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { saveDefinition, sha256Hex } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { bpmnLib, type BpmnLib, type CompileIssue } from './bpmn-port';

export interface DeployedProcess {
  key: string;
  version: number;
  id: string;
  /** false when an identical version was already deployed (nothing stored) */
  created: boolean;
}

export interface DeployResult {
  processes: DeployedProcess[];
  warnings: CompileIssue[];
}

/**
 * Deploy = compile (refuses unsupported/invalid BPMN) → TTHC lint (errors refuse the
 * deploy) → store a new version of each process whose graph changed.
 */
@Injectable()
export class DeployBpmnUseCase {
  private lib: BpmnLib = bpmnLib;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async execute(xml: string, actor: string, source?: string): Promise<DeployResult> {
    if (!xml.trim()) throw ApiError.badRequest('the BPMN XML body is empty');
    const compile = this.lib.compileBpmn;
    if (!compile) throw new ApiError(ErrorCode.ENGINE_UNAVAILABLE, 'the BPMN compiler is not available');
    let compiled: Awaited<ReturnType<typeof compile>>;
    try {
      compiled = await compile(xml);
    } catch (err) {
      throw toBpmnInvalid(err);
    }
    if (this.lib.lintBpmn) {
      let issues: Awaited<ReturnType<NonNullable<BpmnLib['lintBpmn']>>>;
      try {
        issues = await this.lib.lintBpmn(xml);
      } catch (err) {
        throw toBpmnInvalid(err);
      }
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        throw new ApiError(
          ErrorCode.BPMN_INVALID,
          `the process breaks ${errors.length} TTHC rule(s): ${errors[0].message}`,
          errors.map(({ elementId, rule, message }) => ({ elementId, rule, message })),
        );
      }
      compiled.warnings.push(...issues.filter((i) => i.severity !== 'error').map(({ elementId, rule, message }) => ({ elementId, rule, message })));
    }
    const processes: DeployedProcess[] = [];
    for (const p of compiled.processes) {
      const saved = await saveDefinition(this.ds, { key: p.key, name: p.name ?? null, xml, graph: p.graph, deployedBy: actor });
      processes.push({ key: saved.key, version: saved.version, id: saved.id, created: saved.created });
    }
    await this.audit.record({
      actor,
      action: 'deployment.create',
      entity: 'deployment',
      entityId: sha256Hex(xml),
      details: { source: source ?? 'api', processes },
    });
    return { processes, warnings: compiled.warnings };
  }
}

/** Compiler/lint failures → 422 with the reasons; the typed BpmnCompileError carries them. */
function toBpmnInvalid(err: unknown): ApiError {
  const e = err as { code?: string; details?: CompileIssue[]; message?: string };
  if (e?.code === 'BPMN_INVALID' && Array.isArray(e.details)) {
    return new ApiError(ErrorCode.BPMN_INVALID, e.message ?? 'invalid BPMN', e.details);
  }
  if (err instanceof ApiError) return err;
  const message = (e?.message ?? 'invalid BPMN').split('\n')[0];
  return new ApiError(ErrorCode.BPMN_INVALID, message, [{ rule: 'xml-malformed', message }]);
}
