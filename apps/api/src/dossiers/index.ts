import type { Provider } from '@nestjs/common';
import { ProcedureQueries } from '../procedures/procedure-queries.service';
import { ProceduresController } from '../procedures/procedures.controller';
import { UpdateProcedureUseCase } from '../procedures/update-procedure.usecase';
import { AddDossierDocumentUseCase } from './add-dossier-document.usecase';
import { CreateDossierUseCase } from './create-dossier.usecase';
import { DossierAccess } from './dossier-access';
import { DossierFormsService } from './dossier-forms.service';
import { DossierQueries } from './dossier-queries.service';
import { DossiersController } from './dossiers.controller';
import { PUBLIC_LOOKUP_PROVIDER } from './dossiers-config';
import { PublicDossiersController } from './public-dossiers.controller';
import { ResubmitDossierUseCase } from './resubmit-dossier.usecase';
import { ReuseDocumentUseCase } from './reuse-document.usecase';

/** Spread into AppModule's `controllers` / `providers` (dossiers, procedures, public lookup). */
export const DOSSIER_CONTROLLERS = [DossiersController, PublicDossiersController, ProceduresController];
export const DOSSIER_PROVIDERS: Provider[] = [
  PUBLIC_LOOKUP_PROVIDER,
  DossierAccess,
  DossierQueries,
  CreateDossierUseCase,
  AddDossierDocumentUseCase,
  ReuseDocumentUseCase,
  ResubmitDossierUseCase,
  DossierFormsService,
  ProcedureQueries,
  UpdateProcedureUseCase,
];
