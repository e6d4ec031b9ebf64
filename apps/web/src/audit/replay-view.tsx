import { useMemo, useState } from 'react';
import type { DossierReplayView } from '@tthc/contracts';
import { formatDateTime } from '../common/format-date';
import { PayloadSummary } from '../common/payload-summary';
import { useI18n } from '../i18n/i18n-context';
import { ReplayDiagram } from './replay-diagram';
import { formatDuration, momentAt } from './replay-model';
import { DocumentList } from './timeline-table';

/**
 * Steps through a dossier's Temporal history event by event (slider and buttons): the diagram
 * of its version with the path taken up to that event, and the tokens, variables, open tasks,
 * documents and dossier events as they were then.
 */
export function ReplayView({ view }: { view: DossierReplayView }) {
  const { t, locale, lang } = useI18n();
  const total = view.trace.events.length;
  const [index, setIndex] = useState(total - 1);
  const moment = useMemo(() => momentAt(view, index), [view, index]);
  const go = (i: number) => setIndex(Math.max(0, Math.min(total - 1, i)));
  const snap = moment.snapshot;
  const lastEvents = moment.dossierEvents.slice(-5).reverse();

  return (
    <div className="replay-view">
      {!view.trace.deterministic && view.trace.divergence && (
        <div className="alert alert-error" role="alert">
          {t('auditDossier.traceDivergent', { message: view.trace.divergence.message })}
        </div>
      )}
      {view.definition && <p className="muted small">{t('auditDossier.version', { key: view.definition.processKey, version: view.definition.version })}</p>}
      <div className="replay-controls no-print">
        <button type="button" className="btn btn-small" onClick={() => go(0)} disabled={index === 0}>
          <span aria-hidden="true">⏮</span> {t('auditDossier.first')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => go(index - 1)} disabled={index === 0}>
          <span aria-hidden="true">◀</span> {t('auditDossier.prev')}
        </button>
        <input type="range" min={0} max={Math.max(0, total - 1)} value={index} onChange={(e) => go(Number(e.target.value))} aria-label={t('auditDossier.position')} />
        <button type="button" className="btn btn-small" onClick={() => go(index + 1)} disabled={index >= total - 1}>
          {t('auditDossier.next')} <span aria-hidden="true">▶</span>
        </button>
        <button type="button" className="btn btn-small" onClick={() => go(total - 1)} disabled={index >= total - 1}>
          {t('auditDossier.last')} <span aria-hidden="true">⏭</span>
        </button>
      </div>
      <p className="replay-position" aria-live="polite" data-testid="replay-position">
        <strong>{t('auditDossier.eventOf', { n: index + 1, total, id: moment.event.id })}</strong> · <code>{moment.event.type}</code>
        {moment.event.label && <> · {moment.event.label}</>} · {formatDateTime(moment.event.at, locale)}
      </p>
      {view.definition && <ReplayDiagram xml={view.definition.xml} moment={moment} />}
      <div className="replay-grid">
        <section className="panel" aria-labelledby="replay-tokens">
          <h3 id="replay-tokens">{t('auditDossier.tokens')}</h3>
          {!snap ? (
            <p className="muted">{t('auditDossier.notStarted')}</p>
          ) : (
            <>
              <p className="small">{t('auditDossier.state', { state: snap.state })}</p>
              {moment.activeIds.length === 0 ? (
                <p className="muted">{t('auditDossier.noTokens')}</p>
              ) : (
                <ul data-testid="replay-tokens">
                  {moment.activeIds.map((id) => (
                    <li key={id}>
                      <code>{id}</code> × {snap.tokens[id]}
                    </li>
                  ))}
                </ul>
              )}
              {moment.openTasks.length > 0 && (
                <>
                  <h4>{t('auditDossier.openTasks')}</h4>
                  <ul>
                    {moment.openTasks.map((task) => (
                      <li key={task.taskId}>
                        {task.name ?? task.elementId}
                        {task.dueAt && <span className="muted small"> — {formatDateTime(task.dueAt, locale)}</span>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
        </section>
        <section className="panel" aria-labelledby="replay-variables">
          <h3 id="replay-variables">{t('auditDossier.variables')}</h3>
          {snap ? <PayloadSummary payload={snap.variables} /> : <p className="muted">{t('auditDossier.notStarted')}</p>}
        </section>
        <section className="panel" aria-labelledby="replay-documents">
          <h3 id="replay-documents">{t('auditDossier.documentsAt')}</h3>
          {moment.documents.length ? <DocumentList documents={moment.documents} /> : <p className="muted">{t('auditDossier.noDocuments')}</p>}
          <h3>{t('auditDossier.eventsAt')}</h3>
          <ul className="plain-list small">
            {lastEvents.map((e) => (
              <li key={e.seq}>
                #{e.seq} <code>{e.kind}</code> — {e.actor} · {formatDateTime(e.at, locale)}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel panel-wide" aria-labelledby="replay-stats">
          <h3 id="replay-stats">{t('auditDossier.elementStats')}</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('auditDossier.stats.element')}</th>
                <th scope="col">{t('auditDossier.stats.count')}</th>
                <th scope="col">{t('auditDossier.stats.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {moment.stats.map((s) => (
                <tr key={s.elementId}>
                  <td>{s.name ?? s.elementId}</td>
                  <td>{s.count}</td>
                  <td>{s.durationMs > 0 ? formatDuration(s.durationMs, lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
