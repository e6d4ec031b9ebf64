import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { DOSSIER_STATUSES, DOSSIER_STATUS_LABELS, INBOX_VIEWS, type DossierStatus, type InboxView, type TaskView } from '@tthc/contracts';
import type { MessageKey } from '../i18n/vi';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { usePaged } from '../common/use-paged';
import { LoadMore } from '../common/load-more';
import { ErrorMessage, Loading, Notice } from '../common/feedback';
import type { Task } from '../common/types';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { listProcedures } from '../dossiers/dossiers-api';
import { claimTask, listTasks, taskCounts, unclaimTask, type InboxFilters, type InboxTab } from './tasks-api';
import { TaskTable } from './task-table';
import { TaskCompleteDialog } from './task-complete-dialog';
import { usePageTitle } from '../common/use-page-title';
import { SavedFiltersBar } from './saved-filters-bar';
import { ReassignDialog } from './reassign-dialog';

const TABS: readonly InboxTab[] = INBOX_VIEWS;
const REFRESH_MS = 30_000;

export function InboxPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('inbox.title'));
  const { user } = useAuth();
  const [tab, setTab] = useState<InboxTab>('me');
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [working, setWorking] = useState<Task | null>(null);
  const [reassigning, setReassigning] = useState<TaskView | null>(null);
  const canReassign = !!user?.roles?.includes('unit-lead');
  const statusLabel = (s: DossierStatus) => (lang === 'vi' ? DOSSIER_STATUS_LABELS[s] : t(`dossierStatus.${s}` as MessageKey));
  // the candidate groups include the user's own name and roles: only the units are worth showing
  const groups = (user?.groups ?? []).filter((g) => g !== user?.username && !user?.roles?.includes(g));
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const navigate = useNavigate();
  const [draft, setDraft] = useState<InboxFilters>({});
  const [filters, setFilters] = useState<InboxFilters>({});
  const filterKey = JSON.stringify(filters);
  const tasks = usePaged<Task>((cursor, signal) => listTasks(tab, filters, cursor, signal), [tab, filterKey]);
  const counts = useAsync((signal) => taskCounts(filters, signal), [filterKey]);
  const procedures = useAsync((signal) => listProcedures(signal).catch(() => []), []);

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    setFilters({
      procedure: draft.procedure || undefined,
      code: draft.code?.trim() || undefined,
      applicant: draft.applicant?.trim() || undefined,
      status: draft.status || undefined,
      dueFrom: draft.dueFrom || undefined,
      dueTo: draft.dueTo || undefined,
    });
  }
  // a saved filter: its view and filters become the page's
  function applySaved(view: InboxView | undefined, saved: InboxFilters) {
    setDraft(saved);
    setFilters(saved);
    if (view) setTab(view);
  }
  // a dossier's task is worked on the dossier page, with the step's panel beside the dossier
  const open = (task: Task) => (task.dossier ? navigate(`/ho-so/${encodeURIComponent(task.dossier.id)}`) : setWorking(task));

  const run = useCallback(
    async (action: () => Promise<unknown>, success: string, then?: () => void) => {
      setNotice(null);
      setActionError(null);
      try {
        await action();
        setNotice(success);
        then?.();
      } catch (e) {
        setActionError(errorText(e, t));
      } finally {
        tasks.reload();
        counts.reload();
      }
    },
    [t, tasks, counts],
  );

  const onClaim = (task: Task) =>
    run(() => claimTask(task.id), t('inbox.claimed', { name: taskName(task) }), () =>
      open({ ...task, assignee: user?.username ?? task.assignee }),
    );
  const onUnclaim = (task: Task) => run(() => unclaimTask(task.id), t('inbox.unclaimed', { name: taskName(task) }));

  // new tasks arrive while the clerk works: refresh quietly while the page is visible
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible' || working) return;
      tasks.reload();
      counts.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [tasks.reload, counts.reload, working]);
  const refresh = () => {
    tasks.reload();
    counts.reload();
  };

  function onTabKey(event: KeyboardEvent, index: number) {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = (index + delta + TABS.length) % TABS.length;
    setTab(TABS[next]);
    tabRefs.current[next]?.focus();
  }

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        {groups.length > 0 && <span className="muted">{t('inbox.groups', { groups: groups.join(', ') })}</span>}
        <button type="button" className="btn btn-ghost push-right" onClick={refresh}>
          {t('common.refresh')}
        </button>
      </div>
      <form className="filters" role="search" aria-label={t('inbox.filters')} onSubmit={applyFilters}>
        <label className="field">
          <span>{t('dossiers.procedure')}</span>
          <select value={draft.procedure ?? ''} onChange={(e) => setDraft({ ...draft, procedure: e.target.value })}>
            <option value="">{t('audit.filterAll')}</option>
            {(procedures.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name.length > 50 ? `${p.name.slice(0, 47)}…` : p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('dossiers.code')}</span>
          <input value={draft.code ?? ''} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('inbox.applicant')}</span>
          <input value={draft.applicant ?? ''} onChange={(e) => setDraft({ ...draft, applicant: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('inbox.col.status')}</span>
          <select value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('audit.filterAll')}</option>
            {DOSSIER_STATUSES.map((s) => (
              <option key={s} value={String(s)}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('inbox.dueFrom')}</span>
          <input type="date" value={draft.dueFrom ?? ''} onChange={(e) => setDraft({ ...draft, dueFrom: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('inbox.dueTo')}</span>
          <input type="date" value={draft.dueTo ?? ''} onChange={(e) => setDraft({ ...draft, dueTo: e.target.value })} />
        </label>
        <button type="submit" className="btn">
          {t('inbox.filter')}
        </button>
      </form>
      <SavedFiltersBar
        view={tab}
        filters={filters}
        units={user?.units ?? []}
        onApply={applySaved}
        onMessage={(text) => {
          setActionError(null);
          setNotice(text);
        }}
      />
      <div role="tablist" aria-label={t('inbox.tabs')} className="tabs">
        {TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls="inbox-panel"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(`inbox.tab.${name}`)}
            {counts.data && (
              <span className={`tab-count${name === 'overdue' && counts.data.counts.overdue > 0 ? ' tab-count-alert' : ''}`}>
                {counts.data.counts[name] >= counts.data.cap ? `${counts.data.cap}+` : counts.data.counts[name]}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="inbox-panel" aria-labelledby={`tab-${tab}`} className="panel">
        {notice && <Notice>{notice}</Notice>}
        {actionError && (
          <div className="alert alert-error" role="alert">
            {actionError}
          </div>
        )}
        {tasks.error ? (
          <ErrorMessage error={tasks.error} onRetry={tasks.reload} />
        ) : tasks.loading && !tasks.items ? (
          <Loading />
        ) : (
          <TaskTable
            tab={tab}
            tasks={tasks.items ?? []}
            me={[user?.username, user?.id].filter((v): v is string => !!v)}
            onClaim={onClaim}
            onUnclaim={onUnclaim}
            onOpen={open}
            onReassign={canReassign ? setReassigning : undefined}
          />
        )}
        <LoadMore hasMore={tasks.hasMore} loading={tasks.loadingMore} onClick={tasks.loadMore} />
      </div>
      {reassigning && (
        <ReassignDialog
          task={reassigning}
          onClose={() => setReassigning(null)}
          onDone={(to) => {
            setNotice(t('inbox.reassigned', { name: taskName(reassigning), to }));
            setActionError(null);
            setReassigning(null);
            refresh();
          }}
        />
      )}
      {working && (
        <TaskCompleteDialog
          task={working}
          onClose={() => setWorking(null)}
          onCompleted={() => {
            setNotice(t('inbox.completed', { name: taskName(working) }));
            setActionError(null);
            setWorking(null);
            refresh();
          }}
        />
      )}
    </section>
  );
}

export function taskName(task: Task): string {
  return task.name || task.elementId || task.id;
}
