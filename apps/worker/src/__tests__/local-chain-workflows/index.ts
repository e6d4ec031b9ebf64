/**
 * Workflows of local-chain.spec.ts: two local activities whose results order the commands that follow,
 * with and without the runtime's LocalChain (the same class runProcess uses). The first local activity
 * asked for is slow and its reaction is shallow (an activity at once); the second is fast and its
 * reaction deep (a few awaits, then a timer) — the shape of a task's due date next to a working-time
 * timer's instant.
 */
import { proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import { LocalChain } from '../../workflows/local-chain';

export { runProcess } from '../../workflows';

export interface ChainTestActivities {
  settleAfter(ms: number): Promise<number>;
  touch(label: string): Promise<void>;
}

const locals = proxyLocalActivities<ChainTestActivities>({ startToCloseTimeout: '30 seconds' });
const activities = proxyActivities<ChainTestActivities>({ startToCloseTimeout: '30 seconds' });

async function throughLayers<T>(p: Promise<T>): Promise<T> {
  const value = await p;
  await Promise.resolve();
  await Promise.resolve();
  return value;
}

export async function overlappingLocals(chained: boolean, slowMs: number): Promise<string[]> {
  const chain = new LocalChain(chained);
  const order: string[] = [];
  const slow = chain.run(() => locals.settleAfter(slowMs)).then(async () => {
    order.push('activity');
    await activities.touch('after-slow');
  });
  const fast = (async () => {
    await throughLayers(chain.run(() => locals.settleAfter(0)));
    order.push('timer');
    await sleep(10);
  })();
  await Promise.all([slow, fast]);
  return order;
}
