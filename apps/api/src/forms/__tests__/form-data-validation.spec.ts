/**
 * The server's check of submitted form data against a form-js schema (form-data-validation.ts):
 * the rules form-js applies in the browser, on the shipped forms and on a schema with every rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormSchema } from '@tthc/contracts';
import { validateFormData } from '../form-data-validation';

const shipped = (id: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../processes/forms', `${id}.form.json`), 'utf8')) as FormSchema;

describe('validateFormData', () => {
  it('accepts the data the shipped procedures are driven with, and refuses what form-js would', () => {
    const review = shipped('chung-thuc-ban-sao-doi-chieu');
    const good = { nguoiDoiChieu: 'Trần Văn Đối', loaiGiayTo: 'giay-khai-sinh', soTrang: 2, ketQuaDoiChieu: 'khop', daKiemTraTinhHopPhap: true };
    expect(validateFormData(review, good)).toEqual([]);
    const issues = validateFormData(review, { ...good, nguoiDoiChieu: '  ', soTrang: 0, loaiGiayTo: 'ho-chieu-gia', daKiemTraTinhHopPhap: false });
    // "  " is a value for form-js's required (only null and "" are not)
    expect(issues).toEqual([
      { field: 'loaiGiayTo', id: expect.any(String), label: expect.any(String), message: 'Giá trị không thuộc các lựa chọn của trường.' },
      { field: 'soTrang', id: expect.any(String), label: expect.any(String), message: 'Giá trị nhỏ nhất là 1.' },
      { field: 'daKiemTraTinhHopPhap', id: expect.any(String), label: expect.any(String), message: 'Trường này là bắt buộc.' },
    ]);
    expect(validateFormData(shipped('dang-ky-khai-sinh-kiem-tra'), { hoTenTre: 'Nguyễn Minh An', ngaySinh: '2026-11-20', gioiTinh: 'nam', noiSinh: 'Bệnh viện', soDangKy: '215/2026' })).toEqual([]);
    expect(validateFormData(shipped('cap-phep-xay-dung-le-phi'), { soTien: '75000', soBienLai: 'BL-0042' }).map((i) => [i.field, i.message])).toEqual([['soTien', 'Giá trị phải là một số.']]);
  });

  it('does not check a field its condition hides (form-js drops it), and checks it once shown', () => {
    const receive = shipped('chung-thuc-ban-sao-tiep-nhan');
    // missingItems is shown only for "bo-sung"; a stale value of a hidden field is not looked at
    expect(validateFormData(receive, { ketQuaKiemTra: 'hop-le', missingItems: 'không phải danh sách' })).toEqual([]);
    expect(validateFormData(receive, { ketQuaKiemTra: 'bo-sung', missingItems: 'một chuỗi' }).map((i) => [i.field, i.message])).toEqual([['missingItems', 'Giá trị phải là một danh sách.']]);
    // an item beyond the listed components is allowed (the receive panel adds free-text items)
    expect(validateFormData(receive, { ketQuaKiemTra: 'bo-sung', missingItems: ['Bản sao rõ nét hơn'] })).toEqual([]);
    expect(validateFormData(receive, {}).map((i) => [i.field, i.message])).toEqual([['ketQuaKiemTra', 'Trường này là bắt buộc.']]);
    expect(validateFormData(receive, { ketQuaKiemTra: 'dong-y' }).map((i) => i.field)).toEqual(['ketQuaKiemTra']);
  });

  it('applies length, pattern, email, phone, decimal digits and increment; fields inside a group with a path', () => {
    const schema = {
      components: [
        { type: 'textfield', id: 'a', key: 'ma', label: 'Mã', validate: { pattern: '^[A-Z]{2}\\d+$', minLength: 3, maxLength: 5 } },
        { type: 'textfield', id: 'b', key: 'email', validate: { validationType: 'email' } },
        { type: 'textfield', id: 'c', key: 'dienThoai', validate: { validationType: 'phone' } },
        { type: 'number', id: 'd', key: 'soLuong', decimalDigits: 0, increment: 5, validate: { max: 100 } },
        { type: 'group', id: 'g', path: 'nguoiNop', components: [{ type: 'textfield', id: 'e', key: 'hoTen', validate: { required: true, minLength: '=minTen' } }] },
        { type: 'checkbox', id: 'f', key: 'dongY' },
      ],
    };
    expect(validateFormData(schema, { ma: 'AB12', email: 'a@b.vn', dienThoai: '+84912345678', soLuong: 95, nguoiNop: { hoTen: 'Lan' }, minTen: 3, dongY: false })).toEqual([]);
    const issues = validateFormData(schema, { ma: 'ab123456', email: 'a@', dienThoai: '0912', soLuong: 102.5, nguoiNop: { hoTen: 'An' }, minTen: 3, dongY: 'yes' });
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['ma', 'Giá trị không đúng định dạng.'],
      ['ma', 'Tối đa 5 ký tự.'],
      ['email', 'Địa chỉ thư điện tử không hợp lệ.'],
      ['dienThoai', 'Số điện thoại không hợp lệ (định dạng quốc tế, ví dụ +84912345678).'],
      ['soLuong', 'Giá trị phải là số nguyên.'],
      ['soLuong', 'Giá trị không hợp lệ; hai giá trị hợp lệ gần nhất là 100 và 105.'],
      ['soLuong', 'Giá trị lớn nhất là 100.'],
      ['nguoiNop.hoTen', 'Cần ít nhất 3 ký tự.'],
      ['dongY', 'Giá trị phải là đúng/sai (true/false).'],
    ]);
  });

  it('takes the digits of a number field that serializes to a string, as form-js submits them', () => {
    const schema = { components: [{ type: 'number', id: 'n', key: 'soTien', serializeToString: true, validate: { min: 1000 } }] };
    expect(validateFormData(schema, { soTien: '75000.5' })).toEqual([]);
    expect(validateFormData(schema, { soTien: '500' }).map((i) => i.message)).toEqual(['Giá trị nhỏ nhất là 1000.']);
    expect(validateFormData(schema, { soTien: 'bảy mươi' }).map((i) => i.message)).toEqual(['Giá trị phải là một số.']);
  });
});
