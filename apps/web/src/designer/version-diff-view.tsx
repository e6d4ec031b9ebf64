import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';
import { DIAGRAM_FONT } from '../common/diagram-font';
import { ErrorMessage, Loading } from '../common/feedback';
import type { ElementChange } from './version-diff-model';
import { diffVersions } from './version-diff-model';
import { versionXml } from './drafts-api';

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
  return <div ref={host} className="diff-canvas" role="img" aria-label={label} />;
}

const KIND_MARK: Record<ElementChange['kind'], string> = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-changed', layout: 'diff-layout' };

/**
 * The visual diff of two history entries: both diagrams side by side — removed and changed
 * elements marked on the older one, added, changed and moved ones on the newer — and the list
 * of changes with every changed attribute (`tthc:` ones included).
 */
export function VersionDiffView({ beforeId, afterId, beforeLabel, afterLabel }: { beforeId: string; afterId: string; beforeLabel: string; afterLabel: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<{ before: string; after: string; changes: ElementChange[] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    Promise.all([versionXml(beforeId), versionXml(afterId)])
      .then(async ([before, after]) => ({ before, after, changes: await diffVersions(before, after) }))
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [beforeId, afterId]);

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
      {data.changes.length === 0 ? (
        <p>{t('diff.none')}</p>
      ) : (
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
    </section>
  );
}
