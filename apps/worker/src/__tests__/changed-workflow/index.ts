/**
 * A deliberately incompatible change of the recorded workflow types (a timer before they start
 * their work), used to prove the replay gate fails on non-determinism.
 */
import { sleep } from '@temporalio/workflow';
import type { MigrateBatchInput, MigrationBatchProgress, RunProcessInput, RunProcessResult } from '@tthc/contracts';
import { migrateBatch as currentBatch } from '../../workflows/migrate-batch.workflow';
import { runProcess as current } from '../../workflows/run-process.workflow';

export async function runProcess(input: RunProcessInput): Promise<RunProcessResult> {
  await sleep(1);
  return current(input);
}

export async function migrateBatch(input: MigrateBatchInput): Promise<MigrationBatchProgress> {
  await sleep(1);
  return currentBatch(input);
}
