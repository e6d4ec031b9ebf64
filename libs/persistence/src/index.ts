export * from './data-source';
export { ENTITIES } from './entities';
export * from './common/hash.util';
export * from './common/keyset-cursor.util';
export { inTransaction } from './common/transaction.util';
export * from './identity/agency.entity';
export * from './identity/unit.entity';
export * from './identity/user.entity';
export * from './identity/identity.store';
export * from './definitions/process-definition.entity';
export * from './definitions/definition.store';
export * from './instances/process-instance.entity';
export * from './instances/element-history.entity';
export * from './instances/instance.store';
export * from './tasks/task.entity';
export * from './tasks/task-candidate.entity';
export * from './tasks/task.store';
export * from './tasks/inbox-query';
export * from './audit/audit-entry.entity';
export * from './audit/audit.store';
export * from './audit/chains-verify.store';
export * from './audit/audit-keys';
export * from './audit/audit-head.entity';
export * from './audit/audit-checkpoint.entity';
export * from './testing/test-database';
export * from './calendar';
export * from './documents';
export * from './blobs';
export * from './dossiers';
export * from './dossier-steps';
<<<<<<< HEAD
export * from './signature-sessions';
=======
export * from './designs';
>>>>>>> main
