import { getDefinition, listDraftForms, type ProcedureDraftEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';

/**
 * The forms a publication of the draft carries, form id → stored schema hash: those the
 * procedure's current version pins (the shipped `processes/forms`, or an earlier publication),
 * overridden by the ones edited in the draft. Without them an unchanged drawing would become a
 * version whose tasks lost their forms.
 */
export async function draftFormsToPublish(ds: DataSource, draft: Pick<ProcedureDraftEntity, 'id' | 'processKey'>): Promise<Map<string, string>> {
  const current = draft.processKey ? await getDefinition(ds, draft.processKey) : null;
  return new Map([...Object.entries(current?.graph.forms ?? {}), ...Object.entries(await listDraftForms(ds, draft.id))]);
}
