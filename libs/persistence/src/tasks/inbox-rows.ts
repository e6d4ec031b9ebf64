import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { queryPrepared } from '../common/prepared-query.util';
import { DossierEntity } from '../dossiers/dossier.entity';
import { ProcedureEntity } from '../procedures/procedure.entity';
import { TaskEntity } from './task.entity';

/** the dossier columns an inbox row shows (TaskDossierSummary), and the procedure's name */
const DOSSIER_PROPS = ['id', 'code', 'procedureCode', 'applicantName', 'status', 'dueAt'] as const;

interface Plan {
  select: string;
  task: Array<[alias: string, col: ColumnMetadata]>;
  dossier: Array<[alias: string, col: ColumnMetadata]>;
  procedureName: string;
}
const plans = new WeakMap<DataSource, Plan>();

function planFor(ds: DataSource): Plan {
  let plan = plans.get(ds);
  if (plan) return plan;
  const q = (name: string) => ds.driver.escape(name);
  const task = ds.getMetadata(TaskEntity).columns.map((c) => [`t_${c.databaseName}`, c] as [string, ColumnMetadata]);
  const dm = ds.getMetadata(DossierEntity);
  const dossier = DOSSIER_PROPS.map((p) => [`d_${dm.findColumnWithPropertyName(p)!.databaseName}`, dm.findColumnWithPropertyName(p)!] as [string, ColumnMetadata]);
  const procedureName = ds.getMetadata(ProcedureEntity).findColumnWithPropertyName('name')!.databaseName;
  plan = {
    select: [
      ...task.map(([a, c]) => `t.${q(c.databaseName)} AS ${q(a)}`),
      ...dossier.map(([a, c]) => `d.${q(c.databaseName)} AS ${q(a)}`),
      `p.${q(procedureName)} AS ${q('p_name')}`,
    ].join(', '),
    task,
    dossier,
    procedureName,
  };
  plans.set(ds, plan);
  return plan;
}

/**
 * Column aliases follow TypeORM's own (`t_<column>`, `d_<column>`, `p_name`), so a statement
 * captured from the logger reads the same as before (the W6 baseline binds its cursor from them).
 *
 * The rows of one inbox page, by id, oldest first, each with the summary of its dossier and
 * its procedure's name — ONE raw statement (`ids` is a sub-select with named parameters; a
 * prepared statement on PostgreSQL, queryPrepared) and
 * hand-mapped rows: only the columns an inbox row shows are read from `dossiers` and
 * `procedures`, and no entity graph is built (W6: the ORM's join hydration was the biggest
 * cost of the inbox request). Values are converted by the driver exactly as the ORM would
 * (dates, simple-json, booleans), so the rows equal what `getMany` returned for those fields.
 */
export async function loadInboxRows(ds: DataSource, ids: string, params: Record<string, unknown>): Promise<TaskEntity[]> {
  const plan = planFor(ds);
  const sql = `SELECT ${plan.select} FROM tasks t
    LEFT JOIN dossiers d ON d.instance_id = t.instance_id
    LEFT JOIN procedures p ON p.code = d.procedure_code
    WHERE t.id IN (${ids})
    ORDER BY t.created_at ASC, t.id ASC`;
  const [query, values] = ds.driver.escapeQueryWithParameters(sql, params, {});
  const raw = await queryPrepared(ds, query, values);
  const hydrate = (c: ColumnMetadata, v: unknown) => (v === null || v === undefined ? null : ds.driver.prepareHydratedValue(v, c));
  return raw.map((r) => {
    const t = new TaskEntity();
    for (const [a, c] of plan.task) (t as unknown as Record<string, unknown>)[c.propertyName] = hydrate(c, r[a]);
    if (r.d_id === null || r.d_id === undefined) {
      t.dossier = null;
      t.procedure = null;
    } else {
      const d: Record<string, unknown> = {};
      for (const [a, c] of plan.dossier) d[c.propertyName] = hydrate(c, r[a]);
      t.dossier = d as unknown as DossierEntity;
      t.procedure = r.p_name === null || r.p_name === undefined ? null : ({ name: r.p_name } as ProcedureEntity);
    }
    return t;
  });
}
