export * from './graph';
export * from './workflow';
export * from './errors';
export * from './activities';
export * from './dossiers';
export * from './replay';
export * from './dossier-steps';
export * from './tasks';
export * from './documents';
<<<<<<< HEAD
export * from './token-signing';
=======
export * from './designs';
>>>>>>> main
