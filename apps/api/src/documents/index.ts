import { LocalBlobStore, type BlobStore } from '@tthc/persistence';
import type { Provider } from '@nestjs/common';
import { API_CONFIG } from '../common/tokens';
import type { ApiConfig } from '../config/api-config';
import { OfficerKeys } from '../signatures/officer-keys';
import { SignDocumentUseCase } from '../signatures/sign-document.usecase';
import { SignatureVerifier } from '../signatures/signature-verifier';
import { SignaturesController } from '../signatures/signatures.controller';
import { SigningContext } from '../signatures/signing-context';
import { CompleteTokenSignatureUseCase } from '../signatures/complete-token-signature.usecase';
import { PrepareTokenSignatureUseCase } from '../signatures/prepare-token-signature.usecase';
import { TokenSignaturesController } from '../signatures/token-signatures.controller';
import { DocumentAccess } from './document-access';
import { DocumentsController } from './documents.controller';
import { BLOB_STORE, DOCUMENTS_CONFIG, documentsConfigFromEnv, type DocumentsConfig } from './documents-config';
import { DocumentsService } from './documents.service';
import { StoreDocument } from './store-document';
import { UploadInterceptor } from './upload.interceptor';

/** Spread into AppModule's `controllers` / `providers` (documents + signatures). */
export const DOCUMENT_CONTROLLERS = [DocumentsController, SignaturesController, TokenSignaturesController];
export const DOCUMENT_PROVIDERS: Provider[] = [
  { provide: DOCUMENTS_CONFIG, inject: [API_CONFIG], useFactory: (c: ApiConfig) => documentsConfigFromEnv(process.env, c.dataDir) },
  {
    provide: BLOB_STORE,
    inject: [DOCUMENTS_CONFIG],
    // uploads are cut at the limit by the multipart parser; signing adds a revision (~30 KB), so the store allows a margin
    useFactory: (c: DocumentsConfig): BlobStore => new LocalBlobStore(c.blobDir, c.maxUploadBytes + 1024 * 1024),
  },
  UploadInterceptor,
  DocumentAccess,
  StoreDocument,
  DocumentsService,
  SigningContext,
  OfficerKeys,
  SignatureVerifier,
  SignDocumentUseCase,
  PrepareTokenSignatureUseCase,
  CompleteTokenSignatureUseCase,
];
