import { DocumentsSchema1764400000000 } from './1764400000000-documents-schema';
import { DocumentEntity } from './document.entity';

/** Appended to ENTITIES / MIGRATIONS (see docs/documents.md). */
export const DOCUMENT_ENTITIES = [DocumentEntity];
export const DOCUMENT_MIGRATIONS = [DocumentsSchema1764400000000];
