import type { Language } from '../i18n/i18n-context';

/**
 * Vietnamese for the bpmn-js / lint chrome the analyst sees most (palette, context pad,
 * lint button). diagram-js looks every UI string up through its `translate` service.
 */
const VI: Record<string, string> = {
  'Activate hand tool': 'Công cụ kéo',
  'Activate lasso tool': 'Công cụ chọn vùng',
  'Activate create/remove space tool': 'Công cụ chèn/xóa khoảng trống',
  'Activate global connect tool': 'Công cụ nối',
  'Create start event': 'Thêm sự kiện bắt đầu',
  'Create intermediate/boundary event': 'Thêm sự kiện trung gian/biên',
  'Create end event': 'Thêm sự kiện kết thúc',
  'Create gateway': 'Thêm cổng rẽ nhánh',
  'Create task': 'Thêm công việc',
  'Create data object reference': 'Thêm đối tượng dữ liệu',
  'Create data store reference': 'Thêm kho dữ liệu',
  'Create expanded sub-process': 'Thêm quy trình con',
  'Create pool/participant': 'Thêm bể/bên tham gia',
  'Create group': 'Thêm nhóm',
  'Append task': 'Nối công việc',
  'Append end event': 'Nối sự kiện kết thúc',
  'Append gateway': 'Nối cổng rẽ nhánh',
  'Append intermediate/boundary event': 'Nối sự kiện trung gian',
  'Change element': 'Đổi loại phần tử',
  'Change type': 'Đổi loại',
  Delete: 'Xóa',
  'Connect using sequence/message flow or association': 'Nối bằng luồng',
  'Add text annotation': 'Thêm ghi chú',
  'Toggle linting overlays': 'Bật/tắt kiểm tra quy định',
  'No Issues': 'Không có lỗi',
  '{errors} Errors, {warnings} Warnings': '{errors} lỗi, {warnings} cảnh báo',
  'Issues for child elements': 'Lỗi ở phần tử con',
  'Open minimap': 'Mở bản đồ thu nhỏ',
  'Close minimap': 'Đóng bản đồ thu nhỏ',
};

/** `lang()` is read at each lookup, so switching the UI language needs no new modeler. */
export function translateModule(lang: () => Language) {
  const translate = (template: string, replacements: Record<string, string> = {}) => {
    const text = lang() === 'vi' ? VI[template] ?? template : template;
    return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  };
  return { translate: ['value', translate] };
}
