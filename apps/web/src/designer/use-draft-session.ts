import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftEditorView, DraftView } from '@tthc/contracts';
import { ApiError } from '../common/api-error';
import { announceEditor, leaveDraft, saveDraft } from './drafts-api';

/** how long the analyst may pause before the draft is saved */
const AUTOSAVE_MS = 1200;
/** presence refresh (the server counts an editor as present for 90 s) */
const PRESENCE_MS = 30_000;

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'conflict'; by: string; revision: number }
  | { kind: 'failed'; error: unknown };

/**
 * A draft open in the designer: debounced autosave from the revision it was loaded at
 * (a save refused with DRAFT_CONFLICT stops autosaving until the analyst chooses), and
 * presence — who else has the same draft open — refreshed every 30 s.
 */
export function useDraftSession(draft: DraftView | null, exportXml: () => Promise<string>) {
  const revision = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: '' });
  const [others, setOthers] = useState<DraftEditorView[]>([]);
  const stateRef = useRef(state);
  stateRef.current = state;
  const id = draft?.id ?? null;

  useEffect(() => {
    if (!draft) return;
    revision.current = draft.revision;
    setState({ kind: 'saved', at: draft.updatedAt });
  }, [draft]);

  const saveNow = useCallback(async (): Promise<void> => {
    if (!id) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (running.current) {
      again.current = true;
      return running.current;
    }
    if (stateRef.current.kind === 'conflict') return;
    const run = (async () => {
      setState({ kind: 'saving' });
      try {
        const saved = await saveDraft(id, await exportXml(), revision.current);
        revision.current = saved.revision;
        setState({ kind: 'saved', at: saved.updatedAt });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'DRAFT_CONFLICT') {
          const d = e.details as { revision: number; updatedBy: string };
          setState({ kind: 'conflict', by: d.updatedBy, revision: d.revision });
          again.current = false;
        } else setState({ kind: 'failed', error: e });
      }
    })();
    running.current = run;
    await run;
    running.current = null;
    if (again.current) {
      again.current = false;
      await saveNow();
    }
  }, [id, exportXml]);

  const changed = useCallback(() => {
    if (!id || stateRef.current.kind === 'conflict') return;
    setState({ kind: 'pending' });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
  }, [id, saveNow]);

  /** overwrite the other analyst's save with what is on screen */
  const overwrite = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'conflict') return;
    revision.current = s.revision;
    stateRef.current = { kind: 'pending' };
    await saveNow();
  }, [saveNow]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    const beat = () =>
      announceEditor(id)
        .then((list) => live && setOthers(list))
        .catch(() => undefined);
    void beat();
    const every = setInterval(beat, PRESENCE_MS);
    return () => {
      live = false;
      clearInterval(every);
      if (timer.current) clearTimeout(timer.current);
      void leaveDraft(id).catch(() => undefined);
      setOthers([]);
    };
  }, [id]);

  return { state, others, changed, saveNow, overwrite, revision: () => revision.current };
}
