import { IncidentsController } from './incidents.controller';
import { IncidentsUsecase } from './incidents.usecase';
import { InstanceMigrationUsecase } from './instance-migration.usecase';
import { InstanceModificationUsecase } from './instance-modification.usecase';
import { InstanceOperationsController } from './instance-operations.controller';

/** operating running instances: migration, modification, incidents (docs/api.md "Operating instances") */
export const INSTANCE_OPERATION_CONTROLLERS = [InstanceOperationsController, IncidentsController];
export const INSTANCE_OPERATION_PROVIDERS = [InstanceMigrationUsecase, InstanceModificationUsecase, IncidentsUsecase];
