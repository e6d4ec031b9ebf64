import { ApiError, oneLine } from './api-client';

/**
 * Ends a command that failed: `--json` prints `{error:{code,message,details?}}` on stdout;
 * always one line `tthc: CODE: reason` on stderr, and exit code 1.
 */
export function failCommand(json: boolean, err: unknown): never {
  const e = err instanceof ApiError ? err : toApiError(err);
  if (json) {
    process.stdout.write(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } }) + '\n');
  }
  process.stderr.write(`tthc: ${e.code}: ${oneLine(e.message)}${detailSummary(e.details)}\n`);
  process.exit(1);
}

function toApiError(err: unknown): ApiError {
  const e = err as { code?: unknown; message?: string };
  const code = typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : 'ERROR';
  return new ApiError(code, oneLine(e?.message ?? String(err)));
}

/** `[Task_1 tthc/sign-before-return, Gateway_2 default-flow, +3 more]` for BPMN_INVALID details. */
function detailSummary(details: unknown): string {
  // MIGRATION_REFUSED / MODIFICATION_REFUSED: the element ids
  const ids = (details as { elementIds?: unknown } | undefined)?.elementIds;
  if (Array.isArray(ids) && ids.length) return ` [${ids.join(', ')}]`;
  if (!Array.isArray(details) || details.length === 0) return '';
  const items = details
    .filter((d): d is { elementId?: string; rule?: string } => !!d && typeof d === 'object')
    .map((d) => [d.elementId, d.rule].filter(Boolean).join(' '))
    .filter(Boolean);
  if (items.length === 0) return '';
  const shown = items.slice(0, 5);
  return ` [${shown.join(', ')}${items.length > shown.length ? `, +${items.length - shown.length} more` : ''}]`;
}

/** Reads a file for a command, as an ApiError-shaped failure when it cannot. */
export function readFileOrFail(read: (path: string) => string, path: string): string {
  try {
    return read(path);
  } catch (err) {
    throw new ApiError('FILE_UNREADABLE', `cannot read ${path}: ${(err as { code?: string }).code ?? (err as Error).message}`);
  }
}

/** Runs a command body; any failure ends the command through failCommand. */
export async function runCommand(json: boolean, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    failCommand(json, err);
  }
}
