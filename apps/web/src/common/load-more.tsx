import { useI18n } from '../i18n/i18n-context';

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="btn" onClick={onClick} disabled={loading}>
        {loading ? t('common.loading') : t('inbox.loadMore')}
      </button>
    </div>
  );
}
