import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@tthc/contracts';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Database and Temporal status; 503 when either is down' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([this.database(), this.temporal.isHealthy()]);
    const ok = database.ok && database.writable && temporal.ok;
    res.status(ok ? 200 : 503);
    const dbError = !database.ok ? 'database not reachable' : !database.writable ? 'database is read-only' : undefined;
    const error = !database.ok
      ? { code: ErrorCode.DATABASE_UNAVAILABLE, message: 'the database is not reachable' }
      : !database.writable
        ? { code: ErrorCode.DATABASE_READ_ONLY, message: 'the database does not accept changes (read-only)' }
        : { code: ErrorCode.ENGINE_UNAVAILABLE, message: 'Temporal is not reachable' };
    return {
      status: ok ? 'ok' : 'unavailable',
      database: { ok: database.ok, writable: database.writable, type: this.ds.options.type, ...(dbError ? { error: dbError } : {}) },
      temporal: { ok: temporal.ok, ...(temporal.ok ? {} : { error: 'Temporal not reachable' }) },
      // an unhealthy answer is still an error body like every other 5xx
      ...(ok ? {} : { error }),
    };
  }

  /**
   * Reachable: `SELECT 1`. Writable: a write statement that changes no row — a read-only
   * database (PostgreSQL read-only transaction or replica, SQLite query_only / read-only
   * file) refuses the statement itself.
   */
  private async database(): Promise<{ ok: boolean; writable: boolean }> {
    try {
      await this.ds.query('SELECT 1');
    } catch {
      return { ok: false, writable: false };
    }
    try {
      await this.ds.query('UPDATE schema_migrations SET name = name WHERE 1 = 0');
      return { ok: true, writable: true };
    } catch {
      return { ok: true, writable: false };
    }
  }
}
