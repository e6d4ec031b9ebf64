import { renderForm } from '@tthc/documents';
import { AgencyEntity, ProcedureEntity } from '@tthc/persistence';
import { openAgencySeal, type SealAgency } from '@tthc/signing';
import { In } from 'typeorm';
import type { DossierStepDeps } from './dossier-step.deps';
import { lookupUrl, place } from './dossier-forms';
import { sealNotice } from './notice-seal';

/** At most this many agencies' seals are opened before the worker polls; any other opens on its first notice. */
export const WARM_SEALS_MAX = 20;

export interface WarmUpReport {
  /** wall time of the warm-up */
  ms: number;
  /** agencies whose seal key is open (PKCS#12 decoded once; PKCS#11: a session opened and closed; dev PKI: issued) */
  seals: string[];
  /** seals that could not be opened: the worker polls anyway, and the step that needs one refuses as it always did */
  failed: Array<{ agency: string; message: string }>;
  /** one receipt rendered and sealed, then thrown away */
  notice: boolean;
  /** why the warm-up stopped early (e.g. the trust anchors do not load); the worker polls anyway */
  error?: string;
}

/**
 * What the step guard prepares on its first notice, prepared before the worker polls instead: the trust anchors
 * (dev PKI ensured), the seal key of every agency that owns a procedure (at most WARM_SEALS_MAX), and one receipt
 * rendered and sealed for nothing (the fonts' fixed subsets, the layout, the PDF writer and the CMS code run once).
 * W2 (session 10): after a start, the first receive waited ≈ 3 s for exactly this — its seal issued and its
 * PKCS#12 decoded (PBKDF2), the fonts parsed — and the completions arriving at 20/s queued behind it for 6 s more.
 * Nothing is written to the database; the dev PKI's files are what the first notice would have written.
 */
export async function warmDossierSteps(deps: DossierStepDeps): Promise<WarmUpReport> {
  const t0 = performance.now();
  const seals: SealAgency[] = [];
  const failed: WarmUpReport['failed'] = [];
  let notice = false;
  let error: string | undefined;
  try {
    const cfg = await deps.signing();
    for (const agency of await agenciesWithProcedures(deps)) {
      try {
        const provider = await openAgencySeal(agency, cfg);
        await provider.close?.();
        seals.push(agency);
      } catch (err) {
        failed.push({ agency: agency.code, message: (err as Error).message });
      }
    }
    if (seals[0]) {
      await sealNotice(deps, seals[0], 'receipt', await renderForm('receipt', sampleReceipt(seals[0]), { publicLookupUrl: lookupUrl('WARM-UP') }), new Date());
      notice = true;
    }
  } catch (err) {
    error = (err as Error).message;
  }
  return { ms: Math.round(performance.now() - t0), seals: seals.map((a) => a.code), failed, notice, ...(error ? { error } : {}) };
}

/** agencies that can receive a dossier (they own a procedure of the catalogue), by code */
async function agenciesWithProcedures(deps: DossierStepDeps): Promise<SealAgency[]> {
  const procedures = await deps.ds.getRepository(ProcedureEntity).find({ select: { agency: true } });
  const codes = [...new Set(procedures.map((p) => p.agency))].sort().slice(0, WARM_SEALS_MAX);
  const rows = codes.length ? await deps.ds.getRepository(AgencyEntity).findBy({ code: In(codes) }) : [];
  const names = new Map(rows.map((a) => [a.code, a.name]));
  // the name the step guard seals with (dossier-forms.ts: the agency row's, else the code)
  return codes.map((code) => ({ code, name: names.get(code) ?? code }));
}

function sampleReceipt(agency: SealAgency) {
  const at = new Date();
  return {
    agency: { name: agency.name.toUpperCase(), unit: 'BỘ PHẬN MỘT CỬA', place: place() },
    dossierCode: 'WARM-UP',
    issuedAt: at,
    receivedAt: at,
    procedureName: 'Khởi động',
    applicant: { name: 'Nguyễn Văn A', idNumber: '000000000000', address: 'Hưng Yên' },
    components: [{ name: 'Tờ khai', form: 'electronic' as const, count: 1 }],
    statutoryDays: 5,
    appointmentAt: at,
    returnPlace: 'Trực tuyến (Cổng Dịch vụ công)',
    fees: [],
    submitter: { name: 'Nguyễn Văn A' },
    receiver: { name: 'Cán bộ Một cửa' },
  };
}
