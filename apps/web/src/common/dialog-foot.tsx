import { useI18n } from '../i18n/i18n-context';

/** The footer every form dialog shares: "Huỷ" and the submit button with its busy label. */
export function DialogFoot({ onCancel, busy, disabled, submit, submitting }: {
  onCancel: () => void;
  busy: boolean;
  disabled: boolean;
  submit: string;
  submitting: string;
}) {
  const { t } = useI18n();
  return (
    <footer className="dialog-foot">
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy || disabled}>
        {busy ? submitting : submit}
      </button>
    </footer>
  );
}
