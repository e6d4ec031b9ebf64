import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { auditKeySourcesFromEnv, createDataSource, loadAuditKeys, runMigrations, setAuditKeys, withStartupLock } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { installBodyParsers, installOpenApi, installWebApp } from './bootstrap/http-setup';
import { installSecurityHeaders } from './bootstrap/security-headers';
import { deployProcessesDir } from './bootstrap/processes-dir';
import type { ApiConfig } from './config/api-config';
import { DeployBpmnUseCase } from './deployments/deploy-bpmn.usecase';
import { seedDemo } from './identity/demo-seed';
import { seedProcedureCatalog, type SeedResult } from './procedures/procedure-catalog.seed';

export interface RunningApi {
  app: NestExpressApplication;
  ds: DataSource;
  /** base URL when listening (`http://127.0.0.1:<port>`) */
  url: string;
  /** what this replica did with the processes directory at start (empty without one) */
  startup: { processes: Array<{ file: string; ok: boolean; created?: number; error?: string }>; procedures: SeedResult[] };
  close(): Promise<void>;
}

/**
 * Builds the API: database (migrations run here), demo seed, Nest app with body limits,
 * error mapping, OpenAPI and the web app, then the processes directory. Listens on
 * config.port unless `listen: false` (port 0 picks a free port — tests).
 * Replicas starting together on one PostgreSQL take turns for the migrations and for the
 * seed and the processes directory (advisory locks, docs/deploy.md).
 */
export async function createApp(config: ApiConfig, opts: { listen?: boolean } = {}): Promise<RunningApi> {
  const ds = createDataSource({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  // read (or generate) the audit keys before anything can append to the chain
  setAuditKeys(ds, loadAuditKeys(config.audit ?? auditKeySourcesFromEnv(process.env, config.dataDir)));
  await runMigrations(ds);
  try {
    if (config.seedDemo) await withStartupLock(ds, () => seedDemo(ds));
    const levels: LogLevel[] | false = config.logger ? ['warn', 'error'] : false;
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, ds), {
      bodyParser: false,
      logger: levels,
    });
    app.disable('x-powered-by');
    installSecurityHeaders(app, config.trustProxy);
    installBodyParsers(app, config);
    app.setGlobalPrefix('api/v1');
    installOpenApi(app);
    installWebApp(app, config.webDist);
    app.enableShutdownHooks();
    await app.init();
    const startup: RunningApi['startup'] = { processes: [], procedures: [] };
    const dir = config.processesDir;
    if (dir) {
      await withStartupLock(ds, async () => {
        startup.processes = await deployProcessesDir(dir, app.get(DeployBpmnUseCase), config.logger);
        startup.procedures = await seedProcedureCatalog(dir, ds, config.logger);
      });
    }
    let url = '';
    if (opts.listen !== false) {
      await app.listen(config.port, config.host);
      const address = app.getHttpServer().address() as { port: number };
      url = `http://127.0.0.1:${address.port}`;
      if (config.logger) process.stdout.write(`[api] listening on ${url}\n`);
    }
    return {
      app,
      ds,
      url,
      startup,
      close: async () => {
        await app.close();
        if (ds.isInitialized) await ds.destroy();
      },
    };
  } catch (err) {
    if (ds.isInitialized) await ds.destroy();
    throw err;
  }
}
