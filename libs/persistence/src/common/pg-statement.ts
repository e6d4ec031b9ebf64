import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/**
 * Builds one hand-written PostgreSQL statement out of several writes (data-modifying CTEs), for the
 * hot paths where each TypeORM call would be a round trip of its own (W2, session 9). Values go
 * through TypeORM's own conversion (column transformer, then the driver's preparePersistentValue),
 * so rows are stored exactly as `insert` / `update` store them. Table and column names come from
 * the entity metadata, never from input.
 */
export class PgStatement {
  readonly params: unknown[] = [];

  constructor(private readonly m: EntityManager) {}

  /** a parameter converted for `column` */
  param(value: unknown, column: ColumnMetadata): string {
    const v = column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
    this.params.push(this.m.connection.driver.preparePersistentValue(v, column));
    return `$${this.params.length}`;
  }

  /** a parameter as is (an id in a WHERE clause) */
  raw(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  table(entity: EntityTarget<ObjectLiteral>): string {
    return `"${this.m.connection.getMetadata(entity).tableName}"`;
  }

  /**
   * `INSERT INTO t (cols) VALUES (…), …` of every non-generated column of the rows; `expr` replaces a
   * column's value with SQL. With `onlyIf` (a CTE's name): `INSERT … SELECT … FROM <onlyIf>` — the rows are
   * written only when that CTE returned a row (values cast to their columns' types, as a SELECT list has none).
   */
  insert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    rows: Partial<T> | Array<Partial<T>>,
    opts: { expr?: (index: number) => Partial<Record<keyof T & string, string>>; onlyIf?: string } = {},
  ): string {
    const meta = this.m.connection.getMetadata(entity);
    const columns = meta.columns.filter((c) => !c.isGenerated);
    const tuple = (row: Partial<T>, index: number) =>
      columns.map((c) => {
        const v = (opts.expr?.(index) as Record<string, string | undefined> | undefined)?.[c.propertyName] ?? this.param(c.getEntityValue(row), c);
        return opts.onlyIf ? `${v}::${this.m.connection.driver.normalizeType(c)}` : v;
      });
    const list = Array.isArray(rows) ? rows : [rows];
    const body = opts.onlyIf
      ? list.map((row, i) => `SELECT ${tuple(row, i).join(', ')} FROM ${opts.onlyIf}`).join(' UNION ALL ')
      : `VALUES ${list.map((row, i) => `(${tuple(row, i).join(', ')})`).join(', ')}`;
    return `INSERT INTO "${meta.tableName}" (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) ${body}`;
  }

  /** `"col" = EXCLUDED."col", …` for every non-generated column but the primary key and `keep` (an upsert's DO UPDATE) */
  excluded<T extends ObjectLiteral>(entity: EntityTarget<T>, keep: Array<keyof T & string> = []): string {
    return this.m.connection
      .getMetadata(entity)
      .columns.filter((c) => !c.isGenerated && !c.isPrimary && !keep.includes(c.propertyName as keyof T & string))
      .map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`)
      .join(', ');
  }

  /** `col = $n, …` for the properties of `set` */
  assignments<T extends ObjectLiteral>(entity: EntityTarget<T>, set: Partial<T>): string {
    const meta = this.m.connection.getMetadata(entity);
    return Object.entries(set)
      .map(([key, value]) => {
        const column = meta.findColumnWithPropertyName(key);
        if (!column) throw new Error(`${meta.tableName} has no column for ${key}`);
        return `"${column.databaseName}" = ${this.param(value, column)}`;
      })
      .join(', ');
  }

  run<R = unknown>(sql: string): Promise<R[]> {
    return this.m.query(sql, this.params) as Promise<R[]>;
  }
}
