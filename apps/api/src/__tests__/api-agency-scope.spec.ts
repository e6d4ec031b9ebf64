/**
 * Agencies stay apart (issue #9), through the HTTP API on the real stack: the real API, a real
 * Temporal dev server, the real worker and a real database, with the shipped procedures
 * (processes/cap-phep-xay-dung.bpmn of SXD, processes/chung-thuc-ban-sao.bpmn of STP).
 */
import { createDossier, inTransaction, listAudit, testDatabaseKinds, updateDossier, upsertProcedure } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';

jest.setTimeout(180_000);

const TEMPORAL_PORT = 0; // a free port: no collision with other test runs
const processes = join(__dirname, '../../../../processes');
const capPhepXml = readFileSync(join(processes, 'cap-phep-xay-dung.bpmn'), 'utf8');
const chungThucXml = readFileSync(join(processes, 'chung-thuc-ban-sao.bpmn'), 'utf8');

const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-api-scope-', lockPort: true, startTimeoutMs: 600_000 });

describe.each(testDatabaseKinds())('agencies stay apart on %s', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let admin: string;
  let analyst: string;
  let officer: string;
  let officer2: string;
  let portal: string;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `api-scope-${kind}`);
    h = stack.h;
    [admin, analyst, officer, officer2, portal] = await Promise.all(['admin', 'analyst', 'officer', 'officer2', 'portal'].map((u) => h.login(u)));
    for (const xml of [capPhepXml, chungThucXml]) {
      expect((await h.call('POST', '/api/v1/deployments', { token: admin, body: xml, type: 'application/xml' })).status).toBe(201);
    }
  });
  afterAll(() => stack?.close());

  const deploy = (token: string, xml: string) => h.call('POST', '/api/v1/deployments', { token, body: xml, type: 'application/xml' });
  const versions = async (key: string) => (await h.call('GET', `/api/v1/process-definitions?key=${key}`, { token: admin })).body.items.map((d: { version: number }) => d.version);

  describe('deployments', () => {
    it("an STP analyst cannot deploy a new version of SXD's cap-phep-xay-dung: 403 AGENCY_MISMATCH, no version added", async () => {
      const res = await deploy(analyst, capPhepXml.replace('Thu lệ phí cấp giấy phép', 'Thu lệ phí (sửa bởi STP)'));
      expectErrorBody(res, 403, 'AGENCY_MISMATCH');
      expect(res.body.error.message).toContain('SXD');
      expect(await versions('cap-phep-xay-dung')).toEqual([1]);
      // nor by re-labelling it as STP's: the key belongs to SXD
      expectErrorBody(await deploy(analyst, capPhepXml.replace('tthc:agency="SXD"', 'tthc:agency="STP"')), 403, 'AGENCY_MISMATCH');
      expect(await versions('cap-phep-xay-dung')).toEqual([1]);
    });

    it('a TTHC procedure without tthc:agency is refused with 422 (even for an admin)', async () => {
      const noAgency = chungThucXml.replace(' tthc:agency="STP"', '');
      for (const token of [analyst, admin]) {
        const res = await deploy(token, noAgency);
        expectErrorBody(res, 422, 'BPMN_INVALID');
        expect(res.body.error.details).toEqual([expect.objectContaining({ elementId: 'chung-thuc-ban-sao', rule: 'tthc-agency-required' })]);
      }
      expect(await versions('chung-thuc-ban-sao')).toEqual([1]);
    });

    it('an existing key never moves to another agency, not even by an admin (409)', async () => {
      const res = await deploy(admin, chungThucXml.replace('tthc:agency="STP"', 'tthc:agency="SXD"'));
      expectErrorBody(res, 409, 'PROCESS_AGENCY_CHANGED');
      expect(await versions('chung-thuc-ban-sao')).toEqual([1]);
    });

    it("the analyst's own agency deploys; an admin deploys for any agency, audited as such", async () => {
      expect((await deploy(analyst, chungThucXml.replace('Trả kết quả chứng thực', 'Trả kết quả chứng thực (v2)'))).status).toBe(201);
      expect((await deploy(admin, capPhepXml.replace('Thu lệ phí cấp giấy phép', 'Thu lệ phí (v2)'))).status).toBe(201);
      expect(await versions('chung-thuc-ban-sao')).toEqual([1, 2]);
      expect(await versions('cap-phep-xay-dung')).toEqual([1, 2]);
      const entries = await listAudit(h.db.ds, { entity: 'deployment', limit: 100 });
      expect(entries.find((e) => e.actor === 'admin' && JSON.stringify(e.details).includes('"cap-phep-xay-dung","version":2'))?.details).toMatchObject({ asAdmin: true, agencies: ['SXD'] });
    });

    it("a process without tthc:agency deployed by an analyst belongs to the analyst's agency (other agencies cannot start it)", async () => {
      const shared = chungThucXml
        .replace(' tthc:agency="STP"', '')
        .replace(' tthc:procedureCode="2.000815"', '')
        .replace(/chung-thuc-ban-sao/g, 'stp-noi-bo');
      expect((await deploy(analyst, shared)).status).toBe(201);
      const def = await h.call('GET', '/api/v1/process-definitions?key=stp-noi-bo', { token: admin });
      expect(def.body.items).toHaveLength(1);
      // an internal process of another agency is not even known to them: the 404 of an unknown key
      const foreign = await h.call('POST', '/api/v1/process-instances', { token: officer2, json: { processKey: 'stp-noi-bo' } });
      expectErrorBody(foreign, 404, 'NOT_FOUND');
      expect(foreign.body.error.message).toBe((await h.call('POST', '/api/v1/process-instances', { token: officer2, json: { processKey: 'stp-khong-co' } })).body.error.message.replace('stp-khong-co', 'stp-noi-bo'));
      expect((await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'stp-noi-bo' } })).status).toBe(201);
    });
  });

  describe('messages', () => {
    /** starts the procedure and walks it to its supplement wait (Catch_BoSung, behind an event-based gateway in cap-phep-xay-dung) */
    const WAITS = ['Catch_BoSung', 'Gateway_ChoBoSung'];
    async function waitingForSupplement(token: string, processKey: string, dossierCode: string): Promise<string> {
      const started = await h.call('POST', '/api/v1/process-instances', { token, json: { processKey, businessKey: dossierCode, variables: { dossierCode } } });
      expect(started.status).toBe(201);
      const id = started.body.id as string;
      for (const [elementId, variables] of [['Task_TiepNhan', { ketQuaKiemTra: 'bo-sung' }], ['Task_BoSung', {}]] as const) {
        const task = await until(`${elementId} of ${dossierCode}`, async () =>
          (await h.call('GET', `/api/v1/tasks?instanceId=${id}`, { token })).body.items?.find((t: { elementId: string }) => t.elementId === elementId),
        );
        expect((await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token, json: { variables } })).status).toBe(200);
      }
      await until(`${dossierCode} to wait for the supplement`, async () =>
        (await h.call('GET', `/api/v1/process-instances/${id}`, { token })).body.activeElementIds?.some((e: string) => WAITS.includes(e)),
      );
      return id;
    }
    const view = async (id: string) => (await h.call('GET', `/api/v1/process-instances/${id}`, { token: admin })).body;

    it("an SXD officer's message with an STP dossier's key is refused like an unknown name, and the STP dossier does not move", async () => {
      const stpId = await waitingForSupplement(officer, 'chung-thuc-ban-sao', 'STP-260101-0001');
      const foreign = await h.call('POST', '/api/v1/messages', {
        token: officer2,
        json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0001', variables: { injectedBy: 'SXD' } },
      });
      expectErrorBody(foreign, 404, 'MESSAGE_NOT_CORRELATED');
      const unknown = await h.call('POST', '/api/v1/messages', { token: officer2, json: { name: 'ho-so-bo-sung-x', correlationKey: 'STP-260101-0001' } });
      expectErrorBody(unknown, 404, 'MESSAGE_NOT_CORRELATED');
      expect(foreign.body.error.message.replace('ho-so-bo-sung', 'N')).toBe(unknown.body.error.message.replace('ho-so-bo-sung-x', 'N'));

      // with an SXD dossier waiting too, the SXD officer's message reaches only that one
      const sxdId = await waitingForSupplement(officer2, 'cap-phep-xay-dung', 'SXD-260101-0001');
      const own = await h.call('POST', '/api/v1/messages', {
        token: officer2,
        json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0001', variables: { injectedBy: 'SXD' } },
      });
      expect(own).toMatchObject({ status: 202, body: { offered: 1, started: [] } });

      // the STP officer's own message then moves the STP dossier — with the STP officer's
      // variables only: the SXD message never reached it
      const legit = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0001', variables: { boSungBy: 'STP' } } });
      expect(legit.status).toBe(202);
      await until('the STP dossier back at receipt', async () => (await view(stpId)).activeElementIds.includes('Task_TiepNhan'));
      const stp = await view(stpId);
      expect(stp.variables).toMatchObject({ boSungBy: 'STP' });
      expect(stp.variables).not.toHaveProperty('injectedBy');
      expect((await view(sxdId)).activeElementIds).toEqual([expect.stringMatching(/^(Catch_BoSung|Gateway_ChoBoSung)$/)]);
    });

    it("with a dossier code as key, only the dossier's agency and receiving unit reach it", async () => {
      const instanceId = await waitingForSupplement(officer, 'chung-thuc-ban-sao', 'STP.MOTCUA-261202-0007');
      // the dossier row (what POST /dossiers writes with the instance; received at MOTCUA of STP)
      const procedure = { code: '2.000815', processKey: 'chung-thuc-ban-sao', name: 'Chứng thực bản sao từ bản chính', agency: 'STP', field: 'Chứng thực', level: 'province' as const, statutoryDays: 1, cutoff: '15:00', fees: [], components: [{ id: 'ban-sao', name: 'Bản sao', form: 'copy' as const, count: 1, required: true }], resultDocuments: [], legalBasis: [] };
      await upsertProcedure(h.api.ds, procedure);
      const inst = (await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: admin })).body;
      await inTransaction(h.api.ds, async (m) => {
        const id = randomUUID();
        await createDossier(m, {
          id, procedureCode: procedure.code, components: procedure.components, processKey: procedure.processKey, definitionId: inst.definitionId ?? randomUUID(), definitionVersion: inst.version,
          instanceId, agency: 'STP', receivingUnit: 'MOTCUA', channel: 1,
          applicant: { type: 1, name: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Hưng Yên', phone: null, email: null },
          summary: 'Chứng thực bản sao', submittedAt: new Date(), createdBy: 'officer', at: new Date(),
          progress: { actor: 'officer', handler: 'Nguyễn Thị Cán Bộ', handlerTitle: 'Cán bộ', unitName: 'Bộ phận Một cửa', content: 'Tiếp nhận' },
        });
        await updateDossier(m, id, { code: 'STP.MOTCUA-261202-0007' }, { kind: 'dossier.received', actor: 'officer', unit: 'MOTCUA', at: new Date() });
      });
      // an STP officer of another unit (HCTP only) and the SXD officer: the same 404 as an unknown name
      const created = await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'hctp1', fullName: 'Cán bộ HCTP', password: 'Hctp@12345', roles: ['officer'], agency: 'STP', units: ['HCTP'] } });
      expect(created.status).toBe(201);
      const hctp = await h.login('hctp1', 'Hctp@12345');
      for (const token of [hctp, officer2]) {
        expectErrorBody(await h.call('POST', '/api/v1/messages', { token, json: { name: 'ho-so-bo-sung', correlationKey: 'STP.MOTCUA-261202-0007', variables: { by: 'other' } } }), 404, 'MESSAGE_NOT_CORRELATED');
      }
      expect((await view(instanceId)).activeElementIds).toEqual(['Catch_BoSung']);
      // the receiving unit's officer reaches exactly that dossier's instance
      const own = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'ho-so-bo-sung', correlationKey: 'STP.MOTCUA-261202-0007', variables: { by: 'MOTCUA' } } });
      expect(own).toMatchObject({ status: 202, body: { offered: 1 } });
      await until('the dossier back at receipt', async () => (await view(instanceId)).activeElementIds.includes('Task_TiepNhan'));
      expect((await view(instanceId)).variables).toMatchObject({ by: 'MOTCUA' });
    });

    it("the portal's service account forwards a citizen's resubmission on its own route, and reaches nothing else", async () => {
      const id = await waitingForSupplement(officer, 'chung-thuc-ban-sao', 'STP-260101-0002');
      expectErrorBody(await h.call('POST', '/api/v1/messages', { token: portal, json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0002' } }), 403, 'FORBIDDEN');
      expectErrorBody(await h.call('GET', '/api/v1/process-instances', { token: portal }), 403, 'FORBIDDEN');
      expectErrorBody(await h.call('GET', '/api/v1/tasks', { token: portal }), 403, 'FORBIDDEN');
      // officers cannot use the portal's route
      expectErrorBody(await h.call('POST', '/api/v1/portal/messages', { token: officer, json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0002' } }), 403, 'FORBIDDEN');
      // the portal always names a dossier
      expectErrorBody(await h.call('POST', '/api/v1/portal/messages', { token: portal, json: { name: 'ho-so-bo-sung' } }), 400, 'VALIDATION_FAILED');

      const res = await h.call('POST', '/api/v1/portal/messages', { token: portal, json: { name: 'ho-so-bo-sung', correlationKey: 'STP-260101-0002', variables: { nopLai: 'cong-dich-vu-cong' } } });
      expect(res.status).toBe(202);
      await until('the resubmitted dossier back at receipt', async () => (await view(id)).activeElementIds.includes('Task_TiepNhan'));
      expect((await view(id)).variables).toMatchObject({ nopLai: 'cong-dich-vu-cong' });
      const audit = await listAudit(h.db.ds, { entity: 'message', limit: 100 });
      expect(audit.find((e) => e.entityId === res.body.messageId)).toMatchObject({ actor: 'portal', details: { channel: 'portal' } });
    });
  });

  describe('records of another agency', () => {
    it("an SXD officer gets an STP instance, its task and its documents answered exactly like unknown ids (404), reading or acting", async () => {
      const started = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'chung-thuc-ban-sao', businessKey: 'STP-260101-0009', variables: { dossierCode: 'STP-260101-0009' } } });
      expect(started.status).toBe(201);
      const id = started.body.id as string;
      const task = await until('the receipt task of STP-260101-0009', async () =>
        (await h.call('GET', `/api/v1/tasks?instanceId=${id}`, { token: officer })).body.items?.find((t: { elementId: string }) => t.elementId === 'Task_TiepNhan'),
      );
      const unknownId = randomUUID();
      const asSxd = (method: string, path: string, json?: unknown) => h.call(method, `/api/v1${path}`, { token: officer2, json });
      const probes: Array<[string, string, unknown?]> = [
        ['GET', '/process-instances/:i'],
        ['GET', '/process-instances/:i/history'],
        ['GET', '/process-instances/:i/documents'],
        ['POST', '/process-instances/:i/cancel'],
        ['GET', '/tasks/:t'],
        ['GET', '/tasks/:t/form'],
        ['POST', '/tasks/:t/claim'],
        ['POST', '/tasks/:t/complete', { variables: {} }],
      ];
      for (const [method, path, json] of probes) {
        const foreign = await asSxd(method, path.replace(':i', id).replace(':t', task.id), json);
        const unknown = await asSxd(method, path.replace(':i', unknownId).replace(':t', unknownId), json);
        expectErrorBody(foreign, 404, 'NOT_FOUND');
        // the same answer as for an id that exists nowhere, but for the id itself
        expect({ path, body: foreign.body }).toEqual({ path, body: JSON.parse(JSON.stringify(unknown.body).replaceAll(unknownId, path.includes(':i') ? id : task.id)) });
      }
      // nothing moved: the STP officer still finds the instance active and the task open, unclaimed
      expect((await h.call('GET', `/api/v1/process-instances/${id}`, { token: officer })).body).toMatchObject({ id, state: 'ACTIVE' });
      expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body).toMatchObject({ id: task.id, state: 'OPEN' });
      expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.assignee ?? null).toBeNull();
    });
  });
});
