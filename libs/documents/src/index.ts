// @tthc/documents — the one-stop forms (Mẫu 01–04, Phiếu kiểm soát) as PDFs. Pure: no DB,
// no network, no clock; the same input renders the same bytes. See docs/documents.md.
export { FORM_KINDS, type FormKind, type FormTemplateRef, type LegalBasis } from './templates/form-template';
export { selectTemplate, getTemplate, listTemplates } from './templates/template-registry';
export { renderForm, type RenderFormOptions, type RenderedForm } from './forms/render-form';
export type { SignatureBox } from './layout/signature-blocks';
export type * from './forms/form-data';
export { DocumentsError, DocumentsErrorCode, isDocumentsError } from './errors/documents-error';
