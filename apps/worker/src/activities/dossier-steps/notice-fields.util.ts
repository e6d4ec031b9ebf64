import { StepRefusalCode } from '@tthc/contracts';
import { refuse } from './step-refusal';

/** the written reason of a notice (`reason`, or the Vietnamese `lyDo`), required */
export function reasonOf(variables: Record<string, unknown>, what: string): string {
  const v = variables.reason ?? variables.lyDo;
  if (typeof v !== 'string' || !v.trim()) refuse(StepRefusalCode.DOSSIER_NOTICE_INCOMPLETE, `${what} phải ghi rõ lý do (biến "reason").`);
  return v.trim();
}

/** the items a supplement asks for (`missingItems`: strings or {name, requirement}), at least one */
export function missingItemsOf(variables: Record<string, unknown>): Array<{ name: string; requirement?: string }> {
  const raw = variables.missingItems;
  const items = Array.isArray(raw)
    ? raw
        .map((x) => (typeof x === 'string' ? { name: x.trim() } : x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string' ? (x as { name: string; requirement?: string }) : null))
        .filter((x): x is { name: string; requirement?: string } => !!x && !!x.name)
    : [];
  if (!items.length) refuse(StepRefusalCode.DOSSIER_NOTICE_INCOMPLETE, 'Phiếu yêu cầu bổ sung phải liệt kê giấy tờ cần bổ sung (biến "missingItems").');
  return items;
}
