/**
 * A deliberately incompatible change of runProcess (a timer before the interpreter
 * starts), used to prove the replay gate fails on non-determinism.
 */
import { sleep } from '@temporalio/workflow';
import type { RunProcessInput, RunProcessResult } from '@tthc/contracts';
import { runProcess as current } from '../../workflows/run-process.workflow';

export async function runProcess(input: RunProcessInput): Promise<RunProcessResult> {
  await sleep(1);
  return current(input);
}
