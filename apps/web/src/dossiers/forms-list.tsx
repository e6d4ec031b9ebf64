import { DOSSIER_FORMS, type DocumentView, type DossierForm, type DossierView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';

interface Props {
  dossier: DossierView;
  documents: DocumentView[];
  onView: (form: DossierForm) => void;
}

/**
 * The generated forms (Mẫu 01–04) the engine stored for the dossier, and the control sheet
 * (Phiếu kiểm soát, rendered from the event log from receipt on): view and print.
 */
export function FormsList({ dossier, documents, onView }: Props) {
  const { t } = useI18n();
  const issued = new Set(documents.map((d) => d.form).filter(Boolean));
  const available = (form: DossierForm) => (form === 'control-sheet' ? !!dossier.code && !!dossier.receivedAt : issued.has(form));
  return (
    <ul className="forms-list">
      {DOSSIER_FORMS.map((form) => (
        <li key={form}>
          <span className="form-name">{t(`form.${form}` as MessageKey)}</span>
          {available(form) ? (
            <button type="button" className="btn btn-small" onClick={() => onView(form)}>
              {t('dossier.viewPrint')}
              <span className="sr-only"> {t(`form.${form}` as MessageKey)}</span>
            </button>
          ) : (
            <span className="muted small">{t('dossier.notIssued')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
