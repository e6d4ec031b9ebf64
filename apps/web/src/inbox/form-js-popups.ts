/** form-js's own pop-ups inside a form: the date picker's calendar (flatpickr) and a select's option list */
const OPEN_POPUP = '.flatpickr-calendar.open, .fjs-dropdownlist';

/**
 * Keeps form-js's pop-ups usable inside a modal <dialog>:
 * - Esc closes the open calendar or option list only: form-js closes it but lets the key reach the
 *   dialog, which would close the whole task form and lose what the officer typed;
 * - a calendar that opens below the visible part of the dialog's scrolling body is scrolled into view.
 * Returns the function that removes the listeners.
 */
export function keepPopupsInDialog(host: HTMLElement): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && host.querySelector(OPEN_POPUP)) e.preventDefault();
  };
  const onFocusIn = () =>
    requestAnimationFrame(() => host.querySelector('.flatpickr-calendar.open')?.scrollIntoView({ block: 'nearest' }));
  // capture: before form-js's own handler on the field has closed the pop-up
  host.addEventListener('keydown', onKeyDown, true);
  host.addEventListener('focusin', onFocusIn);
  return () => {
    host.removeEventListener('keydown', onKeyDown, true);
    host.removeEventListener('focusin', onFocusIn);
  };
}
