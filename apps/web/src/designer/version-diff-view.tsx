import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { VersionEntryView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';
import { DIAGRAM_FONT } from '../common/diagram-font';
import { ErrorMessage, Loading } from '../common/feedback';
import type { ElementChange, FormChange } from './version-diff-model';
import { diffForms, diffVersions } from './version-diff-model';
import { versionForms, versionXml } from './drafts-api';

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(mode: 'fit-viewport', center?: 'auto'): void;
}
interface Registry {
  get(id: string): unknown;
}

/** One side of the diff: the diagram of a version with the changed elements marked. */
function DiffDiagram({ xml, marks, label }: { xml: string; marks: Array<[string, string]>; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const viewer = new NavigatedViewer({
      container: host.current!,
      textRenderer: { defaultStyle: { fontFamily: DIAGRAM_FONT, fontSize: 12 } },
    } as ConstructorParameters<typeof NavigatedViewer>[0]);
    let live = true;
    void viewer.importXML(xml).then(() => {
      if (!live) return;
      const canvas = viewer.get<Canvas>('canvas');
      const registry = viewer.get<Registry>('elementRegistry');
      marks.filter(([id]) => registry.get(id)).forEach(([id, marker]) => canvas.addMarker(id, marker));
      canvas.zoom('fit-viewport', 'auto');
    });
    return () => {
      live = false;
      viewer.destroy();
    };
  }, [xml, marks]);
  return <div ref={host} className="diff-canvas" role="group" aria-label={label} />;
}

const KIND_MARK: Record<ElementChange['kind'], string> = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-changed', layout: 'diff-layout' };

/** The task forms that differ: they are pinned outside the XML, so the diagrams do not show them. */
function FormChanges({ changes }: { changes: FormChange[] }) {
  const { t } = useI18n();
  return (
    <section className="diff-forms" aria-labelledby="diff-forms-title">
      <h3 id="diff-forms-title">{t('diff.forms')}</h3>
      <ul className="plain">
        {changes.map((c) => (
          <li key={c.formId} data-form-id={c.formId} data-change={c.kind}>
            <span className={`legend ${KIND_MARK[c.kind]}`}>{t(`diff.${c.kind}` as MessageKey)}</span> <code>{c.formId}</code>
            {c.fields.length > 0 && (
              <ul className="plain diff-fields">
                {c.fields.map((f) => (
                  <li key={f.key} data-field-key={f.key} data-change={f.kind}>
                    <span className={`legend ${KIND_MARK[f.kind]}`}>{t(`diff.${f.kind}` as MessageKey)}</span> {f.label ?? ''} <code>{f.key}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The visual diff of two history entries: both diagrams side by side — removed and changed
 * elements marked on the older one, added, changed and moved ones on the newer — and the list
 * of changes with every changed attribute (`tthc:` ones included), and the task forms that changed.
 */
export function VersionDiffView({ before, after, beforeLabel, afterLabel }: { before: VersionEntryView; after: VersionEntryView; beforeLabel: string; afterLabel: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<{ before: string; after: string; changes: ElementChange[]; forms: FormChange[] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    Promise.all([versionXml(before.id), versionXml(after.id), versionForms(before), versionForms(after)])
      .then(async ([a, b, formsA, formsB]) => ({ before: a, after: b, changes: await diffVersions(a, b), forms: diffForms(formsA, formsB) }))
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [before, after]);

  if (error != null) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const marksBefore = data.changes.filter((c) => c.kind === 'removed' || c.kind === 'changed').map((c): [string, string] => [c.id, KIND_MARK[c.kind]]);
  const marksAfter = data.changes.filter((c) => c.kind !== 'removed').map((c): [string, string] => [c.id, KIND_MARK[c.kind]]);
  return (
    <section className="version-diff" aria-labelledby="diff-title">
      <h2 id="diff-title">{t('versions.diffTitle', { before: beforeLabel, after: afterLabel })}</h2>
      <p className="small diff-legend">
        <span className="legend diff-added">{t('diff.added')}</span> <span className="legend diff-removed">{t('diff.removed')}</span>{' '}
        <span className="legend diff-changed">{t('diff.changed')}</span> <span className="legend diff-layout">{t('diff.layout')}</span>
      </p>
      <div className="diff-diagrams">
        <DiffDiagram xml={data.before} marks={marksBefore} label={t('versions.before', { label: beforeLabel })} />
        <DiffDiagram xml={data.after} marks={marksAfter} label={t('versions.after', { label: afterLabel })} />
      </div>
      {data.changes.length === 0 && data.forms.length === 0 && <p>{t('diff.none')}</p>}
      {data.changes.length > 0 && (
        <table className="table diff-table">
          <thead>
            <tr>
              <th scope="col">{t('diff.col.change')}</th>
              <th scope="col">{t('designer.col.element')}</th>
              <th scope="col">{t('diff.col.attrs')}</th>
            </tr>
          </thead>
          <tbody>
            {data.changes.map((c) => (
              <tr key={`${c.kind}-${c.id}`} data-change={c.kind} data-element-id={c.id}>
                <td>
                  <span className={`legend ${KIND_MARK[c.kind]}`}>{t(`diff.${c.kind}` as MessageKey)}</span>
                </td>
                <td>
                  {c.name ?? ''} <code>{c.id}</code> <span className="muted small">{c.type}</span>
                </td>
                <td>
                  {c.attrs.length > 0 && (
                    <ul className="plain">
                      {c.attrs.map((a) => (
                        <li key={a.name}>
                          <code>{a.name}</code>: <del>{a.before ?? '—'}</del> → <ins>{a.after ?? '—'}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.forms.length > 0 && <FormChanges changes={data.forms} />}
    </section>
  );
}
