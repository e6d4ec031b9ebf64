import { useState, type FormEvent } from 'react';
import type { InboxView, SavedFilterView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { errorText } from '../common/error-text';
import { deleteSavedFilter, listSavedFilters, saveFilter } from './saved-filters-api';
import { fromSaved, toSaved, type InboxFilters } from './inbox-filter';

interface Props {
  view: InboxView;
  filters: InboxFilters;
  /** the officer's units: a filter can be shared with one of them */
  units: string[];
  onApply: (view: InboxView | undefined, filters: InboxFilters) => void;
  onMessage: (text: string) => void;
}

/**
 * Filters saved on the server (`/task-filters`): pick one (mine, or shared with one of my
 * units by a colleague) to apply it; save the current view and filters, privately or for a
 * unit; delete one of mine. Everything is a plain form control: reachable by keyboard.
 */
export function SavedFiltersBar({ view, filters, units, onApply, onMessage }: Props) {
  const { t } = useI18n();
  const saved = useAsync((signal) => listSavedFilters(signal), []);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [share, setShare] = useState('');
  const [error, setError] = useState<string | null>(null);
  const items = saved.data ?? [];
  const current = items.find((f) => f.id === chosen);

  function label(f: SavedFilterView) {
    if (f.mine) return f.sharedWithUnit ? t('filters.mineShared', { name: f.name, unit: f.sharedWithUnit }) : f.name;
    return t('filters.sharedBy', { name: f.name, owner: f.owner });
  }

  function apply() {
    if (!current) return;
    const { view: v, filters: f } = fromSaved(current.filter);
    onApply(v, f);
    onMessage(t('filters.applied', { name: current.name }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError(t('filters.nameRequired'));
    try {
      const f = await saveFilter(name.trim(), toSaved(view, filters), share || null);
      setName('');
      saved.reload();
      setChosen(f.id);
      onMessage(t('filters.savedOk', { name: f.name }));
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  async function remove() {
    if (!current?.mine) return;
    setError(null);
    try {
      await deleteSavedFilter(current.id);
      setChosen('');
      saved.reload();
      onMessage(t('filters.deleted', { name: current.name }));
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <div className="saved-filters">
      <div className="filters" role="group" aria-label={t('filters.saved')}>
        <label className="field">
          <span>{t('filters.saved')}</span>
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{items.length ? t('filters.choose') : t('filters.none')}</option>
            {items.map((f) => (
              <option key={f.id} value={f.id}>
                {label(f)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={apply} disabled={!current}>
          {t('filters.apply')}
        </button>
        {current?.mine && (
          <button type="button" className="btn btn-ghost" onClick={remove}>
            {t('filters.delete')}
          </button>
        )}
      </div>
      <form className="filters" aria-label={t('filters.save')} onSubmit={save}>
        <label className="field">
          <span>{t('filters.name')}</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('filters.shareWith')}</span>
          <select value={share} onChange={(e) => setShare(e.target.value)}>
            <option value="">{t('filters.private')}</option>
            {units.map((u) => (
              <option key={u} value={u}>
                {t('filters.unit', { unit: u })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          {t('filters.save')}
        </button>
      </form>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
