import { DossierStepGuardsSchema1764620000000 } from './1764620000000-dossier-step-guards-schema';
import { DossierStepGuardEntity } from './dossier-step-guard.entity';

export { DossierStepGuardEntity } from './dossier-step-guard.entity';
export * from './dossier-step-guard.store';
/** Appended to ENTITIES / MIGRATIONS. */
export const DOSSIER_STEP_ENTITIES = [DossierStepGuardEntity];
export const DOSSIER_STEP_MIGRATIONS = [DossierStepGuardsSchema1764620000000];
