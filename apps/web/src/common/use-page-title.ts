import { useEffect } from 'react';

/** Each screen names itself in the browser tab (WCAG 2.4.2), e.g. "Công việc của tôi — TTHC Flow". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — TTHC Flow` : 'TTHC Flow';
  }, [title]);
}
