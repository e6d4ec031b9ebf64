import { useCallback, useEffect, useState } from 'react';
import { useAsync } from './use-async';
import type { Page } from './types';

/**
 * Keyset paging for lists: the first page reloads with `deps`; "load more" appends the next
 * page by the cursor the API returned (never offset paging, so rows do not shift).
 */
export function usePaged<T>(load: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>, deps: unknown[]) {
  const first = useAsync((signal) => load(null, signal), deps);
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();

  useEffect(() => {
    setMore([]);
    setMoreError(undefined);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await load(cursor);
      setMore((rows) => [...rows, ...page.items]);
      setCursor(page.nextCursor ?? null);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cursor, ...deps]);

  const items = first.data ? [...first.data.items, ...more] : undefined;
  return { items, error: first.error ?? moreError, loading: first.loading, reload: first.reload, hasMore: !!cursor, loadMore, loadingMore };
}
