import { ApiError } from '../../common/api-error';
import { errorText } from '../../common/error-text';
import type { Language, Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/vi';
import { vi } from '../../i18n/vi';

export interface StepRefusal {
  code: string;
  text: string;
  /** what is missing or wrong (component names, document names…) when the engine lists them */
  items: string[];
}

/**
 * A refusal of the engine's step guard (409/422 with a DOSSIER_* code) in plain words:
 * the engine's own Vietnamese message in Vietnamese (it names what is missing), the
 * dictionary text in English; any other error as errorText says it.
 */
export function stepRefusal(error: unknown, t: Translate, lang: Language): StepRefusal {
  if (error instanceof ApiError && error.code.startsWith('DOSSIER_')) {
    const key = `refusal.${error.code}` as MessageKey;
    const known = key in vi;
    const text = lang === 'vi' && error.message && /[^\x20-\x7e]/.test(error.message) ? error.message : known ? t(key) : error.message;
    return { code: error.code, text, items: refusalItems(error.details) };
  }
  return { code: error instanceof ApiError ? error.code : 'ERROR', text: errorText(error, t), items: [] };
}

function refusalItems(details: unknown): string[] {
  const first = Array.isArray(details) ? details[0] : details;
  const items = first && typeof first === 'object' ? (first as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return [];
  return items.map((i) => (typeof i === 'string' ? i : typeof i === 'object' && i && 'name' in i ? String((i as { name: unknown }).name) : JSON.stringify(i)));
}
