import { useState } from 'react';
import type { ProcedureView } from '@tthc/contracts';
import { api } from '../common/api-client';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useModalDialog } from '../common/use-modal-dialog';
import { useI18n } from '../i18n/i18n-context';
import { draftFromXml } from './drafts-api';
import { procedureSkeletonXml } from './procedure-skeleton';

const KEY = /^[A-Za-z_][\w.-]*$/;

/** "Quy trình mới từ danh mục": pick a catalog procedure, name the process key, get a draft of its compliant skeleton. */
export function NewProcedureDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (draftId: string) => void }) {
  const { t } = useI18n();
  const ref = useModalDialog();
  const catalog = useAsync((signal) => api<{ items: ProcedureView[] }>('/procedures', { signal }).then((r) => r.items), []);
  const [code, setCode] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const chosen = catalog.data?.find((p) => p.code === code);

  async function create() {
    if (!chosen || !KEY.test(key)) return;
    try {
      const d = await draftFromXml(procedureSkeletonXml(chosen, key), chosen.name);
      onCreated(d.id);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="wizard-title" onCancel={onClose}>
      <header className="dialog-head">
        <h2 id="wizard-title">{t('wizard.title')}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <div className="dialog-body">
        <p className="small">{t('wizard.intro')}</p>
        {catalog.error != null && <p className="alert alert-error">{errorText(catalog.error, t)}</p>}
        <label className="field">
          <span>{t('wizard.procedure')}</span>
          <select
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              const p = catalog.data?.find((x) => x.code === e.target.value);
              if (p) setKey(`${p.processKey}-moi`);
            }}
          >
            <option value="">{t('designer.openPlaceholder')}</option>
            {(catalog.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} · {p.name} ({p.agency})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('props.processKey')}</span>
          <input type="text" value={key} onChange={(e) => setKey(e.target.value)} aria-invalid={!!key && !KEY.test(key)} />
        </label>
        {key && !KEY.test(key) && <p className="field-error">{t('props.processKeyInvalid')}</p>}
        {error != null && (
          <p className="alert alert-error" role="alert">
            {errorText(error, t)}
          </p>
        )}
      </div>
      <footer className="dialog-foot">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={create} disabled={!chosen || !KEY.test(key)}>
          {t('wizard.create')}
        </button>
      </footer>
    </dialog>
  );
}
