import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useModalDialog } from './use-modal-dialog';
import { DialogFoot } from './dialog-foot';

interface Props {
  /** the id of the title: names the dialog and its form */
  titleId: string;
  title: ReactNode;
  /** a small line above the title (what the dialog does when the title names a thing) */
  eyebrow?: ReactNode;
  /** a muted line under the title */
  meta?: ReactNode;
  onClose: () => void;
  onSubmit: (event: FormEvent) => unknown;
  /** the refusal or failure of the last submit, shown as an alert under the fields */
  error?: ReactNode;
  busy: boolean;
  disabled?: boolean;
  submit: string;
  /** the submit button's label while busy (the submit label when not given) */
  submitting?: string;
  children: ReactNode;
}

/** The shell every form dialog shares: a modal native <dialog> (focus trap and Esc), its head with "✕", the body, the alert and the footer. */
export function FormDialog({ titleId, title, eyebrow, meta, onClose, onSubmit, error, busy, disabled = false, submit, submitting, children }: Props) {
  const { t } = useI18n();
  const ref = useModalDialog();
  const heading = <h2 id={titleId}>{title}</h2>;
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={onClose}>
      <form onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <header className="dialog-head">
          {eyebrow || meta ? (
            <div>
              {eyebrow && <p className="eyebrow">{eyebrow}</p>}
              {heading}
              {meta && <p className="muted small">{meta}</p>}
            </div>
          ) : (
            heading
          )}
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="dialog-body">
          {children}
          {error && (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          )}
        </div>
        <DialogFoot onCancel={onClose} busy={busy} disabled={disabled} submit={submit} submitting={submitting ?? submit} />
      </form>
    </dialog>
  );
}
