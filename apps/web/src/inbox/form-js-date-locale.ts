import flatpickr from 'flatpickr';
import { Vietnamese } from 'flatpickr/dist/l10n/vn.js';

const english = { ...flatpickr.l10ns.default };

/**
 * form-js (1.x) draws its date fields with flatpickr and gives it no locale: flatpickr then
 * uses its default one (English month and day names, weeks from Sunday). The default is set to
 * the reader's language before a form is created — Vietnamese: "Tháng Mười Hai", "T2"…, weeks
 * from Monday. (The date's format, dd/mm/yyyy, form-js already takes from the browser's locale.)
 */
export function setDatePickerLanguage(lang: string): void {
  flatpickr.l10ns.default = lang === 'vi' ? { ...english, ...Vietnamese } : english;
}
