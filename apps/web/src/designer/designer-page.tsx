import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type DragEvent,
} from 'react';
import { useNavigate, useParams } from 'react-router';
import type { DraftView, VersionEntryView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { elementProblems, type ElementProblem } from '../common/api-error';
import { errorText } from '../common/error-text';
import { ErrorMessage, Notice } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { getDefinitionXml } from '../instances/instances-api';
import { BpmnModeler, type ModelerHandle } from './bpmn-modeler';
import { ProblemsPanel } from './problems-panel';
import { TthcPropertiesPanel, type EditableShape } from './tthc-properties-panel';
import { deployXml, listDefinitions } from './definitions-api';
import {
  draftFromVersion,
  draftFromXml,
  getDraft,
  listDrafts,
  listVersions,
  publishDraft,
} from './drafts-api';
import { newDiagramXml } from './new-diagram';
import { formIdFor, processIdOf } from './form-id';
import { downloadText } from './file-download';
import { downloadPng, downloadSvg } from './diagram-export';
import { checkBpmnSize, checkBpmnText, type FileRefusal } from './bpmn-file-check';
import { useDraftSession, type SaveState } from './use-draft-session';
import { VersionsPanel, versionLabel } from './versions-panel';
import { VersionDiffView } from './version-diff-view';
import { CommentsPanel } from './comments-panel';
import { NewProcedureDialog } from './new-procedure-dialog';
import { usePageTitle } from '../common/use-page-title';
import './designer.css';

// form-js (editor + viewer, ~1 MB) loads when the analyst first opens a form
const FormEditorDialog = lazy(() =>
  import('./form-editor-dialog').then((m) => ({ default: m.FormEditorDialog })),
);

interface CommandStack {
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
}

export function DesignerPage() {
  const { key, version, draftId } = useParams();
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  usePageTitle(t('designer.title'));
  const modeler = useRef<ModelerHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const pendingFile = useRef<{ name: string; text: string } | null>(null);
  // the name of an opened file is kept; otherwise the file is named after the process key
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // errors are kept as values and worded at render time, so switching language rewords them
  const [error, setError] = useState<unknown>(null);
  const [importFailure, setImportFailure] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<FileRefusal | null>(null);
  const [problems, setProblems] = useState<ElementProblem[]>([]);
  const [lint, setLint] = useState<ElementProblem[]>([]);
  const [dirty, setDirty] = useState(false);
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [note, setNote] = useState('');
  const [versions, setVersions] = useState<VersionEntryView[]>([]);
  const [versionsError, setVersionsError] = useState<unknown>(null);
  const [compare, setCompare] = useState<{ before: VersionEntryView; after: VersionEntryView } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [formFor, setFormFor] = useState<EditableShape | null>(null);
  const [wizard, setWizard] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const [, setStackVersion] = useState(0);

  const exportXml = useCallback(() => modeler.current!.exportXml(), []);
  const session = useDraftSession(draft, exportXml);

  // closing the tab with an undeployed, unsaved diagram (or a draft not saved yet) asks first
  const unsaved = draft ? session.state.kind !== 'saved' : dirty;
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  const definitions = useAsync((signal) => listDefinitions(signal), []);
  const drafts = useAsync((signal) => listDrafts(signal), [draftId]);

  function reset() {
    setNotice(null);
    setError(null);
    setImportFailure(null);
    setRefusal(null);
    setProblems([]);
  }

  async function load(xml: string): Promise<boolean> {
    reset();
    try {
      await modeler.current!.importXml(xml);
      setDirty(false);
      return true;
    } catch (e) {
      setImportFailure((e as Error).message);
      return false;
    }
  }

  const reloadVersions = useCallback((processKey: string | null | undefined) => {
    if (!processKey) return setVersions([]);
    listVersions(processKey).then(
      (items) => {
        setVersions(items);
        setVersionsError(null);
      },
      (e) => setVersionsError(e),
    );
  }, []);

  useEffect(() => {
    setCompare(null);
    if (draftId) {
      setFileName(null);
      getDraft(draftId)
        .then(async (d) => {
          if (await load(d.xml)) {
            setDraft(d);
            reloadVersions(d.processKey);
          }
        })
        .catch(setError);
    } else {
      setDraft(null);
      if (key && version) {
        setFileName(null);
        reloadVersions(key);
        getDefinitionXml(key, Number(version)).then(load).catch(setError);
      } else {
        // a file opened while a draft was shown: the route changed to /designer for it
        const file = pendingFile.current;
        pendingFile.current = null;
        setFileName(file?.name ?? null);
        setVersions([]);
        void load(file?.text ?? newDiagramXml());
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version, draftId]);

  // the selected element (comments are written about it) and the undo/redo buttons follow the modeler
  useEffect(() => {
    const m = modeler.current?.modeler();
    if (!m) return;
    const onSelect = (e: { newSelection: Array<{ id: string }> }) =>
      setSelectedId(e.newSelection.length === 1 ? e.newSelection[0].id : null);
    const onStack = () => setStackVersion((v) => v + 1);
    m.on('selection.changed', onSelect);
    m.on('commandStack.changed', onStack);
    return () => {
      m.off('selection.changed', onSelect);
      m.off('commandStack.changed', onStack);
    };
  }, []);

  /** a file from the picker or dropped on the canvas: checked before the current diagram is touched */
  async function openFile(file: File) {
    reset();
    const tooLarge = checkBpmnSize(file.size);
    if (tooLarge) return setRefusal(tooLarge);
    const text = await file.text();
    const wrong = checkBpmnText(text);
    if (wrong) return setRefusal(wrong);
    if (draftId || (key && version)) {
      // leave the draft (or version) first; the route effect then loads the file
      pendingFile.current = { name: file.name, text };
      navigate('/designer');
      return;
    }
    if (await load(text)) setFileName(file.name);
  }

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await openFile(file);
  }

  async function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragOver(false);
    const file = event.dataTransfer.files?.[0];
    if (file) await openFile(file);
  }

  const rootId = () =>
    modeler.current!.modeler()?.get<{ getRootElement(): { id: string } }>('canvas').getRootElement().id ??
    'quy-trinh';

  async function save() {
    downloadText(fileName ?? `${rootId()}.bpmn`, await modeler.current!.exportXml());
    if (!draft) setDirty(false);
  }

  async function exportImage(kind: 'svg' | 'png') {
    const { svg } = await modeler.current!.modeler()!.saveSVG();
    const base = (fileName ?? rootId()).replace(/\.(bpmn|xml)$/i, '');
    if (kind === 'svg') downloadSvg(`${base}.svg`, svg);
    else await downloadPng(`${base}.png`, svg);
  }

  const stack = () => modeler.current?.modeler()?.get<CommandStack>('commandStack');
  const find = () =>
    modeler.current?.modeler()?.get<{ trigger(action: string): void }>('editorActions').trigger('find');

  async function openVersion(value: string) {
    if (value.startsWith('draft:')) return navigate(`/designer/drafts/${value.slice(6)}`);
    const [k, v] = value.split('@');
    if (!k) return;
    try {
      const d = await draftFromVersion(k, Number(v));
      navigate(`/designer/drafts/${d.id}`);
    } catch (e) {
      setError(e);
    }
  }

  async function keepAsDraft() {
    reset();
    try {
      const d = await draftFromXml(await modeler.current!.exportXml());
      navigate(`/designer/drafts/${d.id}`);
    } catch (e) {
      setError(e);
    }
  }

  function showProblems(e: unknown) {
    const found = elementProblems(e);
    setProblems(found);
    modeler.current!.markProblems(found.map((p) => p.elementId).filter((id): id is string => !!id));
    setError(e);
  }

  async function deploy() {
    reset();
    setBusy(true);
    try {
      const result = await deployXml(await modeler.current!.exportXml());
      modeler.current!.markProblems([]);
      setDirty(false);
      setNotice(
        t('designer.deployed', { list: result.processes.map((p) => `${p.key} v${p.version}`).join(', ') }),
      );
      definitions.reload();
    } catch (e) {
      showProblems(e);
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    if (!draft) return;
    reset();
    setBusy(true);
    try {
      await session.saveNow();
      const result = await publishDraft(draft.id, session.revision(), note.trim());
      modeler.current!.markProblems([]);
      setNote('');
      setNotice(t('drafts.published', { list: result.versions.map((v) => versionLabel(v, t)).join(', ') }));
      reloadVersions(result.versions[0]?.processKey ?? draft.processKey);
      definitions.reload();
    } catch (e) {
      showProblems(e);
    } finally {
      setBusy(false);
    }
  }

  function changed() {
    setDirty(true);
    session.changed();
  }

  /** the form is saved in the draft under its id; the task is pointed at that id if it named another */
  function formSaved(formId: string) {
    const named = formFor!.businessObject.get('tthc:formKey') as string | undefined;
    if (formIdFor(named, processIdOf(formFor!), formFor!.id) !== named) {
      modeler.current!.modeler()!.get<{ updateProperties(el: unknown, props: Record<string, unknown>): void }>(
        'modeling',
      ).updateProperties(formFor, { 'tthc:formKey': formId });
    }
    setFormFor(null);
    setNotice(t('forms.saved', { key: formId }));
  }

  const reveal = (id: string) => modeler.current?.reveal(id);
  const modelerInstance = useCallback(() => modeler.current?.modeler() ?? null, []);
  const selected = draftId ? `draft:${draftId}` : key && version ? `${key}@${version}` : '';
  const commands = stack();
  return (
    <section aria-labelledby="designer-title" className="designer">
      <div className="page-head">
        <h1 id="designer-title">{t('designer.title')}</h1>
      </div>
      <div className="toolbar" role="toolbar" aria-label={t('designer.title')}>
        <label className="field inline">
          <span>{t('designer.open')}</span>
          <select value={selected} onChange={(e) => void openVersion(e.target.value)}>
            <option value="">{t('designer.openPlaceholder')}</option>
            {(drafts.data ?? []).length > 0 && (
              <optgroup label={t('drafts.group')}>
                {(drafts.data ?? []).map((d) => (
                  <option key={d.id} value={`draft:${d.id}`}>
                    {t('drafts.option', { name: d.name, by: d.updatedBy })}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t('drafts.deployedGroup')}>
              {(definitions.data ?? []).map((d) => (
                <option key={`${d.key}@${d.version}`} value={`${d.key}@${d.version}`}>
                  {d.name || d.key} · {t('designer.version', { version: d.version })}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => (selected ? navigate('/designer') : (setFileName(null), load(newDiagramXml())))}
        >
          {t('designer.new')}
        </button>
        <button type="button" className="btn" onClick={() => setWizard(true)}>
          {t('wizard.open')}
        </button>
        <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
          {t('designer.openFile')}
        </button>
        <input ref={fileInput} type="file" accept=".bpmn,.xml,application/xml" hidden onChange={pickFile} />
        <button type="button" className="btn" onClick={save}>
          {t('designer.saveFile')}
        </button>
        <button type="button" className="btn" onClick={() => void exportImage('svg')}>
          {t('designer.exportSvg')}
        </button>
        <button type="button" className="btn" onClick={() => void exportImage('png')}>
          {t('designer.exportPng')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => stack()?.undo()}
          disabled={!commands?.canUndo()}
          aria-keyshortcuts="Control+Z"
        >
          {t('designer.undo')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => stack()?.redo()}
          disabled={!commands?.canRedo()}
          aria-keyshortcuts="Control+Y"
        >
          {t('designer.redo')}
        </button>
        <button type="button" className="btn" onClick={find} aria-keyshortcuts="Control+F">
          {t('designer.find')}
        </button>
        {!draft && dirty && <span className="muted small push-right">{t('designer.unsaved')}</span>}
        {!draft && (
          <>
            <button type="button" className={dirty ? 'btn' : 'btn push-right'} onClick={keepAsDraft}>
              {t('drafts.keep')}
            </button>
            <button type="button" className="btn btn-primary" onClick={deploy} disabled={busy}>
              {busy ? t('designer.deploying') : t('designer.deploy')}
            </button>
          </>
        )}
      </div>
      {draft && (
        <div className="draft-bar" role="group" aria-label={t('drafts.bar')}>
          <span>
            <strong>{t('drafts.label', { name: draft.name })}</strong> <SaveStatus state={session.state} />
          </span>
          <label className="field inline push-right">
            <span>{t('drafts.note')}</span>
            <input
              type="text"
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('drafts.notePlaceholder')}
            />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            onClick={publish}
            disabled={busy || !note.trim() || session.state.kind === 'conflict'}
          >
            {busy ? t('drafts.publishing') : t('drafts.publish')}
          </button>
        </div>
      )}
      {session.others.length > 0 && (
        <div className="alert alert-warning" role="alert">
          {t('drafts.othersEditing', {
            list: session.others
              .map((o) =>
                t('drafts.otherEditor', { name: o.username, since: formatDateTime(o.openedAt, lang) }),
              )
              .join(', '),
          })}
        </div>
      )}
      {session.state.kind === 'conflict' && (
        <div className="alert alert-error" role="alert">
          {t('drafts.conflict', { name: session.state.by, revision: session.state.revision })}{' '}
          <button
            type="button"
            className="btn"
            onClick={() => draftId && getDraft(draftId).then((d) => load(d.xml).then(() => setDraft(d)))}
          >
            {t('drafts.reload')}
          </button>{' '}
          <button type="button" className="btn" onClick={() => void session.overwrite()}>
            {t('drafts.overwrite')}
          </button>
        </div>
      )}
      {session.state.kind === 'failed' && (
        <div className="alert alert-error" role="alert">
          {t('drafts.saveFailed', { reason: errorText(session.state.error, t) })}
        </div>
      )}
      {definitions.error != null && <ErrorMessage error={definitions.error} onRetry={definitions.reload} />}
      {notice && <Notice>{notice}</Notice>}
      {error != null && (
        <div className="alert alert-error" role="alert">
          {errorText(error, t)}
        </div>
      )}
      {importFailure && (
        <div className="alert alert-error" role="alert">
          {t('designer.importFailed', { reason: importFailure })}
        </div>
      )}
      {refusal && (
        <div className="alert alert-error" role="alert">
          {refusal.reason === 'tooLarge'
            ? t('designer.fileTooLarge', { size: refusal.sizeMb, max: refusal.maxMb })
            : refusal.reason === 'notXml'
              ? t('designer.fileNotXml')
              : t('designer.fileNotBpmn', { root: refusal.root, ns: refusal.namespace })}{' '}
          {t('designer.diagramKept')}
        </div>
      )}
      <div className="designer-body">
        <div
          className={dragOver ? 'drop-zone drop-active' : 'drop-zone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={drop}
        >
          <BpmnModeler ref={modeler} onLint={setLint} onChanged={changed} />
          <p className="muted small">{t('designer.dropHint')}</p>
        </div>
        <aside className="designer-side">
          <ProblemsPanel
            id="deploy-problems"
            title={t('designer.problemsTitle')}
            intro={t('designer.problems', { count: problems.length })}
            problems={worded(problems, lint, lang)}
            onReveal={reveal}
          />
          <TthcPropertiesPanel modeler={modelerInstance} onEditForm={draft ? setFormFor : undefined} />
          <ProblemsPanel
            id="lint-panel"
            title={t('designer.lintPanel')}
            empty={t('designer.lintOk')}
            problems={lint}
            onReveal={reveal}
          />
          {(draft || (key && version)) && (
            <VersionsPanel
              items={versions}
              error={versionsError}
              onCompare={(before, after) => setCompare({ before, after })}
            />
          )}
          {draft && <CommentsPanel draftId={draft.id} selectedId={selectedId} onReveal={reveal} />}
        </aside>
      </div>
      {compare && (
        <VersionDiffView
          before={compare.before}
          after={compare.after}
          beforeLabel={versionLabel(compare.before, t)}
          afterLabel={versionLabel(compare.after, t)}
        />
      )}
      {formFor && draft && (
        <Suspense fallback={null}>
          <FormEditorDialog
            draftId={draft.id}
            taskName={String(formFor.businessObject.name ?? formFor.id)}
            openKey={(formFor.businessObject.get('tthc:formKey') as string | undefined) || null}
            formId={formIdFor(formFor.businessObject.get('tthc:formKey') as string | undefined, processIdOf(formFor), formFor.id)}
            onSaved={formSaved}
            onClose={() => setFormFor(null)}
          />
        </Suspense>
      )}
      {wizard && (
        <NewProcedureDialog
          onClose={() => setWizard(false)}
          onCreated={(id) => (setWizard(false), navigate(`/designer/drafts/${id}`))}
        />
      )}
    </section>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const { t, lang } = useI18n();
  const text =
    state.kind === 'saved'
      ? state.at
        ? t('drafts.savedAt', { at: formatDateTime(state.at, lang) })
        : ''
      : state.kind === 'pending'
        ? t('drafts.pending')
        : state.kind === 'saving'
          ? t('drafts.saving')
          : state.kind === 'conflict'
            ? t('drafts.notSaved')
            : t('drafts.notSaved');
  return (
    <span className="muted small" role="status" data-save-state={state.kind}>
      {text}
    </span>
  );
}

/**
 * The API may word a deploy problem in English only; the live lint has the same finding
 * (same element, same rule) in the UI language, so that wording is shown instead.
 */
function worded(problems: ElementProblem[], lint: ElementProblem[], lang: string): ElementProblem[] {
  if (lang !== 'vi') return problems;
  return problems.map((p) => {
    if (p.messageVi) return p;
    const same = lint.find((l) => l.elementId === p.elementId && l.rule === p.rule);
    return same ? { ...p, messageVi: same.message } : p;
  });
}
