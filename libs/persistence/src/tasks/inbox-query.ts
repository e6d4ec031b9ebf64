import { Brackets, In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { decodeCursor, toPage, type KeysetPosition, type Page } from '../common/keyset-cursor.util';
import { loadInboxRows } from './inbox-rows';
import { ANYONE_GROUP, TaskCandidateEntity } from './task-candidate.entity';
import { TASK_STATES, TaskEntity, type TaskState } from './task.entity';

/** Who is looking: restricts rows to the viewer's agency and groups. */
export interface TaskViewer {
  username: string;
  agency: string | null;
  /** unit codes, roles and extra groups of the viewer */
  groups: string[];
}

export interface TaskQuery {
  /** absent: no visibility restriction (admin, auditor) */
  viewer?: TaskViewer;
  /** me: assigned to `me`; group: offered to one of `groups`; unassigned: nobody claimed it */
  assigned?: 'me' | 'group' | 'unassigned';
  me?: string;
  groups?: string[];
  states?: TaskState[];
  dueBefore?: Date;
  instanceId?: string;
  processKey?: string;
  /** dossier filters (tasks of dossiers only): national procedure code, dossier code (prefix), applicant (ID number, or a part of the name) */
  procedureCode?: string;
  dossierCode?: string;
  applicant?: string;
  /** national dossier statuses (tasks of dossiers only) */
  dossierStatuses?: number[];
  /** due range of the task: `dueFrom` ≤ due_at < `dueTo` */
  dueFrom?: Date;
  dueTo?: Date;
  cursor?: string;
  limit: number;
}

/**
 * Visibility rule: a task of the viewer's agency (or of no agency) that is assigned to the
 * viewer, or offered (task_candidates) to one of the viewer's groups or to anyone (`*`).
 */
function visibleGroups(groups: string[]): string[] {
  return [...new Set([...groups, ANYONE_GROUP])];
}

/** Inbox list, oldest first, keyset-paged on (created_at, id); each row carries its dossier (if any). */
export async function listTasks(ds: DataSource, q: TaskQuery): Promise<Page<TaskEntity>> {
  const pos = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (isOpenInboxOfViewer(q)) return listOpenInbox(ds, q, pos);
  // the page of ids by the general query (any filter), then its rows as the open inbox reads them:
  // one statement, no entity graph (W6: hydrating task + whole dossier + procedure was the cost)
  const qb = filteredTasks(ds, q).select('t.id');
  if (pos) qb.andWhere('(t.created_at > :cAt OR (t.created_at = :cAt AND t.id > :cId))', { cAt: pos.at, cId: pos.id });
  qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(q.limit + 1);
  const rows = await loadInboxRows(ds, qb.getQuery(), qb.getParameters());
  return toPage(rows, q.limit, (t) => ({ at: t.createdAt, id: t.id }));
}

/**
 * How many tasks match, counted up to `cap` (the inbox shows "999+" beyond): the count reads
 * at most `cap` rows of the same query, however many tasks are open.
 */
export async function countTasks(ds: DataSource, q: Omit<TaskQuery, 'cursor' | 'limit'>, cap: number): Promise<number> {
  const query = { ...q, limit: cap };
  if (isOpenInboxOfViewer(query)) {
    // the open inbox's branches, each reading at most `cap` entries (the general query's plan
    // gathers the viewer's whole visible set first: seconds at 1,000,000 tasks)
    const params: Record<string, unknown> = {};
    const ids = openInboxIds(query, undefined, params);
    if (!ids) return 0;
    const [sql, values] = ds.driver.escapeQueryWithParameters(`SELECT COUNT(*) AS n FROM (${ids}) capped`, params, {});
    const rows: Array<{ n: number | string }> = await ds.query(sql, values);
    return Number(rows[0]?.n ?? 0);
  }
  const inner = filteredTasks(ds, query).select('t.id', 'id').limit(cap);
  const [sql, params] = inner.getQueryAndParameters();
  const rows: Array<{ n: number | string }> = await ds.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params);
  return Number(rows[0]?.n ?? 0);
}

/** The generic query (any filter): over (state, created_at, id), visibility by EXISTS on task_candidates. */
function filteredTasks(ds: DataSource, q: TaskQuery): SelectQueryBuilder<TaskEntity> {
  const qb = ds.getRepository(TaskEntity).createQueryBuilder('t');
  if (q.states?.length && q.states.every((s) => TASK_STATES.includes(s))) {
    // literals (from the fixed list) let PostgreSQL match the partial indexes on state = 'OPEN' / 'COMPLETING'
    qb.andWhere(`(${q.states.map((s) => `t.state = '${s}'`).join(' OR ')})`);
  } else if (q.states?.length) qb.andWhere('t.state IN (:...states)', { states: q.states });
  if (q.instanceId) qb.andWhere('t.instance_id = :instanceId', { instanceId: q.instanceId });
  if (q.processKey) qb.andWhere('t.process_key = :processKey', { processKey: q.processKey });
  if (q.dueBefore) qb.andWhere('t.due_at < :dueBefore', { dueBefore: q.dueBefore });
  if (q.dueFrom) qb.andWhere('t.due_at >= :dueFrom', { dueFrom: q.dueFrom });
  if (q.dueTo) qb.andWhere('t.due_at < :dueTo', { dueTo: q.dueTo });
  if (q.procedureCode || q.dossierCode || q.applicant || q.dossierStatuses?.length) {
    // selective filters: the dossier is looked up through its unique instance_id
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.procedureCode) {
      where.push('fd.procedure_code = :fProcedure');
      params.fProcedure = q.procedureCode;
    }
    if (q.dossierCode) {
      where.push("fd.code LIKE :fCode ESCAPE '\\'");
      params.fCode = `${likeEscape(q.dossierCode)}%`;
    }
    if (q.applicant) {
      where.push("(fd.applicant_id_number = :fApplicant OR fd.applicant_name LIKE :fApplicantName ESCAPE '\\')");
      params.fApplicant = q.applicant;
      params.fApplicantName = `%${likeEscape(q.applicant)}%`;
    }
    if (q.dossierStatuses?.length) {
      where.push('fd.status IN (:...fStatuses)');
      params.fStatuses = q.dossierStatuses;
    }
    qb.andWhere(`EXISTS (SELECT 1 FROM dossiers fd WHERE fd.instance_id = t.instance_id AND ${where.join(' AND ')})`, params);
  }
  if (q.viewer) restrictToViewer(qb, q.viewer);
  if (q.assigned === 'me') qb.andWhere('t.assignee = :me', { me: q.me ?? q.viewer?.username ?? '' });
  if (q.assigned === 'unassigned') qb.andWhere('t.assignee IS NULL');
  if (q.assigned === 'group') {
    const groups = q.groups ?? q.viewer?.groups ?? [];
    if (groups.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere(...candidateIn('ag', groups));
  }
  return qb;
}

/** `%` and `_` typed by the user match themselves */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function candidateIn(alias: string, groups: string[]): [string, Record<string, unknown>] {
  return [
    `EXISTS (SELECT 1 FROM task_candidates ${alias} WHERE ${alias}.task_id = t.id AND ${alias}.group_name IN (:...${alias}Groups))`,
    { [`${alias}Groups`]: groups },
  ];
}

export function restrictToViewer(qb: SelectQueryBuilder<TaskEntity>, viewer: TaskViewer): void {
  if (viewer.agency) qb.andWhere('(t.agency_code = :vAgency OR t.agency_code IS NULL)', { vAgency: viewer.agency });
  else qb.andWhere('t.agency_code IS NULL');
  qb.andWhere(
    new Brackets((w) => {
      w.where('t.assignee = :vUser', { vUser: viewer.username });
      w.orWhere(...candidateIn('vg', visibleGroups(viewer.groups)));
    }),
  );
}

/** Same rule as the list, for one loaded task (permission checks). */
export async function isTaskVisibleTo(ds: DataSource, task: TaskEntity, viewer: TaskViewer): Promise<boolean> {
  if (task.agency && task.agency !== viewer.agency) return false;
  if (task.assignee === viewer.username) return true;
  return ds.getRepository(TaskCandidateEntity).existsBy({ taskId: task.id, groupName: In(visibleGroups(viewer.groups)) });
}

/**
 * The hot path: an officer's open inbox — OPEN and COMPLETING tasks (a completion in flight
 * keeps its inbox entry, shown as "completing…"), all visible or by group, optionally narrowed
 * by the inbox filters that keep most rows (due range, the soon/overdue views, dossier status):
 * those are checked row by row along the ordered index scan. Look-ups by a selective key
 * (instance, process, procedure, dossier code, applicant) keep the general query.
 */
function isOpenInboxOfViewer(q: TaskQuery): q is TaskQuery & { viewer: TaskViewer } {
  return (
    !!q.viewer &&
    q.states?.length === 2 &&
    q.states.includes('OPEN') &&
    q.states.includes('COMPLETING') &&
    (q.assigned === undefined || q.assigned === 'group') &&
    !q.instanceId &&
    !q.processKey &&
    !q.procedureCode &&
    !q.dossierCode &&
    !q.applicant &&
    !q.groups
  );
}

/**
 * One ordered, LIMITed index range scan per (group × agency) on the inbox index
 * (ix_task_candidates_inbox), plus the viewer's assigned tasks (ix_tasks_open_assignee),
 * merged with UNION (a task offered to two groups counts once) and cut to the page. Each
 * branch reads at most `limit + 1` index entries, whatever the total number of open tasks —
 * with a filter, the entries it passes over until `limit + 1` rows match (W6: the general query
 * built the viewer's whole visible set first, seconds at 1,000,000 tasks).
 */
async function listOpenInbox(ds: DataSource, q: TaskQuery & { viewer: TaskViewer }, pos?: KeysetPosition): Promise<Page<TaskEntity>> {
  const params: Record<string, unknown> = {};
  const page = openInboxIds({ ...q, limit: q.limit + 1 }, pos, params);
  if (!page) return { items: [] };
  // one statement: the page of ids from the index branches, then the task rows by primary key
  const ordered = await loadInboxRows(ds, page, params);
  return toPage(ordered, q.limit, (t) => ({ at: t.createdAt, id: t.id }));
}

/** The statement selecting the first `q.limit` ids of the branches (after `pos`), oldest first; null without branches. Fills `params`. */
function openInboxIds(q: TaskQuery & { viewer: TaskViewer }, pos: KeysetPosition | undefined, params: Record<string, unknown>): string | null {
  Object.assign(params, { n: q.limit, me: q.viewer.username, cAt: pos?.at, cId: pos?.id });
  const agencies = q.viewer.agency ? [q.viewer.agency, ''] : [''];
  const groups = q.assigned === 'group' ? q.viewer.groups : visibleGroups(q.viewer.groups);
  const after = (at: string, id: string) => (pos ? ` AND (${at} > :cAt OR (${at} = :cAt AND ${id} > :cId))` : '');
  const filter = rowFilter(q, params);
  const branches: string[] = [];
  groups.forEach((g, i) =>
    agencies.forEach((a, j) => {
      params[`g${i}`] = g;
      params[`a${j}`] = a;
      branches.push(
        `SELECT * FROM (SELECT c.task_id AS id, c.created_at AS created_at FROM task_candidates c${filter('ft') ? ' JOIN tasks ft ON ft.id = c.task_id' : ''}
          WHERE c.is_open = 1 AND c.group_name = :g${i} AND c.agency_code = :a${j}${after('c.created_at', 'c.task_id')}${filter('ft')}
          ORDER BY c.created_at, c.task_id LIMIT :n) b${i}_${j}`,
      );
    }),
  );
  if (q.assigned === undefined) {
    const agencyFilter = q.viewer.agency ? '(mt.agency_code = :va OR mt.agency_code IS NULL)' : 'mt.agency_code IS NULL';
    params.va = q.viewer.agency;
    branches.push(
      `SELECT * FROM (SELECT mt.id AS id, mt.created_at AS created_at FROM tasks mt
        WHERE mt.state = 'OPEN' AND mt.assignee = :me AND ${agencyFilter}${after('mt.created_at', 'mt.id')}${filter('mt')}
        ORDER BY mt.created_at, mt.id LIMIT :n) mine`,
      // my tasks whose completion is in flight (few rows: the partial index on COMPLETING)
      `SELECT * FROM (SELECT ct.id AS id, ct.created_at AS created_at FROM tasks ct
        WHERE ct.state = 'COMPLETING' AND ct.assignee = :me AND ${agencyFilter.replace(/mt\./g, 'ct.')}${after('ct.created_at', 'ct.id')}${filter('ct')}
        ORDER BY ct.created_at, ct.id LIMIT :n) mine_completing`,
    );
  }
  if (branches.length === 0) return null;
  return `SELECT inbox.id FROM (${branches.join(' UNION ')}) inbox ORDER BY inbox.created_at, inbox.id LIMIT :n`;
}

/**
 * The inbox filters checked per row inside each branch, on the task (alias `t`): due range,
 * due before (soon / overdue), dossier status (EXISTS on the dossier by its unique instance_id).
 * Gives the `AND …` conditions for an alias ('' without filters: the group branches then read
 * the index alone, without joining the task); the parameters are added to `params`.
 */
function rowFilter(q: TaskQuery, params: Record<string, unknown>): (t: string) => string {
  const parts: Array<(t: string) => string> = [];
  if (q.dueBefore) {
    params.fDueBefore = q.dueBefore;
    parts.push((t) => `${t}.due_at < :fDueBefore`);
  }
  if (q.dueFrom) {
    params.fDueFrom = q.dueFrom;
    parts.push((t) => `${t}.due_at >= :fDueFrom`);
  }
  if (q.dueTo) {
    params.fDueTo = q.dueTo;
    parts.push((t) => `${t}.due_at < :fDueTo`);
  }
  if (q.dossierStatuses?.length) {
    params.fStatuses = q.dossierStatuses;
    parts.push((t) => `EXISTS (SELECT 1 FROM dossiers fd_${t} WHERE fd_${t}.instance_id = ${t}.instance_id AND fd_${t}.status IN (:...fStatuses))`);
  }
  return (t) => parts.map((p) => ` AND ${p(t)}`).join('');
}
