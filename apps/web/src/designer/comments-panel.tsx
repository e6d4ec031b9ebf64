import { useEffect, useState, type FormEvent } from 'react';
import type { DraftCommentView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../common/error-text';
import { formatDateTime } from '../common/format-date';
import { addComment, listComments } from './drafts-api';

/** Remarks on a draft, each optionally about the element selected when it was written. */
export function CommentsPanel({ draftId, selectedId, onReveal }: { draftId: string; selectedId: string | null; onReveal: (id: string) => void }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<DraftCommentView[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    listComments(draftId, ctrl.signal).then(setItems, (e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ctrl.abort();
  }, [draftId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    try {
      const c = await addComment(draftId, text.trim(), selectedId);
      setItems((list) => [...list, c]);
      setText('');
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="problems comments-panel" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title')}</h2>
      {items.length === 0 && <p className="muted small">{t('comments.none')}</p>}
      <ul className="plain comment-list">
        {items.map((c) => (
          <li key={c.id}>
            <span className="small">
              <strong>{c.author}</strong> · {formatDateTime(c.createdAt, lang)}
              {c.elementId && (
                <>
                  {' · '}
                  <button type="button" className="link-button" onClick={() => onReveal(c.elementId!)}>
                    {c.elementId}
                  </button>
                </>
              )}
            </span>
            <p className="comment-body">{c.body}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="comment-text">{selectedId ? t('comments.newOn', { id: selectedId }) : t('comments.new')}</label>
          <textarea id="comment-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        {error != null && (
          <p className="field-error" role="alert">
            {errorText(error, t)}
          </p>
        )}
        <button type="submit" className="btn" disabled={!text.trim()}>
          {t('comments.add')}
        </button>
      </form>
    </section>
  );
}
