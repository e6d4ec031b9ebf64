import { useI18n } from '../i18n/i18n-context';
import type { ElementProblem } from '../common/api-error';

interface Props {
  problems: ElementProblem[];
  onReveal: (elementId: string) => void;
}

/** The deploy-time problems (422 BPMN_INVALID details), each linked to its element on the canvas. */
export function ProblemsPanel({ problems, onReveal }: Props) {
  const { t } = useI18n();
  if (!problems.length) return null;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">{t('designer.problemsTitle')}</h2>
      <p className="muted small">{t('designer.problems', { count: problems.length })}</p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('designer.col.element')}</th>
            <th scope="col">{t('designer.col.rule')}</th>
            <th scope="col">{t('designer.col.message')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={`${p.elementId}-${p.rule}-${i}`}>
              <th scope="row">
                {p.elementId ? (
                  <button type="button" className="link-button" onClick={() => onReveal(p.elementId!)}>
                    {p.elementId}
                  </button>
                ) : (
                  t('common.none')
                )}
              </th>
              <td>
                <code>{p.rule ?? ''}</code>
              </td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
