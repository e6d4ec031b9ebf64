import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type FormSchema } from '@tthc/contracts';
import { getDefinition, inTransaction, isUniqueViolation, saveDefinitionIn, saveForm, sha256Hex } from '@tthc/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/errors/api-error';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { formsOfProcess } from '../forms/deployment-forms';
import { bpmnLib, type BpmnLib, type CompileIssue } from './bpmn-port';

export interface DeployedProcess {
  key: string;
  version: number;
  id: string;
  /** false when an identical version was already deployed (nothing stored) */
  created: boolean;
}

/** Who deploys: a user, or the system (the processes directory at start, admin rights). */
export type Deployer = Pick<AuthUser, 'username' | 'roles' | 'agency'>;
export const SYSTEM_DEPLOYER: Deployer = { username: 'system', roles: ['admin'], agency: null };

export interface DeployResult {
  processes: DeployedProcess[];
  warnings: CompileIssue[];
}

/**
 * Deploy = compile (refuses unsupported/invalid BPMN) → TTHC lint (errors refuse the
 * deploy) → agency rules → store a new version of each process whose graph changed, and
 * the audit entry, in one transaction.
 *
 * Agency rules (issue #9): a TTHC process (`tthc:procedureCode`) must declare `tthc:agency`
 * (422); an analyst deploys only processes of their own agency (403 AGENCY_MISMATCH); a
 * process without `tthc:agency` deployed by an analyst is stamped with the analyst's agency
 * (only an admin may deploy a process shared by every agency); an existing key never moves
 * to another agency (409 PROCESS_AGENCY_CHANGED, admins included). Admins deploy for any agency.
 */
@Injectable()
export class DeployBpmnUseCase {
  private lib: BpmnLib = bpmnLib;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * `within` runs inside the deployment's transaction with what was stored (the designer's
   * publish records its version there: both commit together or not at all).
   * `forms`: form-js schemas deployed with the BPMN (checked by `parseFormSchemas`); each
   * process keeps those its tasks name (`tthc:formKey`), pinned by hash in its graph.
   */
  async execute(
    xml: string,
    deployer: Deployer,
    source?: string,
    within?: (m: EntityManager, processes: DeployedProcess[]) => Promise<void>,
    forms: FormSchema[] = [],
  ): Promise<DeployResult> {
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
    // the columns holding them are varchar(255): refuse here, not with a database error later
    const tooLong = compiled.processes.flatMap((p) => [
      ...(p.key.length > MAX_KEY ? [{ elementId: p.key.slice(0, 64) + '…', rule: 'process-id-too-long', message: `the process id has ${p.key.length} characters (at most ${MAX_KEY})` }] : []),
      ...((p.name ?? '').length > MAX_KEY ? [{ elementId: p.key.slice(0, 64), rule: 'process-name-too-long', message: `the process name has ${(p.name ?? '').length} characters (at most ${MAX_KEY})` }] : []),
    ]);
    if (tooLong.length) throw new ApiError(ErrorCode.BPMN_INVALID, tooLong[0].message, tooLong);
    const planned = compiled.processes.map((p) => {
      const { used, warnings } = formsOfProcess(p.graph, forms);
      compiled.warnings.push(...warnings);
      return { ...p, forms: used, graph: this.withAgency(p.key, p.graph, deployer) };
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const processes = await inTransaction(this.ds, async (m) => {
          const out: DeployedProcess[] = [];
          for (const p of planned) {
            const latest = await getDefinition(m, p.key);
            const before = latest?.graph.tthc?.agency ?? null;
            const after = p.graph.tthc?.agency ?? null;
            if (latest && before && !isAdmin(deployer) && before !== deployer.agency) {
              throw new ApiError(ErrorCode.AGENCY_MISMATCH, `process ${p.key} belongs to agency ${before}; you deploy for ${deployer.agency ?? 'no agency'}`, { processKey: p.key, agency: before });
            }
            if (latest && before !== after) {
              throw new ApiError(ErrorCode.PROCESS_AGENCY_CHANGED, `process ${p.key} belongs to ${before ?? 'every agency'}; a new version cannot move it to ${after ?? 'every agency'} (deploy it under another key)`, { processKey: p.key, from: before, to: after });
            }
            // the forms' hashes become part of the graph, so its hash (the version's identity) pins them
            const formHashes = p.forms.length ? await saveFormsIn(m, p.forms, deployer.username) : undefined;
            const graph = formHashes ? { ...p.graph, forms: formHashes } : p.graph;
            const saved = await saveDefinitionIn(m, { key: p.key, name: p.name ?? null, xml, graph, deployedBy: deployer.username });
            out.push({ key: saved.key, version: saved.version, id: saved.id, created: saved.created });
          }
          await this.audit.recordIn(m, {
            actor: deployer.username,
            action: 'deployment.create',
            entity: 'deployment',
            entityId: sha256Hex(xml),
            details: { source: source ?? 'api', processes: out, agencies: [...new Set(planned.map((p) => p.graph.tthc?.agency ?? null))], ...(isAdmin(deployer) ? { asAdmin: true } : {}) },
          });
          await within?.(m, out);
          return out;
        });
        return { processes, warnings: compiled.warnings };
      } catch (err) {
        // a concurrent deployment of the same key took the version number: try again
        if (attempt >= 5 || !isUniqueViolation(err)) throw err;
      }
    }
  }

  /** The agency a process is deployed for, checked against the deployer (see the class comment). */
  private withAgency<G extends { tthc?: { procedureCode?: string; agency?: string } }>(key: string, graph: G, deployer: Deployer): G {
    const agency = graph.tthc?.agency;
    if (graph.tthc?.procedureCode && !agency) {
      throw new ApiError(ErrorCode.BPMN_INVALID, `process ${key} is a TTHC procedure (tthc:procedureCode) but declares no tthc:agency`, [
        { elementId: key, rule: 'tthc-agency-required', message: 'a TTHC procedure must declare the agency that handles it (tthc:agency)' },
      ]);
    }
    if (isAdmin(deployer)) return graph;
    if (!deployer.agency) throw new ApiError(ErrorCode.AGENCY_MISMATCH, 'you belong to no agency: only an admin may deploy this process', { processKey: key });
    if (agency && agency !== deployer.agency) {
      throw new ApiError(ErrorCode.AGENCY_MISMATCH, `process ${key} is for agency ${agency}; you deploy for ${deployer.agency}`, { processKey: key, agency });
    }
    return agency ? graph : { ...graph, tthc: { ...graph.tthc, agency: deployer.agency } };
  }
}

const MAX_KEY = 255;

/** the deployment's forms into the content-addressed `forms` table (the designer's too); form key → sha-256 */
async function saveFormsIn(m: EntityManager, forms: FormSchema[], by: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const form of forms) out[form.id] = (await saveForm(m, form, by)).hash;
  return out;
}

function isAdmin(d: Deployer): boolean {
  return hasRole(d as AuthUser, 'admin');
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
