/**
 * Dossier runs whose Temporal histories are committed next to the process scenarios
 * (src/__tests__/histories/dossier-*.json) and replayed by CI: the step guard, the clock pause
 * and resume, the refusal, the apology and the dossier timers all take part in the replay gate.
 * Each scenario files a chứng thực dossier the way the API does (`dossier/<id>`, `dossierId`)
 * and drives it through direct `completeTask` updates to the end of its run.
 */
import { calendarSnapshot, type CalendarSnapshot } from '@tthc/calendar';
import { CALENDAR_CHANGED_SIGNAL, CANCEL_SIGNAL, DELIVER_MESSAGE_SIGNAL, GET_TIMERS_QUERY, RESUBMISSION_MESSAGE, type PendingTimerView } from '@tthc/contracts';
import { addCalendarOverride, calendarVersion, loadWorkingCalendar, type BlobStore } from '@tthc/persistence';
import type { DevPkiResult } from '@tthc/signing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHUNG_THUC_BPMN,
  completeTask,
  digitiseComponents,
  dossierRow,
  OFFICER,
  signAs,
  simplePdf,
  storeDocument,
  type RunningDossier,
} from '../testing/dossier-world';
import type { Deployed, ProcessHarness } from '../testing/process-harness';

export interface DossierWorld {
  h: ProcessHarness;
  pki: DevPkiResult;
  blobs: BlobStore;
}

export interface DossierScenario {
  name: string;
  /** the BPMN: the shipped chứng thực process unless a fixture of src/__tests__/fixtures is named */
  fixture?: string;
  /** drives the dossier until its run has ended */
  drive(world: DossierWorld, d: RunningDossier): Promise<void>;
}

export function dossierBpmn(scenario: DossierScenario): string {
  return scenario.fixture ? readFileSync(join(__dirname, '..', '__tests__', 'fixtures', scenario.fixture), 'utf8') : CHUNG_THUC_BPMN;
}

async function step(h: ProcessHarness, d: RunningDossier, elementId: string, variables: Record<string, unknown> = {}): Promise<void> {
  const task = await h.openTask(d.instanceId, elementId);
  const answer = await completeTask(h, d, { taskId: task.id, by: OFFICER, variables });
  if (!answer.completed) throw new Error(`${elementId} of ${d.workflowId} was not completed`);
}

/** the signed result the sign and return steps need, signed by the officer who completes them */
async function signedResult({ h, pki, blobs }: DossierWorld, d: RunningDossier): Promise<void> {
  const officer = pki.signers.find((s) => s.role === 'officer')!.name;
  const pdf = await signAs(pki, officer, await simplePdf('Ban sao chung thuc'));
  await storeDocument(h, blobs, d, pdf, 'result', 'ban-sao-chung-thuc.pdf');
}

export async function endOf(h: ProcessHarness, d: RunningDossier): Promise<void> {
  await h.client.workflow.getHandle(d.workflowId).result();
}

/**
 * The administrator declares the day of the dossier's armed apology reminder a holiday (a calendar
 * override) and the run receives calendarChanged with the changed calendar, as the API's recompute sends
 * it; resolves once a workflow task has handled the signal. Returns the reminder as it was armed and the
 * agency's calendar before and after.
 */
export async function holidayOnApologyDay(h: ProcessHarness, d: RunningDossier): Promise<{ armed: PendingTimerView; before: CalendarSnapshot; after: CalendarSnapshot }> {
  const handle = h.client.workflow.getHandle(d.workflowId);
  const armed = await h.waitFor('the apology reminder armed', async () => (await handle.query<PendingTimerView[]>(GET_TIMERS_QUERY)).find((t) => t.timerId === 'dossier-apology' && t.fireAt));
  const agency = (await dossierRow(h, d.dossierId)).agency;
  const before = calendarSnapshot(await loadWorkingCalendar(h.ds), await calendarVersion(h.ds), agency);
  // the reminder's calendar day in Vietnam (UTC+7, no daylight saving)
  const day = new Date(new Date(armed.fireAt!).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  await addCalendarOverride(h.ds, { date: day, kind: 'holiday', reason: 'Nghỉ lễ (kiểm thử)', legalReference: 'QĐ 4/TEST' }, 'admin');
  const after = calendarSnapshot(await loadWorkingCalendar(h.ds), await calendarVersion(h.ds), agency);
  await handle.signal(CALENDAR_CHANGED_SIGNAL, { by: 'admin', calendarVersion: after.version, calendar: after });
  await h.waitFor('calendarChanged handled', async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const at = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === CALENDAR_CHANGED_SIGNAL);
    return at >= 0 && events.slice(at).some((e) => e.workflowTaskCompletedEventAttributes);
  });
  return { armed, before, after };
}

export const DOSSIER_SCENARIOS: DossierScenario[] = [
  {
    name: 'dossier-golden-path',
    drive: async (world, d) => {
      const { h, blobs } = world;
      await step(h, d, 'Task_TiepNhan', { ketQuaKiemTra: 'hop-le', checkedComponents: ['ban-chinh', 'ban-sao'] });
      await digitiseComponents(h, blobs, d);
      await step(h, d, 'Task_SoHoa');
      await step(h, d, 'Task_DoiChieu');
      await step(h, d, 'Task_PheDuyet');
      await step(h, d, 'Task_GhiSo');
      await signedResult(world, d);
      await step(h, d, 'Task_KySo');
      await step(h, d, 'Task_TraKetQua');
      await endOf(h, d);
    },
  },
  {
    name: 'dossier-supplement-resume',
    drive: async ({ h }, d) => {
      await step(h, d, 'Task_TiepNhan', { ketQuaKiemTra: 'bo-sung' });
      await step(h, d, 'Task_BoSung', { reason: 'Bản sao bị mờ', missingItems: ['Bản sao rõ nét'] });
      const code = (await dossierRow(h, d.dossierId)).code;
      // another message while paused (after the resubmission-only patch it resumes nothing), then the citizen's resubmission
      await h.client.workflow.getHandle(d.workflowId).signal(DELIVER_MESSAGE_SIGNAL, { name: 'thong-bao-khac', correlationKey: code ?? undefined });
      await h.client.workflow.getHandle(d.workflowId).signal(DELIVER_MESSAGE_SIGNAL, { name: RESUBMISSION_MESSAGE, correlationKey: code ?? undefined });
      await h.waitFor('clock resumed', async () => (await dossierRow(h, d.dossierId)).status === 2);
      // received again, then refused: the run ends
      await step(h, d, 'Task_TiepNhan', { ketQuaKiemTra: 'tu-choi' });
      await step(h, d, 'Task_TuChoi', { reason: 'Bản sao bổ sung vẫn không đọc được' });
      await endOf(h, d);
    },
  },
  {
    name: 'dossier-refusal',
    drive: async ({ h }, d) => {
      await step(h, d, 'Task_TiepNhan', { ketQuaKiemTra: 'tu-choi' });
      await step(h, d, 'Task_TuChoi', { reason: 'Giấy tờ không thuộc thẩm quyền chứng thực của cơ quan' });
      await endOf(h, d);
    },
  },
  {
    name: 'dossier-apology-once',
    fixture: 'two-apologies.bpmn',
    drive: async ({ h }, d) => {
      await step(h, d, 'Task_TiepNhan');
      const due = (await dossierRow(h, d.dossierId)).dueAt!;
      await step(h, d, 'Task_XinLoi1', { reason: 'Chờ xác minh bản chính', newDueAt: new Date(due.getTime() + 3 * 86_400_000).toISOString() });
      // the second apology is refused by the guard (a failed update in the history); then the operator cancels the run
      const second = await h.openTask(d.instanceId, 'Task_XinLoi2');
      await completeTask(h, d, { taskId: second.id, by: OFFICER, variables: { reason: 'Lần nữa', newDueAt: new Date(due.getTime() + 6 * 86_400_000).toISOString() } }).then(
        () => {
          throw new Error('the second apology was not refused');
        },
        () => undefined,
      );
      await h.client.workflow.getHandle(d.workflowId).signal(CANCEL_SIGNAL);
      await endOf(h, d);
    },
  },
  {
    // a calendar change while the apology reminder is armed (tthc-dossier-apology-follows-calendar moves it), then the operator cancels
    name: 'dossier-apology-calendar',
    drive: async ({ h }, d) => {
      await step(h, d, 'Task_TiepNhan');
      await holidayOnApologyDay(h, d);
      await h.client.workflow.getHandle(d.workflowId).signal(CANCEL_SIGNAL);
      await endOf(h, d);
    },
  },
];

export type { Deployed };
