import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@tthc/persistence';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'tthc:public';
export const ROLES = 'tthc:roles';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const PORTAL_ALLOWED = 'tthc:portal-allowed';

/**
 * The routes the portal's service account (role `portal` only) may call; every other
 * route refuses it with 403, whatever its own role rules say (see JwtAuthGuard).
 */
export const PortalAllowed = () => SetMetadata(PORTAL_ALLOWED, true);

/** Caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
