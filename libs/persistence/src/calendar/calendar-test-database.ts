import { openTestDatabase, type TestDatabase, type TestDbKind } from '../testing/test-database';

/**
 * A fresh, migrated database for the calendar specs. The calendar entities and migration are
 * part of ENTITIES / MIGRATIONS, so this is exactly testing/test-database's openTestDatabase;
 * the name stays for the specs (and the package export) that use it.
 */
export function openCalendarTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  return openTestDatabase(kind);
}
