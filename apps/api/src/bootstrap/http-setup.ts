import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import bytes from 'bytes';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AllExceptionsFilter } from '../common/errors/all-exceptions.filter';
import { refuseDeclaredOversize } from '../common/http/declared-size.middleware';
import { verifyJsonDepth } from '../common/validation/json-depth.util';
import type { ApiConfig } from '../config/api-config';
import { XML_TYPES } from '../deployments/deployments.controller';

/**
 * Body parsers with the configured limit, and an Express error handler right behind
 * them: parser errors (too large, malformed JSON) happen before Nest's routing, so
 * they would otherwise reach Express's default HTML handler (with a stack trace).
 */
export function installBodyParsers(app: NestExpressApplication, config: ApiConfig): void {
  const filter = new AllExceptionsFilter();
  app.use(refuseDeclaredOversize(bytes.parse(config.maxBody) ?? 10 * 1024 * 1024, ['application/json', ...XML_TYPES]));
  app.use(express.json({ limit: config.maxBody, verify: verifyJsonDepth }));
  app.use(express.text({ type: XML_TYPES, limit: config.maxBody }));
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const [status, body] = filter.toBody(err);
    res.status(status).json(body);
  });
}

export function installOpenApi(app: NestExpressApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('TTHC Flow API')
    .setDescription('BPMN workflow engine on Temporal for Vietnamese administrative procedures')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/** Serves the built web app with an SPA fallback (every non-API GET that wants HTML gets index.html). */
export function installWebApp(app: NestExpressApplication, webDist: string | undefined): boolean {
  if (!webDist) return false;
  const dir = resolve(webDist);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, { index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api') && req.accepts('html')) {
      res.sendFile(index);
      return;
    }
    next();
  });
  return true;
}
