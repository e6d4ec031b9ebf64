import type { LintConfig, LinterResolver } from 'bpmnlint';
import { isLayoutOnly } from './layout-only';
import { lintRuleByRule } from './sliced-lint';

/** how long the live lint waits after the last edit (an import is linted once it has been painted) */
export const LINT_DEBOUNCE_MS = 250;

interface Linting {
  update(): void;
  lint(): Promise<unknown>;
  getLinterConfig(): { config: LintConfig; resolver: LinterResolver };
}
interface BpmnJs {
  getDefinitions(): unknown;
}
interface CommandEvent {
  command: string;
  context?: Parameters<typeof isLayoutOnly>[1];
}
interface EventBus {
  on(event: string, priority: number, fn: () => void): void;
  on(event: string, priority: number, fn: (e: CommandEvent) => void): void;
}

/**
 * bpmn-js-bpmnlint lints the whole diagram synchronously after EVERY change (elements.changed),
 * inside the frame that redraws the change, and after every import before its first paint.
 * This diagram-js module takes the lint off both paths (W7):
 * - an edit: a burst of edits is linted once, 250 ms after the last one, outside the edit's frame;
 * - an import: linted right after the imported diagram's first frame (the next animation frame,
 *   then a task), so opening a file shows the diagram first and its problems a moment later.
 * - a layout-only change (moving, resizing, re-routing within the same container: layout-only.ts)
 *   is not linted at all: no rule reads positions, so the findings cannot change, and the
 *   overlays of the existing findings follow their elements by themselves.
 * - a lint runs one rule per task (sliced-lint.ts), so the page answers between two rules; a lint
 *   overtaken by a model change is dropped (that change's own lint follows).
 * Findings are the same (the same rules run on the same model); only when they arrive changes.
 */
function DebouncedLint(eventBus: EventBus, linting: Linting, bpmnjs: BpmnJs) {
  const run = linting.update.bind(linting);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;
  let imported = false;
  // the commands of the change being applied (every nested one, also on undo and redo)
  let commands = 0;
  let modelChanged = false;
  let layoutOnly = false;
  // bumped by every change of the model (not by a layout-only one): a lint begun before is stale
  let generation = 0;
  const note = (phase: 'execute' | 'revert') => (e: CommandEvent) => {
    commands++;
    if (!isLayoutOnly(e.command, e.context, phase)) modelChanged = true;
  };
  eventBus.on('commandStack.execute', 2000, note('execute'));
  eventBus.on('commandStack.revert', 2000, note('revert'));
  // before bpmn-js-bpmnlint's own listeners (low priority) call update()
  eventBus.on('elements.changed', 2000, () => {
    layoutOnly = commands > 0 && !modelChanged;
    if (!layoutOnly) generation++;
    commands = 0;
    modelChanged = false;
  });
  // the flag is for this change's update() only (bpmn-js-bpmnlint listens at priority 500)
  eventBus.on('elements.changed', 1, () => {
    layoutOnly = false;
  });
  eventBus.on('import.done', 2000, () => {
    imported = true;
    generation++;
  });
  eventBus.on('linting.configChanged', 2000, () => {
    generation++;
  });
  linting.lint = () => {
    const started = generation;
    return lintRuleByRule(linting.getLinterConfig(), bpmnjs.getDefinitions(), () => generation === started);
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
    timer = null;
    frame = null;
  };
  const later = (ms: number) => {
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
  linting.update = () => {
    // nothing to lint; a lint already scheduled for an earlier model change still runs
    if (layoutOnly) return;
    cancel();
    if (imported) {
      imported = false;
      frame = requestAnimationFrame(() => {
        frame = null;
        later(0);
      });
      return;
    }
    later(LINT_DEBOUNCE_MS);
  };
}
DebouncedLint.$inject = ['eventBus', 'linting', 'bpmnjs'];

export const debouncedLintModule = {
  __init__: ['debouncedLint'],
  debouncedLint: ['type', DebouncedLint],
};
