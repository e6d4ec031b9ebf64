import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { useAuth } from '../auth/auth-context';
import { useAsync } from '../common/use-async';
import { ErrorMessage, Loading, Notice, StateBadge } from '../common/feedback';
import { errorText } from '../common/error-text';
import { formatDateTime } from '../common/format-date';
import { cancelInstance, getDefinitionXml, getHistory, getInstance } from './instances-api';
import { HistoryTable } from './history-table';
import { VariablesList } from './variables-list';
import { BpmnDiagramViewer } from './bpmn-diagram-viewer';
import { IncidentsPanel } from './incidents-panel';
import { usePageTitle } from '../common/use-page-title';
import { MigrateDialog } from './migrate-dialog';
import { ModifyDialog } from './modify-dialog';
import './operations.css';

/** How often an active instance is refreshed, so the page follows the process as it moves. */
const POLL_MS = 2000;
const SETTLE_POLLS = 5;

export function InstancePage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const audits = !!user?.roles?.some((r) => r === 'auditor' || r === 'admin');
  // migration and token modification: analysts and admins (the API checks the agency)
  const operates = !!user?.roles?.some((r) => r === 'analyst' || r === 'admin');
  const [dialog, setDialog] = useState<'migrate' | 'modify' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const data = useAsync(async (signal) => {
    const [instance, history] = await Promise.all([getInstance(id, signal), getHistory(id, signal)]);
    return { instance, history };
  }, [id]);
  const instance = data.data?.instance;
  usePageTitle(instance ? t('instance.title', { id: instance.businessKey || instance.id }) : '');
  const xml = useAsync(
    (signal) => (instance ? getDefinitionXml(instance.processKey, instance.version, signal) : Promise.resolve(null)),
    [instance?.processKey, instance?.version],
  );

  const active = instance?.state === 'ACTIVE';
  // the instance row and its history are written separately: after the instance ends, keep
  // refreshing (a few times at most) until no history element is still shown as running
  const historyRunning = (data.data?.history.elements ?? []).some((e) => e.state === 'ACTIVE');
  const settling = useRef(0);
  if (active) settling.current = 0;
  const follow = active || (historyRunning && settling.current < SETTLE_POLLS);
  useEffect(() => {
    if (!follow) return;
    const timer = setInterval(() => {
      if (!active) settling.current += 1;
      data.reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [follow, active, data.reload]);

  const completedIds = useMemo(
    () => [...new Set((data.data?.history.elements ?? []).filter((e) => e.state === 'COMPLETED').map((e) => e.elementId))],
    [data.data],
  );

  async function cancel() {
    if (!window.confirm(t('instance.cancelConfirm'))) return;
    try {
      await cancelInstance(id);
      setMessage({ ok: true, text: t('instance.canceled') });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t) });
    }
    data.reload();
  }

  if (data.error && !instance) return <ErrorMessage error={data.error} onRetry={data.reload} />;
  if (!instance) return <Loading />;

  return (
    <article aria-labelledby="instance-title" className="instance">
      <p className="crumbs">
        <Link to="/instances">← {t('common.back')}</Link>
        {audits && (
          <Link to={`/audit?entity=process-instance&entityId=${encodeURIComponent(instance.id)}`}>{t('audit.forInstance')}</Link>
        )}
      </p>
      <div className="page-head">
        <h1 id="instance-title">{t('instance.title', { id: instance.businessKey || instance.id })}</h1>
        <span data-testid="instance-state">
          <StateBadge state={instance.state} />
        </span>
        {active && operates && (
          <>
            <button type="button" className="btn push-right" onClick={() => setDialog('migrate')}>
              {t('ops.migrate')}
            </button>
            <button type="button" className="btn" onClick={() => setDialog('modify')}>
              {t('ops.modify')}
            </button>
          </>
        )}
        {active && (
          <button type="button" className={operates ? 'btn btn-danger' : 'btn btn-danger push-right'} onClick={cancel}>
            {t('instance.cancel')}
          </button>
        )}
      </div>
      {dialog === 'migrate' && (
        <MigrateDialog
          instance={instance}
          currentXml={xml.data}
          onClose={() => setDialog(null)}
          onMigrated={(r) => {
            setDialog(null);
            setMessage({ ok: true, text: t('migrate.done', { from: r.fromVersion, to: r.toVersion }) });
            data.reload();
          }}
        />
      )}
      {dialog === 'modify' && (
        <ModifyDialog
          instance={instance}
          xml={xml.data}
          onClose={() => setDialog(null)}
          onModified={(i) => {
            setDialog(null);
            setMessage({ ok: true, text: t('modify.done', { at: (i.activeElementIds ?? []).join(', ') || '—' }) });
            data.reload();
          }}
        />
      )}
      {message &&
        (message.ok ? (
          <Notice>{message.text}</Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            {message.text}
          </div>
        ))}
      <dl className="facts">
        <div>
          <dt>{t('instance.process')}</dt>
          <dd>
            {instance.processKey} · v{instance.version}
          </dd>
        </div>
        <div>
          <dt>{t('instance.state')}</dt>
          <dd>{t(`state.${instance.state}`)}</dd>
        </div>
        {instance.businessKey && (
          <div>
            <dt>{t('instance.businessKey')}</dt>
            <dd>{instance.businessKey}</dd>
          </div>
        )}
        {instance.startedAt && (
          <div>
            <dt>{t('instance.startedAt')}</dt>
            <dd>{formatDateTime(instance.startedAt, locale)}</dd>
          </div>
        )}
        {instance.endedAt && (
          <div>
            <dt>{t('instance.endedAt')}</dt>
            <dd>{formatDateTime(instance.endedAt, locale)}</dd>
          </div>
        )}
        {instance.startedBy && (
          <div>
            <dt>{t('instance.startedBy')}</dt>
            <dd>{instance.startedBy}</dd>
          </div>
        )}
      </dl>
      <IncidentsPanel
        instanceId={instance.id}
        incidents={instance.incidents ?? []}
        variables={instance.variables}
        onRetried={data.reload}
      />
      <section className="card" aria-labelledby="diagram-title">
        <h2 id="diagram-title">{t('instance.diagram')}</h2>
        {xml.error ? (
          <ErrorMessage error={xml.error} onRetry={xml.reload} />
        ) : xml.data ? (
          <BpmnDiagramViewer
            xml={xml.data}
            activeIds={instance.activeElementIds ?? []}
            completedIds={completedIds}
            incidentIds={(instance.incidents ?? []).map((i) => i.elementId)}
          />
        ) : (
          <Loading />
        )}
      </section>
      <section className="card" aria-labelledby="vars-title">
        <h2 id="vars-title">{t('instance.variables')}</h2>
        <VariablesList variables={instance.variables} />
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('instance.history')}</h2>
        <HistoryTable elements={data.data?.history.elements ?? []} />
      </section>
    </article>
  );
}
