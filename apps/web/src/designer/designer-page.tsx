import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { elementProblems, type ElementProblem } from '../common/api-error';
import { errorText } from '../common/error-text';
import { ErrorMessage, Notice } from '../common/feedback';
import { getDefinitionXml } from '../instances/instances-api';
import { BpmnModeler, type ModelerHandle } from './bpmn-modeler';
import { ProblemsPanel } from './problems-panel';
import { TthcPropertiesPanel } from './tthc-properties-panel';
import { deployXml, listDefinitions } from './definitions-api';
import { newDiagramXml } from './new-diagram';
import { downloadText } from './file-download';
import { usePageTitle } from '../common/use-page-title';

export function DesignerPage() {
  const { key, version } = useParams();
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  usePageTitle(t('designer.title'));
  const modeler = useRef<ModelerHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // the name of an opened file is kept; otherwise the file is named after the process key
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // errors are kept as values and worded at render time, so switching language rewords them
  const [error, setError] = useState<unknown>(null);
  const [importFailure, setImportFailure] = useState<string | null>(null);
  const [problems, setProblems] = useState<ElementProblem[]>([]);
  const [lint, setLint] = useState<ElementProblem[]>([]);
  const [dirty, setDirty] = useState(false);

  // closing the tab with an undeployed, unsaved diagram asks first
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const definitions = useAsync((signal) => listDefinitions(signal), []);

  function reset() {
    setNotice(null);
    setError(null);
    setImportFailure(null);
    setProblems([]);
  }

  async function load(xml: string) {
    reset();
    try {
      await modeler.current!.importXml(xml);
      setDirty(false);
    } catch (e) {
      setImportFailure((e as Error).message);
    }
  }

  useEffect(() => {
    if (key && version) {
      setFileName(null);
      getDefinitionXml(key, Number(version))
        .then(load)
        .catch(setError);
    } else {
      setFileName(null);
      void load(newDiagramXml());
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);

  async function openFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileName(file.name);
    await load(await file.text());
  }

  async function save() {
    const root = modeler.current!.modeler()?.get<{ getRootElement(): { id: string } }>('canvas').getRootElement().id;
    downloadText(fileName ?? `${root ?? 'quy-trinh'}.bpmn`, await modeler.current!.exportXml());
    setDirty(false);
  }

  async function deploy() {
    reset();
    setBusy(true);
    try {
      const result = await deployXml(await modeler.current!.exportXml());
      modeler.current!.markProblems([]);
      setDirty(false);
      setNotice(t('designer.deployed', { list: result.processes.map((p) => `${p.key} v${p.version}`).join(', ') }));
      definitions.reload();
    } catch (e) {
      const found = elementProblems(e);
      setProblems(found);
      modeler.current!.markProblems(found.map((p) => p.elementId).filter((id): id is string => !!id));
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const reveal = (id: string) => modeler.current?.reveal(id);
  const modelerInstance = useCallback(() => modeler.current?.modeler() ?? null, []);
  const selected = key && version ? `${key}@${version}` : '';
  return (
    <section aria-labelledby="designer-title" className="designer">
      <div className="page-head">
        <h1 id="designer-title">{t('designer.title')}</h1>
      </div>
      <div className="toolbar" role="toolbar" aria-label={t('designer.title')}>
        <label className="field inline">
          <span>{t('designer.open')}</span>
          <select
            value={selected}
            onChange={(e) => {
              const [k, v] = e.target.value.split('@');
              if (k) navigate(`/designer/${encodeURIComponent(k)}/${v}`);
            }}
          >
            <option value="">{t('designer.openPlaceholder')}</option>
            {(definitions.data ?? []).map((d) => (
              <option key={`${d.key}@${d.version}`} value={`${d.key}@${d.version}`}>
                {d.name || d.key} · {t('designer.version', { version: d.version })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => (selected ? navigate('/designer') : (setFileName(null), load(newDiagramXml())))}>
          {t('designer.new')}
        </button>
        <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
          {t('designer.openFile')}
        </button>
        <input ref={fileInput} type="file" accept=".bpmn,.xml,application/xml" hidden onChange={openFile} />
        <button type="button" className="btn" onClick={save}>
          {t('designer.saveFile')}
        </button>
        {dirty && <span className="muted small push-right">{t('designer.unsaved')}</span>}
        <button type="button" className={dirty ? 'btn btn-primary' : 'btn btn-primary push-right'} onClick={deploy} disabled={busy}>
          {busy ? t('designer.deploying') : t('designer.deploy')}
        </button>
      </div>
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
      <div className="designer-body">
        <BpmnModeler ref={modeler} onLint={setLint} onChanged={() => setDirty(true)} />
        <aside className="designer-side">
          <ProblemsPanel
            id="deploy-problems"
            title={t('designer.problemsTitle')}
            intro={t('designer.problems', { count: problems.length })}
            problems={worded(problems, lint, lang)}
            onReveal={reveal}
          />
          <TthcPropertiesPanel modeler={modelerInstance} />
          <ProblemsPanel id="lint-panel" title={t('designer.lintPanel')} empty={t('designer.lintOk')} problems={lint} onReveal={reveal} />
        </aside>
      </div>
    </section>
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
