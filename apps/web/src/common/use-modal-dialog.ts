import { useEffect, useRef } from 'react';

/**
 * A native <dialog> shown as a modal while the component is mounted (focus trap and Esc
 * for free); pass the returned ref to the <dialog>.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}
