import type { DraftCommentView, DraftEditorView, DraftSummaryView, DraftView, PublishResultView, TaskFormView, VersionEntryView } from '@tthc/contracts';
import { api } from '../common/api-client';

export const listDrafts = (signal?: AbortSignal) => api<{ items: DraftSummaryView[] }>('/procedure-drafts', { signal }).then((r) => r.items);
export const getDraft = (id: string, signal?: AbortSignal) => api<DraftView>(`/procedure-drafts/${id}`, { signal });
/** the agency's draft of that process key, created from the deployed version when there is none */
export const draftFromVersion = (fromKey: string, fromVersion?: number) => api<DraftView>('/procedure-drafts', { method: 'POST', json: { fromKey, fromVersion } });
export const draftFromXml = (xml: string, name?: string) => api<DraftView>('/procedure-drafts', { method: 'POST', json: { xml, name } });
export const saveDraft = (id: string, xml: string, baseRevision: number) =>
  api<{ revision: number; updatedAt: string }>(`/procedure-drafts/${id}`, { method: 'PUT', json: { xml, baseRevision } });
export const announceEditor = (id: string) => api<{ others: DraftEditorView[] }>(`/procedure-drafts/${id}/editors`, { method: 'POST' }).then((r) => r.others);
export const leaveDraft = (id: string) => api<void>(`/procedure-drafts/${id}/editors/me`, { method: 'DELETE' });
export const listComments = (id: string, signal?: AbortSignal) => api<{ items: DraftCommentView[] }>(`/procedure-drafts/${id}/comments`, { signal }).then((r) => r.items);
export const addComment = (id: string, body: string, elementId: string | null) =>
  api<DraftCommentView>(`/procedure-drafts/${id}/comments`, { method: 'POST', json: { body, elementId } });
export const publishDraft = (id: string, revision: number, note: string) =>
  api<PublishResultView>(`/procedure-drafts/${id}/publish`, { method: 'POST', json: { revision, note } });
export const listVersions = (key: string, signal?: AbortSignal) =>
  api<{ items: VersionEntryView[] }>(`/procedure-versions?key=${encodeURIComponent(key)}`, { signal }).then((r) => r.items);
export const versionXml = (id: string) => api<string>(`/procedure-versions/${id}/xml`, { text: true });
/** the forms an engine version pins, by form id (they live outside the XML) */
export const versionForms = (v: Pick<VersionEntryView, 'processKey' | 'definitionVersion'>) =>
  api<{ forms: TaskFormView[] }>(`/process-definitions/${encodeURIComponent(v.processKey)}/versions/${v.definitionVersion}/forms`).then((r) =>
    Object.fromEntries(r.forms.map((f) => [f.formKey, f])),
  );
/** the draft's form: edited in the draft, else the one its version pins (`formKey` an id, or an older `sha256:` key) */
export const getDraftForm = (id: string, formKey: string, signal?: AbortSignal) =>
  api<TaskFormView>(`/procedure-drafts/${id}/forms/${encodeURIComponent(formKey)}`, { signal });
export const saveDraftForm = (id: string, formId: string, schema: Record<string, unknown>) =>
  api<TaskFormView>(`/procedure-drafts/${id}/forms/${encodeURIComponent(formId)}`, { method: 'PUT', json: { schema } });
