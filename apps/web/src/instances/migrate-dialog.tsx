import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { errorText } from '../common/error-text';
import { ApiError } from '../common/api-error';
import { FormDialog } from '../common/form-dialog';
import type { ProcessInstance } from '../common/types';
import { getDefinitionXml } from './instances-api';
import { bpmnElements, elementLabel } from './bpmn-elements';
import { listVersions, migrateInstance, type MigrationResult } from './operations-api';

interface Props {
  instance: ProcessInstance;
  /** the XML of the version the instance runs (names of its active steps) */
  currentXml?: string | null;
  onClose: () => void;
  onMigrated: (result: MigrationResult) => void;
}

/** "Di chuyển phiên bản": pick a target version and map each active step to one of its steps (issue 16). */
export function MigrateDialog({ instance, currentXml, onClose, onMigrated }: Props) {
  const { t } = useI18n();
  const versions = useAsync((signal) => listVersions(instance.processKey, signal), [instance.processKey]);
  const [target, setTarget] = useState<number | ''>('');
  const targetXml = useAsync((signal) => (target ? getDefinitionXml(instance.processKey, target, signal) : Promise.resolve(null)), [instance.processKey, target]);
  const targetElements = useMemo(() => (targetXml.data ? bpmnElements(targetXml.data) : []), [targetXml.data]);
  const currentElements = useMemo(() => (currentXml ? bpmnElements(currentXml) : []), [currentXml]);
  const active = instance.activeElementIds ?? [];
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; ids: string[] } | null>(null);

  // default: an active step whose id exists in the target maps to itself
  useEffect(() => {
    const ids = new Set(targetElements.map((e) => e.id));
    setMapping(Object.fromEntries(active.map((id) => [id, ids.has(id) ? id : ''])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targetElements]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const explicit = Object.fromEntries(Object.entries(mapping).filter(([from, to]) => to && to !== from));
      onMigrated(await migrateInstance(instance.id, target, explicit));
    } catch (e) {
      const ids = e instanceof ApiError ? (((e.details as { elementIds?: string[] } | undefined)?.elementIds ?? []) as string[]) : [];
      setError({ text: errorText(e, t), ids });
    } finally {
      setBusy(false);
    }
  }

  const others = (versions.data ?? []).filter((v) => v.version !== instance.version).sort((a, b) => b.version - a.version);
  const nameOf = (id: string) => currentElements.find((e) => e.id === id);
  return (
    <FormDialog
      titleId="migrate-title"
      title={t('migrate.title')}
      onClose={onClose}
      onSubmit={submit}
      error={
        error && (
      <div>
        <p>{error.text}</p>
        {error.ids.length > 0 && <p>{t('migrate.refusedIds', { ids: error.ids.join(', ') })}</p>}
      </div>
        )
      }
      busy={busy}
      disabled={!target}
      submit={t('migrate.submit')}
      submitting={t('migrate.submitting')}
    >
      <p className="muted small">{t('migrate.intro')}</p>
      <p>{t('migrate.current', { version: instance.version })}</p>
      {versions.error != null && <p className="alert alert-error">{errorText(versions.error, t)}</p>}
      <label className="field">
        <span>{t('migrate.target')}</span>
        <select required value={target} onChange={(e) => setTarget(e.target.value ? Number(e.target.value) : '')} name="targetVersion">
          <option value="">{t('migrate.choose')}</option>
          {others.map((v) => (
            <option key={v.id} value={v.version}>
              v{v.version}
              {v.name ? ` · ${v.name}` : ''}
            </option>
          ))}
        </select>
      </label>
      {target !== '' && (
        <fieldset className="field">
          <legend>{t('migrate.mapping')}</legend>
          {active.length === 0 && <p className="muted">{t('migrate.noActive')}</p>}
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('migrate.from')}</th>
                <th scope="col">{t('migrate.to')}</th>
              </tr>
            </thead>
            <tbody>
              {active.map((id) => {
                const el = nameOf(id);
                return (
                  <tr key={id}>
                    <td>{el ? elementLabel(el) : id}</td>
                    <td>
                      <select
                        aria-label={t('migrate.to') + ': ' + (el ? elementLabel(el) : id)}
                        value={mapping[id] ?? ''}
                        onChange={(e) => setMapping((m) => ({ ...m, [id]: e.target.value }))}
                      >
                        <option value="">{t('migrate.unmapped')}</option>
                        {targetElements.map((e) => (
                          <option key={e.id} value={e.id}>
                            {elementLabel(e)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
      )}
    </FormDialog>
  );
}
