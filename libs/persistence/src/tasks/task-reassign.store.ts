import type { EntityManager } from 'typeorm';
import { TaskEntity } from './task.entity';

/**
 * An OPEN task is given to `to` (a unit lead's reassignment), inside the caller's transaction
 * so the audit entry commits with it. 'conflict' when the task is no longer OPEN.
 */
export async function reassignTaskIn(m: EntityManager, id: string, to: string, at = new Date()): Promise<'ok' | 'conflict'> {
  const res = await m
    .createQueryBuilder()
    .update(TaskEntity)
    .set({ assignee: to, claimedAt: at })
    .where('id = :id', { id })
    .andWhere("state = 'OPEN'")
    .execute();
  return (res.affected ?? 0) > 0 ? 'ok' : 'conflict';
}
