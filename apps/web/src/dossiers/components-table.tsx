import type { DocumentView, DossierComponentView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { EmptyState } from '../common/feedback';
import { SignatureBadge, Sha256 } from './document-cells';

interface Props {
  components: DossierComponentView[];
  /** the dossier's documents by id (a reused document belongs to another dossier: looked up separately) */
  documents: Map<string, DocumentView>;
  onView: (documentId: string, title: string) => void;
}

/** Thành phần hồ sơ: each component with its scan or the reused document, fingerprint and signature status. */
export function ComponentsTable({ components, documents, onView }: Props) {
  const { t } = useI18n();
  if (components.length === 0) return <EmptyState>{t('dossier.noComponents')}</EmptyState>;
  return (
    <table className="table components">
      <thead>
        <tr>
          <th scope="col">{t('dossier.col.no')}</th>
          <th scope="col">{t('dossier.col.component')}</th>
          <th scope="col">{t('dossier.col.file')}</th>
          <th scope="col">{t('dossier.col.sha256')}</th>
          <th scope="col">{t('dossier.col.signature')}</th>
        </tr>
      </thead>
      <tbody>
        {components.map((c) => {
          const docId = c.documentId ?? c.reusedDocumentId;
          const doc = docId ? documents.get(docId) : undefined;
          return (
            <tr key={c.id} data-component={c.componentKey}>
              <td>{c.ordinal}</td>
              <th scope="row" className="component-name">
                {c.name}
                <span className="muted small">
                  {' '}
                  · {t(`componentForm.${c.form}`)} · {t('dossier.copies', { count: c.count })}
                </span>
                {c.required ? (
                  <span className="badge badge-required">{t('dossier.required')}</span>
                ) : (
                  <span className="badge badge-optional">{t('dossier.optional')}</span>
                )}
              </th>
              <td>
                {docId ? (
                  <>
                    {c.documentId ? (
                      <span className="badge badge-digitised">{t('dossier.digitised')}</span>
                    ) : (
                      <span className="badge badge-reused">{t('dossier.reused')}</span>
                    )}{' '}
                    <button type="button" className="linklike" onClick={() => onView(docId, doc?.name ?? c.name)}>
                      {doc?.name ?? t('dossier.viewFile')}
                    </button>
                  </>
                ) : (
                  <span className={c.required ? 'missing' : 'muted'}>{t('dossier.notDigitised')}</span>
                )}
              </td>
              <td>{doc ? <Sha256 value={doc.sha256} /> : <span className="muted">{t('common.none')}</span>}</td>
              <td>{doc ? <SignatureBadge doc={doc} /> : <span className="muted">{t('common.none')}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
