import { Logger } from '@nestjs/common';
import { getDefinition, upsertProcedure } from '@tthc/persistence';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { parseProcedureFile } from './procedure-file.schema';

export interface SeedResult {
  file: string;
  ok: boolean;
  code?: string;
  changed?: boolean;
  error?: string;
}

/**
 * Seeds the procedures catalog from every `*.procedure.json` of the processes directory,
 * after the BPMN files were deployed. An entry must agree with the latest deployed
 * version of its process on code, agency, statutory days and cut-off (the BPMN is what
 * runs; a catalog that says otherwise would mislead the citizen); a file that does not
 * is logged and skipped, like a broken BPMN.
 */
export async function seedProcedureCatalog(dir: string, ds: DataSource, verbose = true): Promise<SeedResult[]> {
  const log = new Logger('procedures');
  if (!existsSync(dir)) return [];
  const results: SeedResult[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.procedure.json')).sort()) {
    try {
      const entry = parseProcedureFile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      const def = await getDefinition(ds, entry.processKey);
      if (!def) throw new Error(`process ${entry.processKey} is not deployed`);
      const t = def.graph.tthc ?? {};
      const mismatch = [
        t.procedureCode !== entry.code && `tthc:procedureCode ${t.procedureCode ?? '(none)'} ≠ ${entry.code}`,
        t.agency !== entry.agency && `tthc:agency ${t.agency ?? '(none)'} ≠ ${entry.agency}`,
        t.statutoryDays !== entry.statutoryDays && `tthc:statutoryDays ${t.statutoryDays ?? '(none)'} ≠ ${entry.statutoryDays}`,
        (t.cutoff ?? null) !== entry.cutoff && `tthc:cutoff ${t.cutoff ?? '(none)'} ≠ ${entry.cutoff ?? '(none)'}`,
      ].filter(Boolean);
      if (mismatch.length) throw new Error(`does not match ${entry.processKey}@${def.version}: ${mismatch.join('; ')}`);
      const { changed } = await upsertProcedure(ds, entry);
      if (verbose) process.stdout.write(`[api] ${file}: procedure ${entry.code}${changed ? '' : ' (unchanged)'}\n`);
      results.push({ file, ok: true, code: entry.code, changed });
    } catch (err) {
      const message = (err as Error).message;
      log.warn(`${file}: not seeded: ${message}`);
      results.push({ file, ok: false, error: message });
    }
  }
  return results;
}
