import type { DocumentView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { EmptyState } from '../common/feedback';
import type { MessageKey } from '../i18n/vi';
import { SignatureBadge, Sha256, Uploaded } from './document-cells';

interface Props {
  documents: DocumentView[];
  onView: (documentId: string, title: string) => void;
  empty?: string;
}

/** Results and other documents of the dossier (scans are shown with their component). */
export function DocumentsTable({ documents, onView, empty }: Props) {
  const { t } = useI18n();
  if (documents.length === 0) return <EmptyState>{empty ?? t('dossier.noDocuments')}</EmptyState>;
  const kindLabel = (d: DocumentView) => {
    if (d.form) return t(`form.${d.form}` as MessageKey);
    const key = `docKind.${d.kind}` as MessageKey;
    const label = t(key);
    return label === key ? d.kind : label;
  };
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('dossier.col.document')}</th>
          <th scope="col">{t('dossier.col.kind')}</th>
          <th scope="col">{t('dossier.col.sha256')}</th>
          <th scope="col">{t('dossier.col.signature')}</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((d) => (
          <tr key={d.id} data-document-id={d.id}>
            <th scope="row">
              <button type="button" className="linklike" onClick={() => onView(d.id, d.name)}>
                {d.name}
              </button>
              {d.resultCode && <span className="muted small"> · {d.resultCode}</span>}
              <br />
              <Uploaded doc={d} />
            </th>
            <td>{kindLabel(d)}</td>
            <td>
              <Sha256 value={d.sha256} />
            </td>
            <td>
              <SignatureBadge doc={d} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
