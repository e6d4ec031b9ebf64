/**
 * Commands that change only where things are drawn (the diagram interchange: bounds and
 * waypoints), never what the TTHC rules read (libs/bpmn lint: flow graph, steps, attributes,
 * timers). bpmn-js follows every move with lane.updateRefs and group.updateRefs (which lane or
 * group the moved shape now lies in): no TTHC rule reads lanes or groups, so these count too —
 * a rule that starts reading positions, lanes or groups must take them out (docs/lint.md).
 * A composite (elements.move, spaceTool, align, distribute) counts when every command it runs
 * does; anything not listed here (create, delete, reconnect, property updates, attachments…)
 * is a model change.
 */
const LAYOUT_COMMANDS = new Set([
  'elements.move',
  'shape.move',
  'connection.move',
  'connection.layout',
  'connection.updateWaypoints',
  'shape.resize',
  'spaceTool',
  'elements.align',
  'elements.distribute',
  'lane.updateRefs',
  'group.updateRefs',
]);

interface Element {
  parent?: unknown;
}
interface CommandContext {
  shape?: Element;
  connection?: Element;
  newParent?: unknown;
  oldParent?: unknown;
}

/**
 * Whether one command, about to be executed (`'execute'`) or undone (`'revert'`), leaves
 * the process model as it is. A move into another container (sub-process, participant)
 * changes the element's semantic parent, so it is a model change.
 */
export function isLayoutOnly(command: string, context: CommandContext | undefined, phase: 'execute' | 'revert'): boolean {
  if (!LAYOUT_COMMANDS.has(command)) return false;
  if (command !== 'shape.move' && command !== 'connection.move') return true;
  const element = context?.shape ?? context?.connection;
  // before execute the element is still in its old parent; before revert it is in the new one
  const target = phase === 'execute' ? context?.newParent : context?.oldParent;
  return !target || target === element?.parent;
}
