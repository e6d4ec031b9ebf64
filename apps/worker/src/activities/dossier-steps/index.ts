export { guardStepActivity } from './guard-step.activity';
export { resumeDossierClockActivity } from './resume-clock.activity';
export { flagLateReceiptActivity } from './late-receipt.activity';
export { dossierStepDeps, type DossierStepDeps, type DossierStepOptions } from './dossier-step.deps';
export { raiseApologyDueActivity } from './raise-apology-due.activity';
export { warmDossierSteps, WARM_SEALS_MAX, type WarmUpReport } from './warm-up';
