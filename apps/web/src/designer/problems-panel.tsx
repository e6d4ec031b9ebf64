import { useI18n } from '../i18n/i18n-context';
import type { ElementProblem } from '../common/api-error';

interface Props {
  id: string;
  title: string;
  intro?: string;
  empty?: string;
  problems: ElementProblem[];
  onReveal: (elementId: string) => void;
}

/** A list of problems (deploy-time 422 details or the live TTHC lint), each linked to its element. */
export function ProblemsPanel({ id, title, intro, empty, problems, onReveal }: Props) {
  const { t, lang } = useI18n();
  if (!problems.length && !empty) return null;
  return (
    <section className={problems.length ? 'problems' : 'problems problems-ok'} aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {problems.length > 0 && <span className="badge badge-failed">{problems.length}</span>}
      </h2>
      {problems.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <>
          {intro && <p className="muted small">{intro}</p>}
          <ul className="problem-list">
            {problems.map((p, i) => (
              <li key={`${p.elementId}-${p.rule}-${i}`}>
                {p.elementId ? (
                  <button type="button" className="link-button" onClick={() => onReveal(p.elementId!)}>
                    {p.elementId}
                  </button>
                ) : (
                  <span>{t('common.none')}</span>
                )}
                {p.rule && <code className="rule-id">{p.rule}</code>}
                <p>{lang === 'vi' && p.messageVi ? p.messageVi : p.message}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
