import type { DossierStatus } from '@tthc/contracts';

export class DossierNotFoundError extends Error {
  constructor(readonly dossierId: string) {
    super(`dossier ${dossierId} not found`);
    this.name = 'DossierNotFoundError';
  }
}

/** A status change the lifecycle does not allow (from a final status, or to the same one). */
export class DossierTransitionError extends Error {
  constructor(
    readonly dossierId: string,
    readonly from: DossierStatus,
    readonly to: DossierStatus,
  ) {
    super(`dossier ${dossierId} cannot go from status ${from} to ${to}`);
    this.name = 'DossierTransitionError';
  }
}
