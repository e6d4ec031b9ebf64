import type { DocumentView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { formatDateTime } from '../common/format-date';

/** Signature status of a stored document: none / valid (n) / not valid. */
export function SignatureBadge({ doc }: { doc: DocumentView }) {
  const { t } = useI18n();
  const s = doc.signatures;
  if (!s || s.count === 0) return <span className="badge badge-unsigned">{t('doc.unsigned')}</span>;
  return s.valid ? (
    <span className="badge badge-signed" title={s.lastVerifiedAt ? t('doc.verifiedAt', { at: s.lastVerifiedAt }) : undefined}>
      {t('doc.signed', { count: s.count })}
    </span>
  ) : (
    <span className="badge badge-invalid">{t('doc.signatureInvalid')}</span>
  );
}

/** The SHA-256 fingerprint, in full (officers compare it with a printed copy), wrapping by groups. */
export function Sha256({ value }: { value: string }) {
  const { t } = useI18n();
  return (
    <code className="sha256" aria-label={t('doc.sha256Of', { value })}>
      {value.match(/.{1,16}/g)?.join(' ')}
    </code>
  );
}

export function Uploaded({ doc }: { doc: DocumentView }) {
  const { locale } = useI18n();
  return (
    <span className="muted small">
      {doc.uploadedBy} · {formatDateTime(doc.uploadedAt, locale)}
    </span>
  );
}
