/**
 * Transaction subprocess cancelled by a cancel end event (BPMN 2.0.2 §10.3.5 "Transaction",
 * cancel events §10.5.x, execution §13.5): the work still running inside the transaction is
 * terminated, the compensation handlers of the activities it completed run (newest first, as a
 * compensation throw event would run them), and when they are done the transaction is left by
 * its cancel boundary event (interrupting). A hazard (an error caught by an error boundary
 * event of the transaction) is an ordinary error: no compensation.
 */
import { compensateScope } from './compensation';
import { terminate } from './flow';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { closeSubs } from './subscriptions';
import { triggerBoundary } from './triggers';

/** the cancel end event `end` was reached */
export function cancelTransaction(rt: Runtime, end: Inst): void {
  let tx = rt.inst(end.parentId);
  while (tx && !(tx.type === 'subProcess' && rt.node(tx.elementId).transaction)) tx = rt.inst(tx.parentId);
  rt.drop(end, 'COMPLETED');
  if (!tx) return;
  tx.cancelling = true;
  closeSubs(rt, tx.id, 'eventSub');
  for (const c of rt.children(tx.id)) terminate(rt, c);
  const waiting = compensateScope(rt, tx, tx.id);
  if (waiting === 0) transactionCompensated(rt, tx);
}

/** every compensation handler of the cancelled transaction is done: leave by the cancel boundary event */
export function transactionCompensated(rt: Runtime, tx: Inst): void {
  if (!rt.inst(tx.id)) return;
  const node = rt.node(tx.elementId);
  const boundary = (node.boundaryEvents ?? []).map((b) => rt.node(b)).find((b) => b.eventDefinition?.kind === 'cancel');
  if (boundary) return triggerBoundary(rt, tx, boundary, {});
  terminate(rt, tx); // the compiler requires a cancel boundary event; never left hanging
}
