import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@tthc/persistence';
import type { Request } from 'express';
import { ApiError } from '../errors/api-error';
import { IS_PUBLIC, PORTAL_ALLOWED, ROLES } from './auth.decorators';
import { hasRole, toAuthUser, type AuthUser } from './auth-user';
import { AuthUserCache } from './auth-user.cache';

export interface JwtClaims {
  sub: string;
  username: string;
  /** the user's token version at login: raised on password change, deactivation, role change */
  tv: number;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public();
 * @Roles() further restricts by role. The user is checked on each request — active, and a
 * token issued before the user's token version was raised (new password, deactivation, new
 * roles) is refused — against its row as AuthUserCache holds it: re-read at most every 2 s,
 * and at once after a change made through this process.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: AuthUserCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw ApiError.unauthenticated('missing bearer token');
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(match[1]);
    } catch (err) {
      const expired = (err as { name?: string }).name === 'TokenExpiredError';
      throw ApiError.unauthenticated(expired ? 'token expired' : 'token is not valid');
    }
    const user = await this.users.get(claims.sub);
    if (!user || !user.active) throw ApiError.unauthenticated('user is not active');
    if (claims.tv !== user.tokenVersion) throw ApiError.unauthenticated('token was revoked (password, roles or status changed); log in again');
    req.user = toAuthUser(user);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !hasRole(req.user, ...roles)) {
      throw ApiError.forbidden(`requires role ${roles.join(' or ')}`);
    }
    // the portal's service account reaches the dossier routes only, never the officers' API
    if (req.user.roles.every((r) => r === 'portal') && !this.reflector.getAllAndOverride<boolean>(PORTAL_ALLOWED, targets)) {
      throw ApiError.forbidden('the portal account may only use the dossier and procedure routes');
    }
    return true;
  }
}
