import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../../../../..');
const bin = join(root, 'apps/cli/bin/tthc.js');

async function tthc(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], { cwd: root, env: { ...process.env, TZ: 'America/New_York' } });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

jest.setTimeout(60_000);

describe('tthc calendar (offline CLI)', () => {
  it('due: Friday 16:30 + PT8H → Monday 16:30', async () => {
    const r = await tthc('calendar', 'due', '--from', '2025-04-18T16:30:00+07:00', '--duration', 'PT8H', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ due: '2025-04-21T16:30:00+07:00' });
  });

  it('due: worked Saturday 26/4/2025, cut-off, and agency office hours from --config', async () => {
    const sat = await tthc('calendar', 'due', '--from', '2025-04-25T17:30:00+07:00', '--duration', 'PT8H', '--json');
    expect(JSON.parse(sat.stdout).due).toBe('2025-04-26T17:00:00+07:00');
    const cut = await tthc('calendar', 'due', '--from', '2025-04-22T15:30', '--duration', 'P1D', '--cutoff', '15:00', '--json');
    expect(JSON.parse(cut.stdout).due).toBe('2025-04-23T17:00:00+07:00');
    const dir = mkdtempSync(join(tmpdir(), 'tthc-cal-'));
    const config = join(dir, 'calendar.json');
    writeFileSync(config, JSON.stringify({ agencies: { 'UBND-X': { sessions: [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }] } } }));
    const ag = await tthc('calendar', 'due', '--from', '2025-04-22T11:00', '--duration', 'PT2H', '--agency', 'UBND-X', '--config', config, '--json');
    expect(JSON.parse(ag.stdout).due).toBe('2025-04-22T14:30:00+07:00');
  });

  it('due: a bad duration is a clear error and a non-zero exit', async () => {
    const r = await tthc('calendar', 'due', '--from', '2025-04-18T16:30', '--duration', '15 days', '--json');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/CALENDAR_INVALID_DURATION/);
    const unknown = await tthc('calendar', 'due', '--from', '2025-04-18T16:30', '--duration', 'PT1H', '--agency', 'NOPE');
    expect(unknown.stderr).toMatch(/CALENDAR_UNKNOWN_AGENCY/);
  });

  it('days: lists the non-working days of 2025 with kind and reason, and the worked Saturday', async () => {
    const r = await tthc('calendar', 'days', '2025', '--json');
    const year = JSON.parse(r.stdout);
    expect(year).toMatchObject({ year: 2025, published: true });
    const byDate = Object.fromEntries(year.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2025-05-02']).toMatchObject({ kind: 'swap-off', working: false });
    expect(byDate['2025-04-26']).toMatchObject({ kind: 'swap-workday', working: true });
    expect(byDate['2025-01-29'].reason).toMatch(/Tết/);
    const human = await tthc('calendar', 'days', '2027');
    expect(human.stdout).toMatch(/2027-04-16 Fri off {2}holiday {6}Giỗ Tổ/);
  });

  it('lunar: solar → lunar and back', async () => {
    const r = await tthc('calendar', 'lunar', '2025-01-29', '--json');
    expect(JSON.parse(r.stdout)).toEqual({ solar: '2025-01-29', lunar: { day: 1, month: 1, year: 2025, leap: false }, yearName: 'Ất Tỵ' });
    const back = await tthc('calendar', 'lunar', '2026-03-10', '--to-solar', '--json');
    expect(JSON.parse(back.stdout).solar).toBe('2026-04-26');
  });
});
