/**
 * Drives dossiers through the started product's API the way the portal and officers do:
 * submit, wait for a task, complete it, upload a scan or a result, download a stored PDF.
 * Shared by test/dossier-lifecycle.e2e.spec.ts and test/shipped-procedures.e2e.spec.ts.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { TestApi } from './api-client';

export interface Applicant {
  type: number;
  name: string;
  idNumber: string;
  address: string;
  phone?: string;
  email?: string;
}

export interface SubmittedDossier {
  id: string;
  instanceId: string;
  workflowId: string;
}

/** the portal submits an online dossier (channel 2); the officer sees it in status 1 */
export async function submitDossier(portal: TestApi, officer: TestApi, procedureCode: string, applicant: Applicant, summary: string): Promise<SubmittedDossier> {
  const res = await portal.call('POST', '/api/v1/dossiers', { procedureCode, channel: 2, applicant, summary });
  if (res.status !== 201) throw new Error(`submit ${procedureCode}: ${res.status} ${res.text}`);
  const view = (await officer.call('GET', `/api/v1/dossiers/${res.body.id}`)).body;
  expect(view.status).toBe(1);
  return { id: res.body.id, instanceId: view.instanceId, workflowId: view.workflowId };
}

/** the open task of an element of an instance, as the officer's inbox lists it (waits for it) */
export async function openTask(api: TestApi, instanceId: string, elementId: string, timeoutMs?: number) {
  return api.until(
    async () => {
      const res = await api.call('GET', `/api/v1/tasks?instanceId=${instanceId}&state=OPEN&limit=50`);
      return (res.body.items as any[])?.find((t) => t.elementId === elementId);
    },
    `open task ${elementId}`,
    timeoutMs,
  );
}

export async function completeVia(api: TestApi, taskId: string, variables: Record<string, unknown> = {}) {
  return api.call('POST', `/api/v1/tasks/${taskId}/complete`, { variables });
}

/** multipart upload of a PDF to a dossier: a component scan (`componentId`) or a result (`kind: result`) */
export async function uploadPdf(api: TestApi, dossierId: string, bytes: Uint8Array, fields: Record<string, string>, name: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${api.baseUrl}/api/v1/dossiers/${dossierId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: form });
  const body = await res.json();
  expect([200, 201]).toContain(res.status);
  return body as { id: string };
}

/** a one-page PDF (standard font, ASCII text): a scan or an unsigned result */
export async function simplePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

export async function downloadBytes(api: TestApi, path: string): Promise<Buffer> {
  const get = () => fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
  // a keep-alive socket the server closed while the test ran a slow external validator: one new connection
  const res = await get().catch(get);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}
