import { isLayoutOnly } from '../layout-only';

describe('which designer commands can change the TTHC lint findings', () => {
  const process = { id: 'Process' };
  const sub = { id: 'SubProcess' };
  const task = { id: 'Task', parent: process };

  it('moving, resizing and re-routing within the same container leave what the rules read as it is', () => {
    // lane.updateRefs and group.updateRefs follow every move in bpmn-js; no TTHC rule reads lanes or groups
    for (const command of ['elements.move', 'connection.layout', 'connection.updateWaypoints', 'shape.resize', 'spaceTool', 'elements.align', 'elements.distribute', 'lane.updateRefs', 'group.updateRefs']) {
      expect(isLayoutOnly(command, {}, 'execute')).toBe(true);
    }
    expect(isLayoutOnly('shape.move', { shape: task }, 'execute')).toBe(true);
    expect(isLayoutOnly('shape.move', { shape: task, newParent: process }, 'execute')).toBe(true);
    expect(isLayoutOnly('connection.move', { connection: task, newParent: process }, 'execute')).toBe(true);
  });

  it('a move into another container changes the model, and so does undoing it', () => {
    expect(isLayoutOnly('shape.move', { shape: task, newParent: sub }, 'execute')).toBe(false);
    // before the undo the task is in the sub-process; it goes back to the process
    const moved = { id: 'Task', parent: sub };
    expect(isLayoutOnly('shape.move', { shape: moved, newParent: sub, oldParent: process }, 'revert')).toBe(false);
    expect(isLayoutOnly('connection.move', { connection: task, newParent: sub }, 'execute')).toBe(false);
  });

  it('creating, deleting, reconnecting and editing properties change the model', () => {
    for (const command of ['shape.create', 'shape.delete', 'connection.create', 'connection.reconnect', 'element.updateProperties', 'element.updateLabel', 'element.updateAttachment', 'lane.add']) {
      expect(isLayoutOnly(command, {}, 'execute')).toBe(false);
    }
  });
});
