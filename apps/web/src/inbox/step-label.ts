import type { Translate } from '../i18n/i18n-context';
import { vi, type MessageKey } from '../i18n/vi';

/** `tthc:step` in words; values unknown to the dictionary are shown raw. */
export function stepLabel(step: string, t: Translate): string {
  const key = `step.${step}` as MessageKey;
  return key in vi ? t(key) : step;
}
