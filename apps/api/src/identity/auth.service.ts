import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { JwtService } from '@nestjs/jwt';
import { findUserByUsername } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { toAuthUser, type AuthUser } from '../common/auth/auth-user';
import type { JwtClaims } from '../common/auth/jwt-auth.guard';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH, verifyPassword } from './password-hasher';

export interface LoginResult {
  accessToken: string;
  user: AuthUser;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  private readonly throttle = new LoginThrottle();

  /**
   * `client` is the caller's address (Express `req.ip`; behind a proxy set TTHC_TRUST_PROXY).
   * Failed logins and every lockout/delay that starts are written to the audit log.
   */
  async login(username: string, password: string, client = 'unknown'): Promise<LoginResult> {
    const refused = this.throttle.check(username, client);
    if (refused) {
      throw new ApiError(ErrorCode.TOO_MANY_REQUESTS, 'too many failed logins; try again later', { retryAfterSeconds: Math.ceil(refused.retryAfterMs / 1000), scope: refused.scope }, 429);
    }
    const user = await findUserByUsername(this.ds, username);
    // verify even for unknown users so response time does not reveal which usernames exist
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      const closed = this.throttle.fail(username, client);
      const reason = !user ? 'unknown-user' : !ok ? 'wrong-password' : 'inactive';
      await this.audit.record({ actor: username, action: 'auth.login-failed', entity: 'user', entityId: user?.id ?? null, details: { username, client, reason } });
      for (const scope of closed) {
        await this.audit.record({ actor: 'system', action: 'auth.lockout', entity: 'user', entityId: user?.id ?? null, details: { username, client, scope } });
      }
      throw ApiError.unauthenticated('wrong username or password');
    }
    this.throttle.succeed(username, client);
    const claims: JwtClaims = { sub: user.id, username: user.username, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims);
    await this.audit.record({ actor: user.username, action: 'auth.login', entity: 'user', entityId: user.id, details: { client } });
    return { accessToken, user: toAuthUser(user) };
  }
}
