/**
 * Issue 13, the auditor's tools through the real `tthc` binary against the real API, with a
 * real Temporal dev server (a free port), the real worker (which runs the replay) and a real
 * SQLite database: `tthc replay` (determinism check) and `tthc audit verify`.
 */
import {
  appendDossierEvent,
  auditKeysFor,
  createDossierChainCheckpoint,
  DOSSIER_GENESIS_HASH,
  dossierCodeUnit,
  inTransaction,
  issueDossierCode,
  legacyAuditEntryHash,
  legacyDossierEventHash,
  listDossierEvents,
  updateDossier,
} from '@tthc/persistence';
import { unzipSync } from 'fflate';
import { generateKeyPairSync } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The CLI's tests drive the API's own test stack (the real API and worker in-process); test code only.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../../../api/src/__tests__/support/temporal-stack';
import { historyToJSON } from '@tthc/contracts/src/history-json';
import { repoRoot, tthc } from './run-cli.util';

jest.setTimeout(240_000);

const tmp = mkdtempSync(join(tmpdir(), 'tthc-cli-audit-'));
const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-cli-audit-temporal-' });

let stack: ApiWithWorker;
const as = (user: string) => ({ TTHC_URL: stack.h.url, TTHC_USER: user, TTHC_PASSWORD: 'Demo@123' });
const json = (text: string) => JSON.parse(text);
/** a completed demo-approval instance, and a dossier (with its code) waiting at receipt */
let completed: string;
let dossier: { id: string; code: string; instanceId: string };

beforeAll(async () => {
  stack = await startApiWithWorker('sqlite', server.address, 'cli-audit', { processesDir: join(repoRoot, 'processes') });
  const officer = await stack.h.login('officer');
  const started = await stack.h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', variables: { approved: true } } });
  expect(started.status).toBe(201);
  completed = started.body.id;
  const task = await until('the review task', async () => {
    const res = await stack.h.call('GET', `/api/v1/tasks?instanceId=${completed}`, { token: officer });
    return res.body.items?.find((t: { state: string }) => t.state === 'OPEN');
  });
  expect((await stack.h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { approved: true } } })).status).toBe(200);
  await until('the instance to complete', async () => (await stack.h.call('GET', `/api/v1/process-instances/${completed}`, { token: officer })).body.state === 'COMPLETED');

  const submitted = await stack.h.call('POST', '/api/v1/dossiers', {
    token: await stack.h.login('portal'),
    json: { procedureCode: '2.000815', applicant: { type: 1, name: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Số 5 Phố Hiến, Hưng Yên' } },
  });
  expect(submitted.status).toBe(201);
  // the code the receipt step issues (the step guard does exactly this at receipt)
  const code = await inTransaction(stack.h.api.ds, async (m) => {
    const c = await issueDossierCode(m, dossierCodeUnit(submitted.body.agency ?? 'STP', 'MOTCUA'), new Date());
    await updateDossier(m, submitted.body.id, { code: c, receivedAt: new Date() }, { kind: 'dossier.received', actor: 'officer', at: new Date() });
    return c;
  });
  dossier = { id: submitted.body.id, code, instanceId: submitted.body.instanceId };
  // the dossier's workflow has run up to its first user task
  await until('the dossier workflow at its first task', async () => (await stack.worker.client.workflow.getHandle(`dossier/${dossier.id}`).fetchHistory()).events!.length > 5);
}, 240_000);
afterAll(async () => {
  await stack?.close();
});

async function historyFile(workflowId: string, edit: (h: { events: Array<Record<string, any>> }) => void, name: string): Promise<string> {
  const h = JSON.parse(historyToJSON(await stack.worker.client.workflow.getHandle(workflowId).fetchHistory()));
  edit(h);
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(h));
  return file;
}

describe('tthc replay', () => {
  it('a completed instance replays as deterministic with the current worker code; the view is audited', async () => {
    const r = await tthc(['replay', completed, '--json'], as('auditor'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ instanceId: completed, workflowId: `pi/${completed}`, deterministic: true, divergence: null, suppliedHistory: false });
    expect(out.events).toBeGreaterThan(10);
    const human = await tthc(['replay', completed], as('auditor'));
    expect(human.stdout).toBe(`${completed}: deterministic (${out.events} events replayed with the current worker code)\n`);
    // every replay is an audit view: one entry each
    const audit = await stack.h.call('GET', `/api/v1/audit?entity=process-instance&entityId=${completed}`, { token: await stack.h.login('auditor') });
    const views = audit.body.items.filter((e: { action: string }) => e.action === 'audit.replay');
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ actor: 'auditor', details: { deterministic: true, events: out.events } });
  });

  it('a dossier is found by its code and its (running) history replays', async () => {
    const r = await tthc(['replay', dossier.code, '--json'], as('auditor'));
    expect(r.stderr).toBe('');
    expect(json(r.stdout)).toMatchObject({ instanceId: dossier.instanceId, dossierId: dossier.id, workflowId: `dossier/${dossier.id}`, deterministic: true });
  });

  it('a history altered by one event (an activity type changed) is reported with its divergence, exit 1', async () => {
    let changedEvent = 0;
    const file = await historyFile(
      `pi/${completed}`,
      (h) => {
        // a local activity's marker (a completion's hand-off runs as local activities: every run records them)
        const e = h.events.find((x) => x.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
        const payload = e.markerRecordedEventAttributes.details.data.payloads[0];
        const data = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
        payload.data = Buffer.from(JSON.stringify({ ...data, activity_type: 'deleteEverything' })).toString('base64');
        changedEvent = Number(e.eventId);
      },
      'altered.json',
    );
    const r = await tthc(['replay', completed, '--history', file, '--json'], as('auditor'));
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ deterministic: false, suppliedHistory: true, divergence: { type: 'DeterminismViolationError' } });
    expect(out.divergence.message).toContain('deleteEverything');
    expect(changedEvent).toBeGreaterThan(0);
    const human = await tthc(['replay', completed, '--history', file], as('auditor'));
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`^${completed}: NOT deterministic.*deleteEverything`));
  });

  it('a truncated history is a clear error: a cut file, and a history missing its first events', async () => {
    const good = await historyFile(`pi/${completed}`, () => undefined, 'good.json');
    const cut = join(tmp, 'cut.json');
    const text = readFileSync(good, 'utf8');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const r1 = await tthc(['replay', completed, '--history', cut], as('auditor'));
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/^tthc: HISTORY_INVALID: .*cut\.json is not JSON .*truncated file\?\n$/);
    const headless = await historyFile(`pi/${completed}`, (h) => h.events.splice(0, 3), 'headless.json');
    const r2 = await tthc(['replay', completed, '--history', headless, '--json'], as('auditor'));
    expect(r2.code).toBe(1);
    expect(json(r2.stdout).error).toMatchObject({ code: 'HISTORY_INVALID', message: 'the history is truncated: its first event is not WorkflowExecutionStarted' });
    const gap = await historyFile(`pi/${completed}`, (h) => h.events.splice(4, 1), 'gap.json');
    const r3 = await tthc(['replay', completed, '--history', gap], as('auditor'));
    expect(r3.stderr).toBe('tthc: HISTORY_INVALID: the history is truncated or spliced: event #5 has id 6\n');
  });

  it('an unknown instance id or dossier code is a clear 404; an officer may not replay', async () => {
    const id = randomUUID();
    const r = await tthc(['replay', id, '--json'], as('auditor'));
    expect(r.code).toBe(1);
    expect(json(r.stdout).error).toEqual({ code: 'NOT_FOUND', message: `process instance ${id} not found` });
    const byCode = await tthc(['replay', 'STP.MOTCUA-261202-9999'], as('auditor'));
    expect(byCode.stderr).toBe('tthc: NOT_FOUND: dossier STP.MOTCUA-261202-9999 not found\n');
    const officer = await tthc(['replay', completed], as('officer'));
    expect(officer.code).toBe(1);
    expect(officer.stderr).toMatch(/^tthc: FORBIDDEN: /);
  });
});

describe('tthc audit export / verify-bundle', () => {
  let bundle: string;

  it('exports a signed bundle by dossier code that verifies offline; the export and an auditor read are audited', async () => {
    bundle = join(tmp, 'dossier.zip');
    const r = await tthc(['audit', 'export', dossier.code, '--out', bundle, '--documents', '--json'], as('auditor'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({ file: bundle, bytes: readFileSync(bundle).length });
    const files = unzipSync(readFileSync(bundle));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'manifest.sig', 'public-key.pem', 'dossier.json', 'events.json', 'progress.json', 'history.json', 'documents.json', 'process.bpmn']));
    expect(JSON.parse(Buffer.from(files['dossier.json']).toString())).toMatchObject({ id: dossier.id, code: dossier.code });
    expect(JSON.parse(Buffer.from(files['history.json']).toString()).events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(Buffer.from(files['process.bpmn']).toString()).toContain('<bpmn:definitions');
    // verified with no server at all: the API's URL points nowhere
    const key = join(tmp, 'audit-public.pem');
    // the key the auditor pins comes from the agency (here: the API's public-key route, checked against the configured key)
    const published = await stack.h.call('GET', '/api/v1/audit/public-key', { token: await stack.h.login('auditor') });
    expect(published.body).toEqual({ keyId: auditKeysFor(stack.h.api.ds).keyId, algorithm: 'Ed25519', publicKey: auditKeysFor(stack.h.api.ds).publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    writeFileSync(key, published.body.publicKey);
    const v = await tthc(['verify-bundle', bundle, '--key', key, '--json'], { TTHC_URL: 'http://127.0.0.1:9', TTHC_USER: '', TTHC_PASSWORD: '' });
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const out = json(v.stdout);
    expect(out).toMatchObject({ valid: true, problems: [], dossier: { id: dossier.id, code: dossier.code }, keyId: auditKeysFor(stack.h.api.ds).keyId, keyPinned: true });
    expect(out.events).toBeGreaterThanOrEqual(2);
    const audit = await stack.h.call('GET', `/api/v1/audit?entity=dossier&entityId=${dossier.id}`, { token: await stack.h.login('auditor') });
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'audit.export')).toEqual([expect.objectContaining({ actor: 'auditor', details: expect.objectContaining({ code: dossier.code, documents: true }) })]);
    // an auditor reading the dossier: one audit.view entry per read
    await stack.h.call('GET', `/api/v1/dossiers/${dossier.id}`, { token: await stack.h.login('auditor') });
    await stack.h.call('GET', `/api/v1/dossiers/${dossier.id}/events`, { token: await stack.h.login('auditor') });
    const views = await stack.h.call('GET', `/api/v1/audit?entity=dossier&entityId=${dossier.id}`, { token: await stack.h.login('auditor') });
    expect(views.body.items.filter((e: { action: string }) => e.action === 'audit.view').map((e: { details: { view: string } }) => e.details.view)).toEqual(['dossier', 'events']);
  });

  it('a bundle with one changed byte fails, naming the entry and the broken event', async () => {
    const bytes = readFileSync(bundle);
    const at = bytes.indexOf('"kind": "dossier.created"');
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.from(bytes);
    changed[at + 9] = 'D'.charCodeAt(0); // dossier.created → Dossier.created
    const file = join(tmp, 'changed.zip');
    writeFileSync(file, changed);
    const r = await tthc(['verify-bundle', file, '--json']);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.problems).toEqual(expect.arrayContaining(['events.json: SHA-256 does not match the manifest (changed after export)', 'event chain: event #1 does not match its hash']));
    const human = await tthc(['verify-bundle', file]);
    expect(human.stdout).toMatch(/: NOT VALID — /);
    // any byte: the middle of the file
    const middle = Buffer.from(bytes);
    middle[Math.floor(middle.length / 2)] ^= 0x01;
    writeFileSync(file, middle);
    const m = await tthc(['verify-bundle', file, '--json']);
    expect(m.code).toBe(1);
    expect(json(m.stdout).valid).toBe(false);
  });

  it('a bundle signed by another key than the trusted one fails', async () => {
    const other = join(tmp, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const r = await tthc(['verify-bundle', bundle, '--key', other, '--json']);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^the bundle carries key [0-9a-f]{16}, not the trusted key [0-9a-f]{16}$/)]));
  });

  it('a file that is not a ZIP, a missing file and an unknown dossier are clear errors', async () => {
    const notZip = join(tmp, 'not-a-bundle.zip');
    writeFileSync(notZip, 'just text, not a zip archive');
    const r = await tthc(['verify-bundle', notZip, '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).error).toEqual({ code: 'BUNDLE_INVALID', message: `${notZip} is not a ZIP archive` });
    expect(r.stderr).toBe(`tthc: BUNDLE_INVALID: ${notZip} is not a ZIP archive\n`);
    const missing = await tthc(['verify-bundle', join(tmp, 'nope.zip')]);
    expect(missing.stderr).toBe(`tthc: FILE_UNREADABLE: cannot read ${join(tmp, 'nope.zip')}: ENOENT\n`);
    const out = join(tmp, 'unknown.zip');
    const unknown = await tthc(['audit', 'export', 'STP.MOTCUA-261202-9999', '--out', out], as('auditor'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^tthc: DOSSIER_NOT_FOUND: /);
    expect(existsSync(out)).toBe(false);
    const officer = await tthc(['audit', 'export', dossier.code, '--out', out], as('officer'));
    expect(officer.stderr).toMatch(/^tthc: FORBIDDEN: /);
  });
});

describe('tthc audit verify', () => {
  const ds = () => stack.h.api.ds;

  it('every chain verifies on an untouched database', async () => {
    const r = await tthc(['audit', 'verify', '--json'], as('auditor'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ ok: true, audit: { ok: true }, dossiers: { ok: true, broken: [] } });
    expect(out.dossiers.checked).toBeGreaterThanOrEqual(1);
    expect(out.firstBroken).toBeUndefined();
  });

  it('a dossier_events row changed directly in the database breaks audit verify at that row', async () => {
    await ds().query(`UPDATE dossier_events SET payload = ? WHERE dossier_id = ? AND seq = 2`, ['{"code":"forged"}', dossier.id]);
    const r = await tthc(['audit', 'verify', '--json'], as('auditor'));
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ ok: false, audit: { ok: true }, dossiers: { ok: false } });
    expect(out.dossiers.broken).toEqual([{ dossierId: dossier.id, code: dossier.code, count: 1, brokenAtSeq: 2, reason: 'hash' }]);
    expect(out.firstBroken).toEqual({ chain: 'dossier', dossierId: dossier.id, code: dossier.code, seq: 2, reason: 'hash' });
    const human = await tthc(['audit', 'verify'], as('auditor'));
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`first broken entry: dossier ${dossier.code} event #2 (hash)\n`);
  });

  /** another dossier submitted through the portal, with a few more events */
  async function anotherDossier(events: number): Promise<string> {
    const submitted = await stack.h.call('POST', '/api/v1/dossiers', {
      token: await stack.h.login('portal'),
      json: { procedureCode: '2.000815', applicant: { type: 1, name: 'Lê Thị Bình', idNumber: '001090054321', address: 'Văn Giang, Hưng Yên' } },
    });
    expect(submitted.status).toBe(201);
    for (let i = 0; i < events; i++) {
      await inTransaction(ds(), (m) => appendDossierEvent(m, submitted.body.id, { kind: 'note.added', actor: 'officer', at: new Date(), payload: { i } }));
    }
    return submitted.body.id;
  }

  it('a dossier chain recomputed without the key (unkeyed SHA-256, head and MAC rewritten) is broken at its first event', async () => {
    const id = await anotherDossier(2);
    let prev = DOSSIER_GENESIS_HASH;
    for (const e of await listDossierEvents(ds(), id)) {
      const hash = legacyDossierEventHash(prev, e.seq === 2 ? { ...e, payload: { i: 'forged' } } : e);
      await ds().query('UPDATE dossier_events SET payload = ?, prev_hash = ?, hash = ? WHERE dossier_id = ? AND seq = ?', [JSON.stringify(e.seq === 2 ? { i: 'forged' } : e.payload), prev, hash, id, e.seq]);
      prev = hash;
    }
    await ds().query('UPDATE dossiers SET event_head = ?, event_head_mac = NULL WHERE id = ?', [prev, id]);
    const out = json((await tthc(['audit', 'verify', '--json'], as('auditor'))).stdout);
    expect(out.dossiers.broken).toContainEqual(expect.objectContaining({ dossierId: id, brokenAtSeq: 1, reason: 'hash' }));
  });

  it('the newest dossier event deleted and the head rolled back to its earlier MACed state: the signed checkpoint names the truncation', async () => {
    const id = await anotherDossier(2);
    const [before] = await ds().query('SELECT event_count, event_head, event_head_mac FROM dossiers WHERE id = ?', [id]);
    await inTransaction(ds(), (m) => appendDossierEvent(m, id, { kind: 'note.added', actor: 'officer', at: new Date(), payload: { last: true } }));
    expect(await createDossierChainCheckpoint(ds())).not.toBeNull();
    const n = Number(before.event_count) + 1;
    await ds().query('DELETE FROM dossier_events WHERE dossier_id = ? AND seq = ?', [id, n]);
    await ds().query('UPDATE dossiers SET event_count = ?, event_head = ?, event_head_mac = ? WHERE id = ?', [before.event_count, before.event_head, before.event_head_mac, id]);
    const r = await tthc(['audit', 'verify', '--json'], as('auditor'));
    expect(r.code).toBe(1);
    expect(json(r.stdout).dossiers.broken).toContainEqual(expect.objectContaining({ dossierId: id, brokenAtSeq: n, reason: 'truncated' }));
  });

  it('an audit row changed and every later hash recomputed the old unkeyed way is broken at that row', async () => {
    type Row = { seq: number; at: string; actor: string; action: string; entity: string; entity_id: string | null; details: string; hash: string };
    const rows: Row[] = await ds().query('SELECT * FROM audit_log ORDER BY seq');
    expect(rows.length).toBeGreaterThan(4);
    const target = rows[2];
    target.details = JSON.stringify({ forged: true });
    let prev = rows[1].hash;
    for (const r of rows.slice(2)) {
      const hash = legacyAuditEntryHash(prev, { actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, at: new Date(`${r.at.replace(' ', 'T')}Z`), details: JSON.parse(r.details) });
      await ds().query('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?', [r.details, prev, hash, r.seq]);
      prev = hash;
    }
    await ds().query(`UPDATE audit_head SET hash = ?`, [prev]);
    const r = await tthc(['audit', 'verify', '--json'], as('auditor'));
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.audit).toMatchObject({ ok: false, count: 2, brokenAtSeq: target.seq, reason: 'entry-hash' });
    expect(out.firstBroken).toEqual({ chain: 'audit', seq: target.seq, reason: 'entry-hash' });
  });

  it('an officer may not verify', async () => {
    const r = await tthc(['audit', 'verify'], as('officer'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tthc: FORBIDDEN: /);
  });
});
