/** how long the live lint waits after the last edit (an import is linted once it has been painted) */
export const LINT_DEBOUNCE_MS = 250;

interface Linting {
  update(): void;
}
interface EventBus {
  on(event: string, priority: number, fn: () => void): void;
}

/**
 * bpmn-js-bpmnlint lints the whole diagram synchronously after EVERY change (elements.changed),
 * inside the frame that redraws the change, and after every import before its first paint.
 * This diagram-js module takes the lint off both paths (W7):
 * - an edit: a burst of edits is linted once, 250 ms after the last one, outside the edit's frame;
 * - an import: linted right after the imported diagram's first frame (the next animation frame,
 *   then a task), so opening a file shows the diagram first and its problems a moment later.
 * Findings are the same (the same rules run on the same model); only when they arrive changes.
 */
function DebouncedLint(eventBus: EventBus, linting: Linting) {
  const run = linting.update.bind(linting);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame: number | null = null;
  let imported = false;
  // before bpmn-js-bpmnlint's own import.done listener (low priority) calls update()
  eventBus.on('import.done', 2000, () => {
    imported = true;
  });
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
DebouncedLint.$inject = ['eventBus', 'linting'];

export const debouncedLintModule = {
  __init__: ['debouncedLint'],
  debouncedLint: ['type', DebouncedLint],
};
