/**
 * What one notice costs, alone (W2's largest single step): renders Mẫu 01 (receipt) and
 * Mẫu 03 (refusal) for different dossiers and seals each with the agency key, as the step
 * guard does, and reports the mean CPU-ms of render and seal after a warm-up; writes
 * bench/results/w2-notice-cost.json (`--smoke`: w2-notice-cost.smoke.json) with the load average.
 *
 *   SWCRC=true node -r @swc-node/register bench/w2w6/notice-cost.ts [--count N] [--smoke]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderForm } from '@tthc/documents';
import { loadSigningConfig, openAgencySeal, signPdf } from '@tthc/signing';
import { argValue, environmentInfo, writeResult } from '../w1w3w5/results';

function data(i: number, at: Date) {
  return {
    agency: { name: 'SỞ TƯ PHÁP', unit: 'BỘ PHẬN MỘT CỬA', place: 'Hưng Yên' },
    dossierCode: `STP.MC-261203-${String(i).padStart(4, '0')}`,
    issuedAt: at,
    receivedAt: at,
    procedureName: 'Thủ tục thử tải W2',
    applicant: { name: `Nguyễn Văn Thử ${i}`, idNumber: String(100000000000 + i), address: 'Văn Lâm, Hưng Yên' },
  };
}

async function main() {
  const smoke = process.argv.includes('--smoke');
  const count = argValue('--count', smoke ? 5 : 40);
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const dir = mkdtempSync(join(tmpdir(), 'tthc-notice-cost-'));
  try {
    const cfg = await loadSigningConfig(process.env, { dataDir: dir });
    const provider = await openAgencySeal({ code: 'STP', name: 'Sở Tư pháp' }, cfg);
    const opts = { publicLookupUrl: 'http://localhost:3000/api/v1/public/dossiers/x' };
    const one = async (i: number) => {
      const at = new Date(Date.UTC(2026, 11, 3, 2, 0, i));
      const c0 = process.cpuUsage();
      const r =
        i % 2 === 0
          ? await renderForm('receipt', { ...data(i, at), components: [], statutoryDays: 5, appointmentAt: at, returnPlace: 'Trực tuyến (Cổng Dịch vụ công)', fees: [], submitter: { name: `Nguyễn Văn Thử ${i}` }, receiver: { name: 'Cán bộ Một Cửa' } }, opts)
          : await renderForm('refusal', { ...data(i, at), reason: `Thử tải: hồ sơ ${i} không thuộc thẩm quyền`, receiver: { name: 'Cán bộ Một Cửa' } }, opts);
      const c1 = process.cpuUsage(c0);
      await signPdf(r.pdf, { provider, reason: 'Phát hành Giấy tiếp nhận hồ sơ và hẹn trả kết quả', signingTime: at, document: r.document });
      const c2 = process.cpuUsage(c0);
      return { render: (c1.user + c1.system) / 1000, seal: (c2.user + c2.system - c1.user - c1.system) / 1000, bytes: r.pdf.length };
    };
    for (let i = 0; i < 6; i++) await one(10_000 + i);
    const runs: Array<{ render: number; seal: number; bytes: number }> = [];
    for (let i = 0; i < count; i++) runs.push(await one(i));
    const mean = (k: 'render' | 'seal' | 'bytes') => Math.round((runs.reduce((a, r) => a + r[k], 0) / runs.length) * 10) / 10;
    const figures = { count, renderCpuMs: mean('render'), sealCpuMs: mean('seal'), pdfBytes: mean('bytes') };
    const file = writeResult('w2-notice-cost', smoke, {
      ...environmentInfo(),
      loadAverageAtStart: loadAtStart,
      parameters: { forms: 'Mẫu 01 (receipt) and Mẫu 03 (refusal) alternately, each for another dossier, sealed with the STP dev seal (visible stamp)', warmUp: 6, measured: 'process CPU time (user + system) of renderForm, then of signPdf' },
      figures,
      sessionFiveFigures: { renderMs: 84, sealMs: 33, note: 'wall time measured alone at load 1.5 (docs/bench-w2-w6.md)' },
    });
    console.log(JSON.stringify(figures), '→', file);
    await provider.close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
