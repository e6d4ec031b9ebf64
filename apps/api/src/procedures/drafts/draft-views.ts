import type { DraftCommentView, DraftEditorView, DraftSummaryView, DraftView, VersionEntryView } from '@tthc/contracts';
import type { DraftCommentEntity, DraftEditorEntity, DraftSummary, ProcedureDraftEntity, VersionEntry } from '@tthc/persistence';

export function toDraftSummaryView(d: DraftSummary): DraftSummaryView {
  return {
    id: d.id,
    processKey: d.processKey,
    name: d.name,
    agency: d.agency,
    revision: d.revision,
    baseVersion: d.baseVersion,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    updatedBy: d.updatedBy,
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function toDraftView(d: ProcedureDraftEntity): DraftView {
  return { ...toDraftSummaryView(d), xml: d.xml };
}

export const toDraftEditorView = (e: DraftEditorEntity): DraftEditorView => ({ username: e.username, openedAt: e.openedAt.toISOString(), seenAt: e.seenAt.toISOString() });

export const toDraftCommentView = (c: DraftCommentEntity): DraftCommentView => ({
  id: c.id,
  elementId: c.elementId,
  author: c.author,
  body: c.body,
  createdAt: c.createdAt.toISOString(),
});

export const toVersionEntryView = (v: VersionEntry): VersionEntryView => ({ ...v, at: v.at.toISOString() });

/**
 * Process id and name of the first process of a BPMN text, read without parsing it: a draft
 * is saved in any state (even half-drawn); publishing compiles it for real.
 */
export function processHeadOf(xml: string): { key: string | null; name: string | null } {
  const tag = /<(?:[\w-]+:)?process\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1] ?? null;
  return { key: attr('id'), name: attr('name') };
}
