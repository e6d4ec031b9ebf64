import { ApiError, NetworkError } from './api-error';
import type { Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';
import { vi } from '../i18n/vi';

/** A message a clerk understands: the dictionary text for known codes, the server's otherwise. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiError) {
    const key = `error.${error.code}` as MessageKey;
    if (key in vi) return t(key);
    if (error.status === 401) return t('error.UNAUTHENTICATED');
    if (error.status === 403) return t('error.FORBIDDEN');
    if (error.status === 404) return t('error.NOT_FOUND');
    if (error.status === 409) return t('error.CONFLICT');
    if (error.status >= 500) return t('error.INTERNAL');
    return t('error.unknown', { message: error.message });
  }
  return t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
}
