/**
 * A dossier world for the worker's step-guard specs: the STP agency and its units, officers
 * (one of them holds a dev-PKI signing certificate in their own name), the chứng thực procedure
 * in the catalog, and a helper that files a dossier and starts its run the way the API does
 * (dossier row + components + instance row, then runProcess `dossier/<id>` with `dossierId`).
 */
import { COMPLETE_TASK_UPDATE, RUN_PROCESS_WORKFLOW, type CompleteTaskArgs, type CompleteTaskResult, type ProcedureEntry, type RunProcessInput } from '@tthc/contracts';
import {
  createDossier,
  ensureUser,
  getDossier,
  inTransaction,
  insertDocument,
  insertInstanceIn,
  LocalBlobStore,
  setComponentDocument,
  upsertAgency,
  upsertProcedure,
  upsertUnit,
  type BlobStore,
  type DossierEntity,
} from '@tthc/persistence';
import { newDossier, PROCEDURE } from '@tthc/persistence/src/testing/dossier-fixture';
import { ensureDevPki, loadSigningConfig, Pkcs12KeyProvider, signPdf, type DevPkiResult } from '@tthc/signing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ProcessHarness, type Deployed, type HarnessOptions } from './process-harness';

export const CHUNG_THUC_BPMN = readFileSync(join(__dirname, '../../../../processes/chung-thuc-ban-sao.bpmn'), 'utf8');

export { PROCEDURE };

/** the officer of the receiving unit; their full name is the CN of a dev-PKI signer */
export const OFFICER = 'officer';
/** same agency, not of the receiving unit (HCTP only) */
export const OTHER_UNIT_OFFICER = 'hctp';

export async function seedWorld(h: ProcessHarness, pki: DevPkiResult): Promise<void> {
  await upsertAgency(h.ds, { code: 'STP', name: 'Sở Tư pháp' });
  await upsertUnit(h.ds, { agency: 'STP', code: 'MOTCUA', name: 'Bộ phận Một cửa' });
  await upsertUnit(h.ds, { agency: 'STP', code: 'HCTP', name: 'Phòng Hành chính tư pháp' });
  const officerName = pki.signers.find((s) => s.role === 'officer')!.name;
  await ensureUser(h.ds, { username: OFFICER, fullName: officerName, passwordHash: 'x', roles: ['officer'], agency: 'STP', units: ['MOTCUA', 'HCTP'] });
  await ensureUser(h.ds, { username: OTHER_UNIT_OFFICER, fullName: 'Lê Văn Tư Pháp', passwordHash: 'x', roles: ['officer'], agency: 'STP', units: ['HCTP'], groups: ['MOTCUA'] });
  await upsertProcedure(h.ds, PROCEDURE);
}

export async function devPki(dir: string): Promise<DevPkiResult> {
  return ensureDevPki(join(dir, 'pki'));
}

export interface RunningDossier {
  dossierId: string;
  instanceId: string;
  workflowId: string;
  componentIds: string[];
}

/** files an online dossier (status 1) and starts its run, as POST /dossiers does */
export async function fileDossier(
  h: ProcessHarness,
  def: Deployed,
  over: { submittedAt?: Date; channel?: 1 | 2 | 3; procedure?: ProcedureEntry } = {},
): Promise<RunningDossier> {
  const procedure = over.procedure ?? PROCEDURE;
  const dossierId = randomUUID();
  const instanceId = randomUUID();
  const workflowId = `dossier/${dossierId}`;
  const at = over.submittedAt ?? new Date();
  const { components } = await inTransaction(h.ds, async (m) => {
    const created = await createDossier(
      m,
      newDossier({
        id: dossierId,
        procedureCode: procedure.code,
        components: procedure.components,
        processKey: def.key,
        definitionId: def.definitionId,
        definitionVersion: def.version,
        instanceId,
        agency: procedure.agency,
        channel: over.channel ?? 2,
        applicant: { type: 1, name: 'Nguyễn Văn Bình', idNumber: '033090012345', address: 'Phố Hiến, Hưng Yên', phone: '0912345678', email: null },
        submittedAt: at,
        at,
      }),
    );
    await insertInstanceIn(m, { id: instanceId, processKey: def.key, version: def.version, definitionId: def.definitionId, variables: {}, workflowId, dossierId });
    return created;
  });
  const input: RunProcessInput = {
    definitionId: def.definitionId,
    definitionHash: def.hash,
    processKey: def.key,
    version: def.version,
    instanceId,
    variables: {},
    graph: def.graph,
    agency: procedure.agency,
    dossierId,
  };
  Object.assign(input, await h.pinFor(input));
  await h.client.workflow.start(RUN_PROCESS_WORKFLOW, { taskQueue: h.taskQueue, workflowId, args: [input] });
  return { dossierId, instanceId, workflowId, componentIds: components.filter((c) => c.required).map((c) => c.id) };
}

/** the direct Temporal update, bypassing the API */
export function completeTask(h: ProcessHarness, d: RunningDossier, args: CompleteTaskArgs): Promise<CompleteTaskResult> {
  return h.client.workflow.getHandle(d.workflowId).executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, { args: [args] });
}

/** a one-page PDF with Vietnamese-free text (standard font), as a scanned component or an unsigned result */
export async function simplePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

export async function storeDocument(
  h: ProcessHarness,
  blobs: BlobStore,
  d: RunningDossier,
  bytes: Uint8Array,
  kind: 'component' | 'result',
  name: string,
): Promise<string> {
  const blob = await blobs.put(bytes);
  const doc = await insertDocument(h.ds, {
    instanceId: d.instanceId,
    dossierId: d.dossierId,
    kind,
    name,
    mediaType: 'application/pdf',
    sizeBytes: blob.size,
    sha256: blob.sha256,
    storageKey: blob.key,
    uploadedBy: OFFICER,
  });
  return doc.id;
}

export async function digitiseComponents(h: ProcessHarness, blobs: BlobStore, d: RunningDossier): Promise<void> {
  for (const componentId of d.componentIds) {
    const documentId = await storeDocument(h, blobs, d, await simplePdf(`scan ${componentId}`), 'component', `scan-${componentId}.pdf`);
    await inTransaction(h.ds, (m) => setComponentDocument(m, d.dossierId, componentId, { documentId }, { actor: OFFICER, unit: 'MOTCUA', at: new Date() }));
  }
}

/** signs with the dev-PKI key of `signerName` (PAdES) */
export async function signAs(pki: DevPkiResult, signerName: string, pdf: Uint8Array): Promise<Uint8Array> {
  const signer = pki.signers.find((s) => s.name === signerName)!;
  const provider = await Pkcs12KeyProvider.open(readFileSync(signer.p12), pki.password);
  return (await signPdf(pdf, { provider, reason: 'Chứng thực bản sao' })).pdf;
}

export async function dossierRow(h: ProcessHarness, id: string): Promise<DossierEntity> {
  return (await getDossier(h.ds, id))!;
}

/** a harness running the dossier activities in a folder of its own, the demo world seeded, the shipped chứng thực procedure deployed */
export interface DossierWorld {
  h: ProcessHarness;
  dir: string;
  pki: DevPkiResult;
  blobs: LocalBlobStore;
  def: Deployed;
  close(): Promise<void>;
}

export async function openDossierWorld(name: string, options: Pick<HarnessOptions, 'port' | 'timeSkipping'> = {}): Promise<DossierWorld> {
  const dir = mkdtempSync(join(tmpdir(), `tthc-${name}-`));
  const pki = await devPki(dir);
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  const env = { TTHC_DEV_PKI_DIR: join(dir, 'pki') } as NodeJS.ProcessEnv;
  const h = await ProcessHarness.create({ ...options, dossiers: { dataDir: dir, blobs, signing: () => loadSigningConfig(env, { dataDir: dir }) } });
  await seedWorld(h, pki);
  const def = (await h.deploy(CHUNG_THUC_BPMN))['chung-thuc-ban-sao'];
  return {
    h, dir, pki, blobs, def,
    async close() {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
