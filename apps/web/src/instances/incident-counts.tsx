import type { IncidentCounts as Counts } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';

interface CountRow {
  key: string;
  /** the cells before the one that filters */
  cells: string[];
  pick: string;
  onPick: () => void;
  count: number;
}

interface Props extends Counts {
  onPick: (processKey: string, elementId: string) => void;
}

/** The open incidents counted by process and by step (of the process chosen); picking a process or a step filters the list. */
export function IncidentCounts({ byProcess, byElement, onPick }: Props) {
  const { t } = useI18n();
  return (
    <div className="incident-counts">
      <CountCard
        id="by-process-title"
        title={t('incidents.byProcess')}
        columns={[t('incidents.col.process')]}
        rows={byProcess.map((c) => ({ key: c.processKey, cells: [], pick: c.processKey, onPick: () => onPick(c.processKey, ''), count: c.count }))}
      />
      <CountCard
        id="by-element-title"
        title={t('incidents.byElement')}
        columns={[t('incidents.col.process'), t('incidents.col.element')]}
        rows={byElement.map((c) => ({ key: `${c.processKey}/${c.elementId}`, cells: [c.processKey], pick: c.elementId, onPick: () => onPick(c.processKey, c.elementId), count: c.count }))}
      />
    </div>
  );
}

function CountCard({ id, title, columns, rows }: { id: string; title: string; columns: string[]; rows: CountRow[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table className="table">
        <thead>
          <tr>
            {[...columns, t('incidents.col.count')].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
              <th scope="row">
                <button type="button" className="btn-link" onClick={r.onPick}>
                  {r.pick}
                </button>
              </th>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
