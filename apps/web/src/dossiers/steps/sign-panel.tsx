import { useState } from 'react';
import type { DocumentView, DossierView, TaskView } from '@tthc/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../common/error-text';
import { signDocument, uploadDossierDocument } from '../dossiers-api';
import { SignatureBadge } from '../document-cells';
import { RefusalAlert } from './refusal-alert';
import { TokenSignSettings } from './token-sign-settings';
import { TokenSignFailure, useTokenSigning } from './use-token-signing';
import { useCompleteStep } from './use-complete-step';

interface Props {
  task: TaskView;
  dossier: DossierView;
  documents: DocumentView[];
  onChanged: () => void;
  onDone: (message: string) => void;
  /** return: only shows the results and their signatures */
  mode: 'sign' | 'return';
}

/**
 * Ký số: the result documents of the dossier, each signed with the officer's key held by the
 * server, or with the officer's own USB token through the local signing agent
 * (`tthc sign-agent`: prepare → token → complete) — PAdES either way; the signed file becomes a new version — the engine refuses to complete while
 * one does not verify. Trả kết quả: the same list, read-only: every result must carry a valid
 * signature before the dossier is returned.
 */
export function SignPanel({ task, dossier, documents, onChanged, onDone, mode }: Props) {
  const { t } = useI18n();
  const results = documents.filter((d) => d.kind === 'result' && d.isCurrent);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { busy, refusal, complete } = useCompleteStep(task, onDone);
  const unsigned = results.filter((d) => !d.signatures?.valid);
  const token = useTokenSigning(dossier.id, t('sign.reason'));

  async function run(id: string, action: () => Promise<unknown>) {
    setBusyId(id);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(e instanceof TokenSignFailure ? e.message : errorText(e, t));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="step-panel" aria-labelledby="sign-title">
      <h3 id="sign-title">{mode === 'sign' ? t('sign.title') : t('return.title')}</h3>
      <p className="muted small">{mode === 'sign' ? t('sign.intro') : t('return.intro')}</p>
      {results.length === 0 ? (
        <p className="missing">{t('sign.noResults')}</p>
      ) : (
        <ul className="digitise-list">
          {results.map((d) => (
            <li key={d.id}>
              <div className="digitise-name">
                <strong>{d.name}</strong>
                {d.resultCode && <span className="muted small"> · {d.resultCode}</span>} <SignatureBadge doc={d} />
              </div>
              {mode === 'sign' && !d.signatures?.valid && (
                <div className="digitise-actions">
                  <button type="button" className="btn btn-small btn-primary" disabled={busyId !== null} onClick={() => run(d.id, () => signDocument(d.id, t('sign.reason')))}>
                    {busyId === d.id ? t('sign.signing') : t('sign.sign')}
                    <span className="sr-only">: {d.name}</span>
                  </button>
                  <button type="button" className="btn btn-small" disabled={busyId !== null || !token.ready} onClick={() => run(`token:${d.id}`, () => token.sign(d.id))}>
                    {busyId === `token:${d.id}` ? t('sign.signing') : t('token.sign')}
                    <span className="sr-only">: {d.name}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {mode === 'sign' && results.length > 0 && (
        <TokenSignSettings
          settings={token.settings}
          onSettings={token.setSettings}
          certificates={token.certificates}
          selected={token.selected}
          onSelect={token.setSelected}
          pin={token.pin}
          onPin={token.setPin}
          connecting={token.connecting}
          onConnect={() => void token.connect()}
        />
      )}
      {token.error && (
        <div className="alert alert-error" role="alert">
          {token.error}
        </div>
      )}
      {mode === 'sign' && (
        <label className="btn btn-small file-button">
          {busyId === 'upload' ? t('digitise.uploading') : t('sign.uploadResult')}
          <input
            type="file"
            accept="application/pdf"
            className="sr-only"
            disabled={busyId !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void run('upload', () => uploadDossierDocument(dossier.id, file, { kind: 'result' }));
            }}
          />
        </label>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {mode === 'return' && unsigned.length > 0 && <p className="missing small">{t('return.unsignedWarning', { count: unsigned.length })}</p>}
      <RefusalAlert refusal={refusal} />
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => complete({})}>
        {busy ? t('complete.submitting') : mode === 'sign' ? t('sign.submit') : t('return.submit')}
      </button>
    </section>
  );
}
