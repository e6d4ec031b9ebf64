import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { DocumentView, DossierForm } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useAuth } from '../auth/auth-context';
import { useAsync } from '../common/use-async';
import { ErrorMessage, Loading, Notice } from '../common/feedback';
import { usePageTitle } from '../common/use-page-title';
import type { MessageKey } from '../i18n/vi';
import { getDefinitionXml, getHistory, getInstance } from '../instances/instances-api';
import { BpmnDiagramViewer } from '../instances/bpmn-diagram-viewer';
import {
  documentContent,
  dossierForm,
  getDossier,
  getDossierDocuments,
  getDossierEvents,
  getDossierProgress,
  getDossierTasks,
  getDocument,
} from './dossiers-api';
import { DossierStatusBadge } from './dossier-status-badge';
import { DossierFacts } from './dossier-facts';
import { ComponentsTable } from './components-table';
import { DocumentsTable } from './documents-table';
import { FormsList } from './forms-list';
import { EventsTable, StatusHistory } from './status-history';
import { DocumentViewer } from './pdf-viewer';
import { TaskPanel } from './task-panel';

/** after an action the projections (tasks, dossier) lag the engine by a moment: follow for a while */
const FOLLOW_MS = 1500;
const FOLLOW_TIMES = 8;

type Viewing = { title: string; load: (signal: AbortSignal) => Promise<Blob> };

/** Trang hồ sơ: everything about one dossier, and the officer's task beside it. */
export function DossierPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const audits = !!user?.roles?.some((r) => r === 'auditor' || r === 'admin');
  const [notice, setNotice] = useState<string | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const data = useAsync(async (signal) => {
    const dossier = await getDossier(id, signal);
    const [documents, progress, events, tasks, instance, history] = await Promise.all([
      getDossierDocuments(id, signal),
      getDossierProgress(id, signal),
      getDossierEvents(id, signal),
      getDossierTasks(dossier.instanceId, signal),
      getInstance(dossier.instanceId, signal).catch(() => null),
      getHistory(dossier.instanceId, signal).catch(() => null),
    ]);
    // a reused document belongs to the applicant's other dossier: fetched for its fingerprint and signatures
    const own = new Set(documents.map((doc) => doc.id));
    const reused = await Promise.all(
      (dossier.components ?? [])
        .map((c) => c.reusedDocumentId)
        .filter((docId): docId is string => !!docId && !own.has(docId))
        .map((docId) => getDocument(docId, signal).catch(() => null)),
    );
    return { dossier, documents, reused: reused.filter((doc): doc is DocumentView => !!doc), progress, events, tasks, instance, history };
  }, [id]);
  const d = data.data?.dossier;
  usePageTitle(d ? t('dossier.title', { code: d.code ?? t('dossier.noCode') }) : '');
  const xml = useAsync(
    (signal) => (d ? getDefinitionXml(d.processKey, d.processVersion, signal).catch(() => null) : Promise.resolve(null)),
    [d?.processKey, d?.processVersion],
  );

  // follow the engine for a few seconds after an action
  const follow = useRef(0);
  const [following, setFollowing] = useState(false);
  const changed = useCallback(() => {
    follow.current = FOLLOW_TIMES;
    setFollowing(true);
    data.reload();
  }, [data.reload]);
  useEffect(() => {
    if (!following) return;
    const timer = setInterval(() => {
      follow.current -= 1;
      if (follow.current <= 0) setFollowing(false);
      data.reload();
    }, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [following, data.reload]);

  const docsById = useMemo(() => new Map([...(data.data?.documents ?? []), ...(data.data?.reused ?? [])].map((doc) => [doc.id, doc])), [data.data]);
  const completedIds = useMemo(
    () => [...new Set((data.data?.history?.elements ?? []).filter((e) => e.state === 'COMPLETED').map((e) => e.elementId))],
    [data.data],
  );

  if (data.error && !d) return <ErrorMessage error={data.error} onRetry={data.reload} />;
  if (!d || !data.data) return <Loading />;
  const { documents, progress, events, tasks, instance } = data.data;
  const others: DocumentView[] = documents.filter((doc) => !doc.form && doc.kind !== 'component' && !d.components?.some((c) => c.documentId === doc.id));
  const viewDocument = (documentId: string, title: string) => setViewing({ title, load: (signal) => documentContent(documentId, signal) });
  const viewForm = (form: DossierForm) => setViewing({ title: t(`form.${form}` as MessageKey), load: (signal) => dossierForm(d.id, form, signal) });

  return (
    <article aria-labelledby="dossier-title" className="dossier">
      <p className="crumbs">
        <Link to="/ho-so">← {t('dossier.backToList')}</Link>
        <Link to="/inbox">{t('nav.inbox')}</Link>
        {audits && <Link to={`/instances/${encodeURIComponent(d.instanceId)}`}>{t('dossier.technical')}</Link>}
        {audits && <Link to={`/audit/ho-so/${encodeURIComponent(d.id)}`}>{t('auditDossier.open')}</Link>}
      </p>
      <div className="page-head">
        <h1 id="dossier-title">{d.code ? t('dossier.title', { code: d.code }) : t('dossier.titleNoCode')}</h1>
        <span data-testid="dossier-status">
          <DossierStatusBadge status={d.status} />
        </span>
        <button type="button" className="btn btn-ghost push-right" onClick={data.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="lead">{d.procedureName}</p>
      {notice && <Notice>{notice}</Notice>}
      <DossierFacts dossier={d} />
      <div className="dossier-layout">
        <div className="dossier-main">
          {viewing && <DocumentViewer title={viewing.title} load={viewing.load} onClose={() => setViewing(null)} />}
          <section className="card" aria-labelledby="components-title">
            <h2 id="components-title">{t('dossier.components')}</h2>
            <ComponentsTable components={d.components ?? []} documents={docsById} onView={viewDocument} />
          </section>
          <section className="card" aria-labelledby="documents-title">
            <h2 id="documents-title">{t('dossier.documents')}</h2>
            <DocumentsTable documents={others} onView={viewDocument} />
          </section>
          <section className="card" aria-labelledby="forms-title">
            <h2 id="forms-title">{t('dossier.forms')}</h2>
            <FormsList dossier={d} documents={documents} onView={viewForm} />
          </section>
          <section className="card" aria-labelledby="progress-title">
            <h2 id="progress-title">{t('dossier.statusHistory')}</h2>
            <StatusHistory progress={progress} />
          </section>
          <section className="card" aria-labelledby="diagram-title">
            <h2 id="diagram-title">{t('instance.diagram')}</h2>
            {xml.data ? (
              <BpmnDiagramViewer xml={xml.data} activeIds={instance?.activeElementIds ?? []} completedIds={completedIds} />
            ) : xml.loading ? (
              <Loading />
            ) : (
              <p className="muted">{t('instance.diagramUnavailable')}</p>
            )}
          </section>
          <details className="card">
            <summary>
              <h2 className="inline-heading">{t('dossier.events', { count: events.length })}</h2>
            </summary>
            <EventsTable events={events} />
          </details>
        </div>
        <aside className="dossier-aside" aria-labelledby="tasks-title">
          <h2 id="tasks-title">{t('dossier.tasks')}</h2>
          <TaskPanel
            tasks={tasks}
            dossier={d}
            documents={documents}
            xml={xml.data ?? null}
            onChanged={changed}
            onDone={(message) => {
              setNotice(message);
              changed();
            }}
          />
        </aside>
      </div>
    </article>
  );
}
