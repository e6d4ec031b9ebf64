import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from './error-text';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <span>{errorText(error, t)}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, kind = 'success' }: { children: ReactNode; kind?: 'success' | 'info' }) {
  return (
    <div className={`alert alert-${kind}`} role="status" aria-live="polite">
      {children}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="empty-state">
      <svg aria-hidden="true" width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M4 13h4l2 3h4l2-3h4" />
        <path d="M5 13V6a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v7v5a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2z" />
      </svg>
      <p>{children}</p>
    </div>
  );
}

export function StateBadge({ state }: { state: string }) {
  const { t } = useI18n();
  const key = `state.${state}` as Parameters<typeof t>[0];
  const label = t(key);
  return <span className={`badge badge-${state.toLowerCase()}`}>{label === key ? state : label}</span>;
}
