import { SignatureSessionsSchema1764711000000 } from './1764711000000-signature-sessions-schema';
import { SignatureSessionEntity } from './signature-session.entity';

export { SignatureSessionEntity } from './signature-session.entity';
export * from './signature-session.store';
/** Appended to ENTITIES / MIGRATIONS. */
export const SIGNATURE_SESSION_ENTITIES = [SignatureSessionEntity];
export const SIGNATURE_SESSION_MIGRATIONS = [SignatureSessionsSchema1764711000000];
