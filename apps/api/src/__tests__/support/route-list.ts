import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Role } from '@tthc/persistence';
import { IS_PUBLIC, PORTAL_ALLOWED, ROLES } from '../../common/auth/auth.decorators';

/** One route the running API serves, and what JwtAuthGuard reads on it. */
export interface RouteAccess {
  /** `GET /dossiers/:id` (without the global prefix) */
  route: string;
  public: boolean;
  /** the @Roles() the route (or its controller) requires; undefined = any signed-in user */
  roles?: Role[];
  portal: boolean;
}

const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** Every route of every controller Nest registered (ModulesContainer: the modules as Nest built them), with its guard metadata. */
export function listRoutes(app: INestApplication): RouteAccess[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const out: RouteAccess[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, (...a: unknown[]) => unknown>)[name];
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const targets = [handler, controller];
        for (const b of base) {
          for (const p of [paths].flat()) {
            out.push({
              route: `${method} ${join(b, p)}`,
              public: !!reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
              roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
              portal: !!reflector.getAllAndOverride<boolean>(PORTAL_ALLOWED, targets),
            });
          }
        }
      }
    }
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}
