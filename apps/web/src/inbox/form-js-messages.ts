/**
 * form-js (1.x) writes its validation messages in English and has no translation hook;
 * the form's Validator is patched to answer them in the reader's language. Pure.
 */
type Translate = (english: string) => string;

const VI: Array<[RegExp, (...m: string[]) => string]> = [
  [/^Field is required\.$/, () => 'Trường này là bắt buộc.'],
  [/^Field must have minimum value of (.+)\.$/, (v) => `Giá trị nhỏ nhất là ${v}.`],
  [/^Field must have maximum value of (.+)\.$/, (v) => `Giá trị lớn nhất là ${v}.`],
  [/^Field must have minimum length of (.+)\.$/, (v) => `Cần ít nhất ${v} ký tự.`],
  [/^Field must have maximum length of (.+)\.$/, (v) => `Tối đa ${v} ký tự.`],
  [/^Field must match pattern (.+)\.$/, () => 'Giá trị không đúng định dạng.'],
  [/^Value is not a number\.$/, () => 'Giá trị phải là một số.'],
  [/^Value is expected to be an integer\.$/, () => 'Giá trị phải là số nguyên.'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (n) => `Tối đa ${n} chữ số thập phân.`],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/, (a, b) => `Giá trị không hợp lệ; hai giá trị hợp lệ gần nhất là ${a} và ${b}.`],
  [/^Field must be a valid email\.$/, () => 'Địa chỉ thư điện tử không hợp lệ.'],
  [/^Field must be a valid\s+international phone number\..*$/, () => 'Số điện thoại không hợp lệ (định dạng quốc tế, ví dụ +84912345678).'],
];

/** The Vietnamese text of a form-js validation message (unknown ones — e.g. a schema's own message — stay as they are). */
export const vietnameseFormMessage: Translate = (english) => {
  for (const [pattern, text] of VI) {
    const m = english.match(pattern);
    if (m) return text(...m.slice(1));
  }
  return english;
};

interface ValidatorLike {
  validateFieldInstance(fieldInstance: unknown, value: unknown): string[];
}

/** Makes a form-js Validator answer through `translate`. */
export function translateValidator(validator: ValidatorLike, translate: Translate): void {
  const original = validator.validateFieldInstance.bind(validator);
  validator.validateFieldInstance = (fieldInstance, value) => original(fieldInstance, value).map(translate);
}
