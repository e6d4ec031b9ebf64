export { DOCUMENT_ENTITIES, DOCUMENT_MIGRATIONS } from './documents-entities';
export { DocumentsSchema1764400000000 } from './1764400000000-documents-schema';
export * from './document.entity';
export * from './document.store';
