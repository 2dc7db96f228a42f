/**
 * The collector's schema, as numbered migrations of plain PostgreSQL. The same statements run on the
 * embedded database and on a PostgreSQL server; each migration runs once, inside a transaction, under
 * an advisory lock so that two collectors starting against one server do not race.
 */
import type { Sql } from './sql';

const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'donations',
    sql: `
      CREATE TABLE donations (
        id               text PRIMARY KEY,
        study_id         text NOT NULL,
        idempotency_key  text NOT NULL UNIQUE,
        withdrawal_hash  text NOT NULL,
        sha256           text NOT NULL,
        size             integer NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        ciphertext       bytea,
        withdrawn_at     timestamptz,
        CHECK ((withdrawn_at IS NULL) = (ciphertext IS NOT NULL))
      );
      CREATE INDEX donations_received ON donations (received_at);
    `,
  },
  {
    version: 2,
    name: 'ciphertext stored out of line, uncompressed',
    // Ciphertext does not compress: skip the compression attempt on every insert (it cost the embedded database most).
    sql: `ALTER TABLE donations ALTER COLUMN ciphertext SET STORAGE EXTERNAL`,
  },
];

export async function migrate(sql: Sql): Promise<number[]> {
  const applied: number[] = [];
  await sql.tx(async (q) => {
    await q('SELECT pg_advisory_xact_lock(5318008)');
    await q(`CREATE TABLE IF NOT EXISTS coevo_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await q<{ version: number }>('SELECT version FROM coevo_migrations')).map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const stmt of m.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await q(stmt);
      await q('INSERT INTO coevo_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return applied;
}
