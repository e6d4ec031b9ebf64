import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Working calendar: published years, their days and admin overrides, office hours per agency (SQLite + PostgreSQL). */
export class CalendarSchema1763900000000 implements MigrationInterface {
  name = 'CalendarSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    for (const sql of [
      `CREATE TABLE calendar_years (
        year integer PRIMARY KEY,
        legal_reference varchar(512) NOT NULL,
        note text NULL,
        updated_by varchar(128) NOT NULL,
        updated_at ${ts} NOT NULL)`,
      `CREATE TABLE calendar_days (
        date varchar(10) NOT NULL,
        source varchar(16) NOT NULL CHECK (source IN ('published', 'override')),
        year integer NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('holiday', 'make-up', 'swap-off', 'swap-workday')),
        reason text NOT NULL,
        legal_reference varchar(512) NOT NULL,
        created_by varchar(128) NOT NULL,
        created_at ${ts} NOT NULL,
        PRIMARY KEY (date, source))`,
      `CREATE INDEX ix_calendar_days_year ON calendar_days (year, date)`,
      `CREATE TABLE calendar_office_hours (
        agency_code varchar(64) PRIMARY KEY,
        sessions text NOT NULL,
        updated_by varchar(128) NOT NULL,
        updated_at ${ts} NOT NULL)`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_office_hours');
    await q.query('DROP TABLE calendar_days');
    await q.query('DROP TABLE calendar_years');
  }
}
