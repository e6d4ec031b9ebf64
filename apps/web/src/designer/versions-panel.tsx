import { useEffect, useState } from 'react';
import type { VersionEntryView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { ErrorMessage } from '../common/feedback';
import { formatDateTime } from '../common/format-date';

export function versionLabel(v: VersionEntryView, t: ReturnType<typeof useI18n>['t']): string {
  return v.source === 'designer'
    ? t('versions.published', { number: v.number ?? 0, engine: v.definitionVersion })
    : t('versions.deployed', { engine: v.definitionVersion });
}

/**
 * History of a procedure (newest first): publication or deployment, engine version, author,
 * time, note; pick two entries to compare.
 */
export function VersionsPanel({
  items,
  error,
  onCompare,
}: {
  items: VersionEntryView[];
  error: unknown;
  onCompare: (before: VersionEntryView, after: VersionEntryView) => void;
}) {
  const { t, lang } = useI18n();
  const newest = [...items].reverse();
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  useEffect(() => {
    setAfter(newest[0]?.id ?? '');
    setBefore(newest[1]?.id ?? newest[0]?.id ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items]);
  const byId = (id: string) => items.find((v) => v.id === id);
  return (
    <section className="problems versions-panel" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('versions.title')}</h2>
      {error != null && <ErrorMessage error={error} />}
      {items.length === 0 ? (
        <p className="muted small">{t('versions.none')}</p>
      ) : (
        <>
          <ol className="plain version-list" reversed>
            {newest.map((v) => (
              <li key={v.id} data-version-id={v.id}>
                <strong>{versionLabel(v, t)}</strong>
                {v.layoutOnly && <span className="badge"> {t('versions.layoutOnly')}</span>}
                <br />
                <span className="small">
                  {v.author ?? '—'} · {formatDateTime(v.at, lang)}
                </span>
                {v.note && <p className="small version-note">{v.note}</p>}
              </li>
            ))}
          </ol>
          <VersionSelect id="diff-before" label={t('versions.compareFrom')} items={newest} value={before} onChange={setBefore} />
          <VersionSelect id="diff-after" label={t('versions.compareTo')} items={newest} value={after} onChange={setAfter} />
          <button type="button" className="btn" disabled={!before || !after || before === after} onClick={() => onCompare(byId(before)!, byId(after)!)}>
            {t('versions.compare')}
          </button>
        </>
      )}
    </section>
  );
}

/** one end of the comparison: a version picked from the history */
function VersionSelect({ id, label, items, value, onChange }: { id: string; label: string; items: VersionEntryView[]; value: string; onChange: (id: string) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {items.map((v) => (
          <option key={v.id} value={v.id}>
            {versionLabel(v, t)} · {formatDateTime(v.at, lang)}
          </option>
        ))}
      </select>
    </div>
  );
}
