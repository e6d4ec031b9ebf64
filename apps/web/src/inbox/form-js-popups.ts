/** form-js's own pop-ups inside a form: the date picker's calendar (flatpickr) and a select's option list */
const OPEN_POPUP = '.flatpickr-calendar.open, .fjs-dropdownlist';

/**
 * Keeps form-js's pop-ups usable inside a modal <dialog>:
 * - Esc while a calendar or option list is open never reaches the dialog, which would close the whole
 *   task form and lose what the officer typed: form-js closes the calendar (and a searchable select's
 *   list) itself; a plain select's list ignores Esc and stays open until the officer moves on;
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
