/**
 * The collector's database connection, in two flavours that run the same plain-PostgreSQL SQL:
 * embedded PostgreSQL (`@electric-sql/pglite`, data in a folder, nothing to install) and a real
 * PostgreSQL server through `pg` (a `postgres://…` URL). Only these two files know which one is used.
 */
export type Row = Record<string, unknown>;

export interface Sql {
  readonly kind: 'pglite' | 'postgres';
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` inside one transaction (BEGIN … COMMIT, ROLLBACK on a throw). */
  tx<T>(fn: (q: Sql['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL with its data in `dir`. Open it once per process: the first open takes seconds. */
async function openPglite(dir: string): Promise<Sql> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  return {
    kind: 'pglite',
    async query<T extends Row>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    tx: (fn) => db.transaction(async (t) => fn(async <T extends Row>(text: string, params: unknown[] = []) => (await t.query<T>(text, params)).rows)),
    close: () => db.close(),
  };
}

/** A real PostgreSQL server through a `pg` connection pool. */
async function openPostgres(url: string, poolSize = 10): Promise<Sql> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // an idle client lost its server: the next query reconnects or fails visibly
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T extends Row>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(async <T extends Row>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[]);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `postgres://…` → a server; anything else is a folder for the embedded database. */
export function openSql(target: string): Promise<Sql> {
  return /^postgres(ql)?:\/\//.test(target) ? openPostgres(target) : openPglite(target);
}
