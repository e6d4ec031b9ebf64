import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MulterModule } from '@nestjs/platform-express';
import bytes from 'bytes';
import { createSecretKey } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditCheckpointer } from './audit/audit-checkpointer';
import { AuditController } from './audit/audit.controller';
import { DossierAuditController } from './audit/dossier-audit.controller';
import { DossierAuditUseCase } from './audit/dossier-audit.usecase';
import { AuditService } from './audit/audit.service';
import { AuditExportController } from './audit/audit-export.controller';
import { AuditorViews } from './audit/auditor-views';
import { ExportDossierUseCase } from './audit/export-dossier.usecase';
import { ReplayController } from './audit/replay.controller';
import { ReplayInstanceUseCase } from './audit/replay-instance.usecase';
import { CALENDAR_CONTROLLERS, CALENDAR_PROVIDERS } from './calendar';
import { AuthUserCache } from './common/auth/auth-user.cache';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { RejectNulBytesPipe } from './common/validation/nul-bytes.pipe';
import { API_CONFIG, DATA_SOURCE } from './common/tokens';
import type { ApiConfig } from './config/api-config';
import { DOCUMENT_CONTROLLERS, DOCUMENT_PROVIDERS } from './documents';
import { DOSSIER_CONTROLLERS, DOSSIER_PROVIDERS } from './dossiers';
import { DESIGN_CONTROLLERS, DESIGN_PROVIDERS } from './procedures/drafts';
import { DeployBpmnUseCase } from './deployments/deploy-bpmn.usecase';
import { DeploymentsController } from './deployments/deployments.controller';
import { ProcessAccess } from './deployments/process-access';
import { ProcessDefinitionsController } from './deployments/process-definitions.controller';
import { HealthController } from './health/health.controller';
import { AuthController } from './identity/auth.controller';
import { AuthService } from './identity/auth.service';
import { DirectoryController } from './identity/directory.controller';
import { UsersService } from './identity/users.service';
import { MessagesController } from './messages/messages.controller';
import { MessagesService } from './messages/messages.service';
import { EventSubscriptions } from './messages/event-subscriptions';
import { ProcessInstancesController } from './process-instances/process-instances.controller';
import { ProcessInstancesService } from './process-instances/process-instances.service';
import { INSTANCE_OPERATION_CONTROLLERS, INSTANCE_OPERATION_PROVIDERS } from './process-instances/operations';
import { TasksController } from './tasks/tasks.controller';
import { StaleCompletionSweeper } from './tasks/stale-completion.sweeper';
import { TasksService } from './tasks/tasks.service';
import { TemporalGateway } from './temporal/temporal.gateway';
import { SavedFiltersController } from './tasks/saved-filters.controller';
import { SavedFiltersService } from './tasks/saved-filters.service';

/** The whole API as one module; the DataSource and config are built by createApp. */
@Module({})
export class AppModule {
  static register(config: ApiConfig, ds: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // multipart uploads: one file, held in memory, no bigger than the body limit
        MulterModule.register({ limits: { fileSize: bytes.parse(config.maxBody) ?? 10 * 1024 * 1024, files: 1 } }),
        JwtModule.register({
          // a KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey() on every
          // verify and falls back after the exception (~1.5 ms of CPU per request, profiled)
          secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) as unknown as string,
          // @nestjs/jwt types expiresIn as ms's template-literal type; the env string is validated by jsonwebtoken
          signOptions: { expiresIn: config.jwt.ttl as unknown as number, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [
        AuthController,
        DirectoryController,
        HealthController,
        DeploymentsController,
        ProcessDefinitionsController,
        ProcessInstancesController,
        TasksController,
        SavedFiltersController,
        MessagesController,
        AuditController,
        DossierAuditController,
        ReplayController,
        AuditExportController,
        ...CALENDAR_CONTROLLERS,
        ...DOCUMENT_CONTROLLERS,
        ...DOSSIER_CONTROLLERS,
        ...DESIGN_CONTROLLERS,
        ...INSTANCE_OPERATION_CONTROLLERS,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: DATA_SOURCE, useValue: ds },
        AuthUserCache,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: RejectNulBytesPipe },
        TemporalGateway,
        AuditService,
        ReplayInstanceUseCase,
        ExportDossierUseCase,
        DossierAuditUseCase,
        AuditorViews,
        AuditCheckpointer,
        AuthService,
        UsersService,
        DeployBpmnUseCase,
        ProcessAccess,
        ProcessInstancesService,
        TasksService,
        SavedFiltersService,
        StaleCompletionSweeper,
        MessagesService,
        EventSubscriptions,
        ...CALENDAR_PROVIDERS,
        ...DOCUMENT_PROVIDERS,
        ...DOSSIER_PROVIDERS,
        ...DESIGN_PROVIDERS,
        ...INSTANCE_OPERATION_PROVIDERS,
      ],
      exports: [DeployBpmnUseCase],
    };
  }
}
