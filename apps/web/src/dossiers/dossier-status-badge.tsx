import { DOSSIER_STATUS_LABELS, type DossierStatus } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';

/** The national status (TrangThaiHoSo): the Vietnamese label of @tthc/contracts, translated in English. */
export function DossierStatusBadge({ status }: { status: DossierStatus }) {
  const { t, lang } = useI18n();
  const label = lang === 'vi' ? DOSSIER_STATUS_LABELS[status] : t(`dossierStatus.${status}` as MessageKey);
  return (
    <span className={`badge dossier-status dossier-status-${status}`} title={`TrangThaiHoSo ${status}`}>
      {label}
    </span>
  );
}
