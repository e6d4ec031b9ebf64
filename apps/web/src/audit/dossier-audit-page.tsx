import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { DossierReplayView } from '@tthc/contracts';
import { ErrorMessage, Loading } from '../common/feedback';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { usePageTitle } from '../common/use-page-title';
import { DocumentViewer } from '../dossiers/pdf-viewer';
import { dossierForm, getDossier } from '../dossiers/dossiers-api';
import { useI18n } from '../i18n/i18n-context';
import { getDossierReplay, getDossierTimeline, runDeterminismCheck } from './audit-api';
import { ReplayView } from './replay-view';
import { TimelineTable } from './timeline-table';

/**
 * `#/audit/ho-so/:ref` (auditors, admins): one dossier under inspection — the electronic
 * Phiếu kiểm soát (timeline of hand-overs, printable as the PDF control sheet), the replay of
 * its history on the diagram, and the determinism check. Each load is an audit entry.
 */
export function DossierAuditPage() {
  const { ref = '' } = useParams();
  const { t } = useI18n();
  const timeline = useAsync((signal) => getDossierTimeline(ref, signal), [ref]);
  const d = timeline.data?.dossier;
  usePageTitle(t('auditDossier.title', { code: d?.code ?? ref }));
  const [sheet, setSheet] = useState(false);
  const [replay, setReplay] = useState<{ loading: boolean; view?: DossierReplayView; error?: unknown }>({ loading: false });
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const [checking, setChecking] = useState(false);

  async function loadReplay() {
    setReplay({ loading: true });
    try {
      setReplay({ loading: false, view: await getDossierReplay(ref) });
    } catch (error) {
      setReplay({ loading: false, error });
    }
  }

  async function determinism(instanceId: string) {
    setChecking(true);
    try {
      const r = await runDeterminismCheck(instanceId);
      setCheck(r.deterministic ? { ok: true, text: t('auditDossier.deterministic', { events: r.events }) } : { ok: false, text: t('auditDossier.divergent', { message: r.divergence?.message ?? '' }) });
    } catch (e) {
      setCheck({ ok: false, text: errorText(e, t) });
    } finally {
      setChecking(false);
    }
  }

  if (timeline.error != null) return <ErrorMessage error={timeline.error} onRetry={timeline.reload} />;
  if (!timeline.data || !d) return <Loading />;

  return (
    <section aria-labelledby="audit-dossier-title" className="audit-dossier">
      <div className="page-head">
        <h1 id="audit-dossier-title">{t('auditDossier.title', { code: d.code ?? d.id })}</h1>
        <Link className="btn btn-small no-print push-right" to={`/ho-so/${d.id}`}>
          {d.code ?? d.id}
        </Link>
      </div>
      <p className="muted small">
        {d.applicantName} · {d.procedureCode} · {d.agency}
      </p>

      <section className="panel" aria-labelledby="timeline-title">
        <div className="page-head">
          <h2 id="timeline-title">{t('auditDossier.timeline')}</h2>
          <div className="push-right no-print">
            {d.code && (
              <button type="button" className="btn btn-small" onClick={() => setSheet(true)}>
                {t('auditDossier.printSheet')}
              </button>
            )}{' '}
            <button type="button" className="btn btn-small" onClick={() => window.print()}>
              {t('auditDossier.printPage')}
            </button>
          </div>
        </div>
        <p className="muted small">{t('auditDossier.timelineIntro')}</p>
        <TimelineTable timeline={timeline.data} />
      </section>
      {sheet && <DocumentViewer title={t('form.control-sheet')} load={(signal) => dossierForm(d.id, 'control-sheet', signal)} onClose={() => setSheet(false)} />}

      <section className="panel" aria-labelledby="replay-title">
        <div className="page-head">
          <h2 id="replay-title">{t('auditDossier.replay')}</h2>
          <div className="push-right no-print">
            {!replay.view && (
              <button type="button" className="btn btn-primary btn-small" onClick={loadReplay} disabled={replay.loading}>
                {replay.loading ? t('auditDossier.replaying') : t('auditDossier.loadReplay')}
              </button>
            )}{' '}
            <DeterminismButton dossierId={d.id} checking={checking} onCheck={determinism} />
          </div>
        </div>
        <p className="muted small">{t('auditDossier.replayIntro')}</p>
        {check && (
          <div className={check.ok ? 'alert alert-success' : 'alert alert-error'} role={check.ok ? 'status' : 'alert'}>
            {check.text}
          </div>
        )}
        {replay.loading && <Loading label={t('auditDossier.replaying')} />}
        {replay.error != null && <ErrorMessage error={replay.error} onRetry={loadReplay} />}
        {replay.view && <ReplayView view={replay.view} />}
      </section>
    </section>
  );
}

/** the determinism check needs the dossier's process instance id (the dossier view has it) */
function DeterminismButton({ dossierId, checking, onCheck }: { dossierId: string; checking: boolean; onCheck: (instanceId: string) => void }) {
  const { t } = useI18n();
  const dossier = useAsync((signal) => getDossier(dossierId, signal), [dossierId]);
  const instanceId = dossier.data?.instanceId;
  return (
    <button type="button" className="btn btn-small" disabled={!instanceId || checking} onClick={() => instanceId && onCheck(instanceId)}>
      {checking ? t('auditDossier.checking') : t('auditDossier.determinism')}
    </button>
  );
}
