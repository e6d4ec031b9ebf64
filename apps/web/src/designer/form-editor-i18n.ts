/**
 * Vietnamese for the form-js editor's own chrome (1.23.0): the palette, the properties panel and the empty
 * canvas. Its editor has no translation hook (bpmn-io/form-js#77 "Support i18n" is still open; only a few
 * strings of the bundled properties panel go through a `translate` prop): the texts are written in its
 * components. So the editor's container is watched (MutationObserver) and the texts, placeholders and titles
 * it knows are rewritten as they appear or change — never in the form being designed (the analyst's own
 * labels on the canvas, in the panel's header and list items) nor in inputs. English UI: nothing is touched.
 */

/** English text of the editor → Vietnamese (exact, trimmed) */
export const FORM_EDITOR_VI: Readonly<Record<string, string>> = {
  // palette
  Components: 'Thành phần',
  'Search components': 'Tìm thành phần',
  'No components found.': 'Không có thành phần nào.',
  Input: 'Nhập liệu',
  Selection: 'Lựa chọn',
  Presentation: 'Trình bày',
  Containers: 'Vùng chứa',
  Action: 'Hành động',
  'Text field': 'Ô văn bản',
  'Text area': 'Vùng văn bản',
  Number: 'Số',
  'Date time': 'Ngày giờ',
  Expression: 'Biểu thức',
  'File picker': 'Chọn tệp',
  Checkbox: 'Ô đánh dấu',
  'Checkbox group': 'Nhóm ô đánh dấu',
  'Radio group': 'Nhóm lựa chọn một',
  Select: 'Danh sách chọn',
  'Tag list': 'Danh sách nhãn',
  'Text view': 'Đoạn văn bản',
  'Image view': 'Hình ảnh',
  Table: 'Bảng',
  'HTML view': 'Nội dung HTML',
  'Document preview': 'Xem trước tài liệu',
  Spacer: 'Khoảng trống',
  Separator: 'Đường phân cách',
  Group: 'Nhóm',
  'Dynamic list': 'Danh sách động',
  iFrame: 'Khung nhúng (iFrame)',
  Button: 'Nút',
  // empty canvas
  'Build your form': 'Thiết kế biểu mẫu',
  'Drag and drop components here to start designing.': 'Kéo thả thành phần vào đây để bắt đầu thiết kế.',
  'Use the preview window to test your form.': 'Dùng cửa sổ xem trước để thử biểu mẫu.',
  'Drag and drop components here.': 'Kéo thả thành phần vào đây.',
  // properties panel: sections
  General: 'Chung',
  Condition: 'Điều kiện',
  Validation: 'Kiểm tra dữ liệu',
  Appearance: 'Hiển thị',
  Layout: 'Bố cục',
  Serialization: 'Định dạng lưu',
  Constraints: 'Ràng buộc',
  'Options source': 'Nguồn lựa chọn',
  'Static options': 'Các lựa chọn cố định',
  'Dynamic options': 'Các lựa chọn động',
  'Custom properties': 'Thuộc tính tùy chỉnh',
  'Security attributes': 'Thuộc tính bảo mật',
  'Header items': 'Các cột',
  'Headers source': 'Nguồn cột',
  'Data source': 'Nguồn dữ liệu',
  Pagination: 'Phân trang',
  Form: 'Biểu mẫu',
  // properties panel: entries
  'Field label': 'Nhãn trường',
  'Group label': 'Nhãn nhóm',
  'Table label': 'Nhãn bảng',
  Title: 'Tiêu đề',
  'Field description': 'Mô tả trường',
  Key: 'Khóa (tên biến)',
  'Binds to a form variable': 'Gắn với một biến của biểu mẫu',
  Path: 'Đường dẫn',
  'Where the child variables of this component are pathed to.': 'Nơi đặt các biến con của thành phần này.',
  ID: 'Mã',
  'Version tag': 'Nhãn phiên bản',
  'Default value': 'Giá trị mặc định',
  Disabled: 'Vô hiệu',
  'Read only': 'Chỉ đọc',
  Required: 'Bắt buộc',
  'Minimum length': 'Độ dài tối thiểu',
  'Maximum length': 'Độ dài tối đa',
  Minimum: 'Giá trị nhỏ nhất',
  Maximum: 'Giá trị lớn nhất',
  'Validation pattern': 'Mẫu kiểm tra',
  'Custom regular expression': 'Biểu thức chính quy riêng',
  'Custom error message': 'Thông báo lỗi riêng',
  Custom: 'Tùy chỉnh',
  Email: 'Thư điện tử',
  Phone: 'Điện thoại',
  'Hide if': 'Ẩn khi',
  'Deactivate if': 'Vô hiệu khi',
  'Condition under which the field is hidden': 'Điều kiện để ẩn trường',
  'Condition under which the field is deactivated': 'Điều kiện để vô hiệu trường',
  Columns: 'Số cột',
  Auto: 'Tự động',
  Prefix: 'Tiền tố',
  Suffix: 'Hậu tố',
  'Decimal digits': 'Số chữ số thập phân',
  Increment: 'Bước tăng',
  'Output as string': 'Lưu dưới dạng chuỗi',
  'Allows arbitrary precision values': 'Cho phép số có độ chính xác tùy ý',
  Subtype: 'Kiểu',
  Date: 'Ngày',
  Time: 'Giờ',
  'Date label': 'Nhãn ngày',
  'Time label': 'Nhãn giờ',
  'Time format': 'Định dạng giờ',
  'Time interval': 'Bước thời gian',
  'Use 24h': 'Dùng 24 giờ',
  'Disallow past dates': 'Không cho chọn ngày đã qua',
  Searchable: 'Cho phép tìm kiếm',
  Static: 'Cố định',
  'Input data': 'Dữ liệu đầu vào',
  'Input values key': 'Khóa danh sách giá trị',
  'Options expression': 'Biểu thức lựa chọn',
  Label: 'Nhãn',
  Value: 'Giá trị',
  Checked: 'Đã đánh dấu',
  'Not checked': 'Chưa đánh dấu',
  Text: 'Văn bản',
  Content: 'Nội dung',
  'Image source': 'Nguồn hình ảnh',
  'Alternative text': 'Văn bản thay thế',
  Height: 'Chiều cao',
  URL: 'Địa chỉ URL',
  Type: 'Loại',
  Submit: 'Gửi',
  Reset: 'Đặt lại',
  'Show outline': 'Hiện đường viền',
  'Vertical alignment': 'Căn dọc',
  Top: 'Trên',
  Center: 'Giữa',
  Bottom: 'Dưới',
  'Allow add/delete items': 'Cho phép thêm/xóa mục',
  'Default number of items': 'Số mục mặc định',
  'Disable collapse': 'Không thu gọn',
  'Number of non-collapsing items': 'Số mục không thu gọn',
  'Number of rows per page': 'Số dòng mỗi trang',
  'Supported file formats': 'Định dạng tệp được nhận',
  'Upload multiple files': 'Cho phép nhiều tệp',
  'Compute on': 'Tính khi',
  'Value changes': 'Giá trị thay đổi',
  'Form submission': 'Gửi biểu mẫu',
  'Learn more': 'Tìm hiểu thêm',
  // properties panel: its own controls (the bundled panel's English)
  'Toggle section': 'Mở/đóng mục',
  'Section contains an error': 'Mục có lỗi',
  'Section contains edits': 'Mục đã được sửa',
  'Create new list item': 'Thêm mục mới',
  Create: 'Thêm',
  'Toggle list item': 'Mở/đóng mục',
  'Delete item': 'Xóa mục',
  '<empty>': '<trống>',
  'Open documentation': 'Mở tài liệu',
  'Open pop-up editor': 'Mở trình soạn riêng',
  'Remove form field': 'Xóa trường',
  // editor messages about keys
  'Must not be empty.': 'Không được để trống.',
  'Must be unique.': 'Phải là duy nhất.',
  'Must not contain spaces.': 'Không được chứa khoảng trắng.',
  'Must be a variable or a dot separated path.': 'Phải là tên biến hoặc đường dẫn phân cách bằng dấu chấm.',
  'Should be an integer.': 'Phải là số nguyên.',
  'Should be greater than zero.': 'Phải lớn hơn 0.',
};

/** where the editor's own texts are (not the form being designed) */
const CHROME = '.fjs-palette-container, .fjs-properties-container, .fjs-empty-editor, .fjs-empty-component';
/** inside the chrome, what shows the analyst's own words: never translated */
const OWN_WORDS = '.bio-properties-panel-header-label, .bio-properties-panel-collapsible-entry-header-title, [contenteditable], .fjs-form-field';
const ATTRIBUTES = ['placeholder', 'title', 'aria-label'] as const;

/** the Vietnamese of one text of the editor, keeping its surrounding spaces (undefined: not one of its texts) */
export function vietnameseEditorText(text: string): string | undefined {
  const key = text.trim();
  const vi = key ? FORM_EDITOR_VI[key] : undefined;
  return vi === undefined ? undefined : text.replace(key, vi);
}

function inChrome(el: Element | null): boolean {
  return !!el && !!el.closest(CHROME) && !el.closest(OWN_WORDS);
}

function translateText(node: Text): void {
  if (!inChrome(node.parentElement)) return;
  const vi = vietnameseEditorText(node.data);
  if (vi !== undefined && vi !== node.data) node.data = vi;
}

function translateAttributes(el: Element): void {
  if (!inChrome(el)) return;
  for (const name of ATTRIBUTES) {
    const value = el.getAttribute(name);
    const vi = value === null ? undefined : vietnameseEditorText(value);
    if (vi !== undefined && vi !== value) el.setAttribute(name, vi);
  }
}

function translateTree(root: Node): void {
  if (root.nodeType === Node.TEXT_NODE) return translateText(root as Text);
  if (!(root instanceof Element)) return;
  translateAttributes(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) translateText(node as Text);
    else translateAttributes(node as Element);
  }
}

/**
 * Keeps the form-js editor in `container` in Vietnamese: what is there now, and whatever it renders later.
 * Returns the function that stops it (call it before destroying the editor).
 */
export function translateFormEditor(container: HTMLElement): () => void {
  translateTree(container);
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'childList') m.addedNodes.forEach(translateTree);
      else if (m.type === 'characterData') translateText(m.target as Text);
      else if (m.type === 'attributes') translateAttributes(m.target as Element);
    }
  });
  observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRIBUTES] });
  return () => observer.disconnect();
}
