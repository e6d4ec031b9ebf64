/** how long the live lint waits after the last edit (an import is linted at once) */
export const LINT_DEBOUNCE_MS = 250;

interface Linting {
  update(): void;
}
interface EventBus {
  on(event: string, priority: number, fn: () => void): void;
}

/**
 * bpmn-js-bpmnlint lints the whole diagram synchronously after EVERY change (elements.changed),
 * inside the frame that redraws the change: moving one shape of a 2,000-element diagram paid a
 * full lint walk before the next paint (W7). This diagram-js module debounces it: a burst of
 * edits is linted once, 250 ms after the last one, outside the edit's frame; an import is
 * linted at once. Findings are the same (the same rules run on the same model).
 */
function DebouncedLint(eventBus: EventBus, linting: Linting) {
  const run = linting.update.bind(linting);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate = false;
  // before bpmn-js-bpmnlint's own import.done listener (low priority) calls update()
  eventBus.on('import.done', 2000, () => {
    immediate = true;
  });
  linting.update = () => {
    if (timer) clearTimeout(timer);
    if (immediate) {
      immediate = false;
      timer = null;
      run();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      run();
    }, LINT_DEBOUNCE_MS);
  };
}
DebouncedLint.$inject = ['eventBus', 'linting'];

export const debouncedLintModule = {
  __init__: ['debouncedLint'],
  debouncedLint: ['type', DebouncedLint],
};
