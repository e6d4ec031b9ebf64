import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  WorkingCalendar, type WorkingCalendarOptions, computeDue, formatWorkingDuration, lunarToSolar, lunarYearName, solarToLunar,
} from '@tthc/calendar';
import { print } from '../output';
import type { CommandModule } from './index';

/**
 * `tthc calendar …` — offline working-calendar tools (no API needed):
 * due dates, a year's non-working days, lunar dates.
 */
interface CalendarFlags {
  json?: boolean;
  config?: string;
}

/** `--config file.json` holds `{ officeHours?, agencies?, overrides?, publishedYears? }` (same shape as the library options). */
function loadCalendar(flags: CalendarFlags): WorkingCalendar {
  if (!flags.config) return new WorkingCalendar();
  const options = JSON.parse(readFileSync(flags.config, 'utf8')) as WorkingCalendarOptions;
  return new WorkingCalendar(options);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export const calendarCommands: CommandModule = {
  register(program: Command) {
    const cal = program.command('calendar').description('Vietnamese working calendar (offline): due dates, holidays, lunar dates');

    cal
      .command('due')
      .description('due instant = start + ISO 8601 duration of working time (P1D = PT8H)')
      .requiredOption('--from <instant>', 'start instant, ISO 8601 (no offset = Asia/Ho_Chi_Minh)')
      .requiredOption('--duration <iso>', 'ISO 8601 duration, e.g. PT8H, P15D')
      .option('--cutoff <HH:MM>', 'a start after this local time counts from the next working day')
      .option('--agency <code>', 'agency whose office hours apply (defined in --config)')
      .option('--calendar <kind>', 'working | absolute', 'working')
      .option('--config <file>', 'calendar options JSON (office hours, agencies, overrides)')
      .option('--json', 'print JSON')
      .action((o: CalendarFlags & { from: string; duration: string; cutoff?: string; agency?: string; calendar: string }) => {
        const calendar = loadCalendar(o);
        const due = computeDue(
          { from: o.from, duration: o.duration, calendar: o.calendar as 'working' | 'absolute', agency: o.agency, cutoff: o.cutoff },
          calendar,
        );
        print(!!o.json, { due }, () => due);
      });

    cal
      .command('between')
      .description('working time between two instants')
      .requiredOption('--from <instant>', 'start instant')
      .requiredOption('--to <instant>', 'end instant')
      .option('--agency <code>', 'agency whose office hours apply (defined in --config)')
      .option('--config <file>', 'calendar options JSON')
      .option('--json', 'print JSON')
      .action((o: CalendarFlags & { from: string; to: string; agency?: string }) => {
        const ms = loadCalendar(o).workingTimeBetween(o.from, o.to, { agency: o.agency });
        const duration = formatWorkingDuration(ms);
        print(!!o.json, { duration, workingMs: ms }, () => duration);
      });

    cal
      .command('days <year>')
      .description('non-working days of a year (holidays, make-up, swapped days) and worked weekend days')
      .option('--config <file>', 'calendar options JSON')
      .option('--json', 'print JSON')
      .action((year: string, o: CalendarFlags) => {
        const info = loadCalendar(o).year(Number(year));
        print(!!o.json, info, () =>
          [
            `${info.year}: ${info.workingDays} working days${info.published ? ` (published: ${info.legalReference})` : ' (computed from BLLĐ 2019)'}`,
            ...info.days.map((d) => `${d.date} ${d.weekday.slice(0, 3)} ${d.working ? 'WORK' : 'off '} ${d.kind.padEnd(12)} ${d.reason ?? ''}`),
          ].join('\n'),
        );
      });

    cal
      .command('lunar <date>')
      .description('lunar date of a solar date YYYY-MM-DD (or, with --to-solar, the solar date of a lunar YYYY-MM-DD)')
      .option('--to-solar', 'read <date> as a lunar date and print the solar date')
      .option('--leap', 'with --to-solar: the lunar month is a leap month (tháng nhuận)')
      .option('--json', 'print JSON')
      .action((date: string, o: { json?: boolean; toSolar?: boolean; leap?: boolean }) => {
        let solar: string;
        let lunar;
        if (o.toSolar) {
          const [y, m, d] = date.split('-').map(Number);
          lunar = { day: d, month: m, year: y, leap: !!o.leap };
          solar = lunarToSolar(lunar);
        } else {
          solar = date;
          lunar = solarToLunar(date);
        }
        const yearName = lunarYearName(lunar.year);
        print(!!o.json, { solar, lunar, yearName }, () =>
          `${solar} = ${pad2(lunar.day)}/${pad2(lunar.month)}${lunar.leap ? ' (nhuận)' : ''}/${lunar.year} âm lịch (${yearName})`,
        );
      });
  },
};
