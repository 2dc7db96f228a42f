/**
 * The collector's store: what the server and `study pull` need, on either database (see sql.ts).
 * It only ever holds ciphertext, the hash of each donation's withdrawal secret, and receipt metadata.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { migrate } from './migrations';
import { openSql, type Sql } from './sql';

export type Receipt = { donationId: string; receivedAt: string; sha256: string };

export type DonationMeta = Receipt & {
  studyId: string;
  size: number;
  /** Set when the donor withdrew it; the ciphertext is gone, this tombstone stays. */
  withdrawnAt: string | null;
};

export type PutResult =
  | { status: 'created'; receipt: Receipt }
  | { status: 'replayed'; receipt: Receipt }
  /** The idempotency key was used before for a different body, or for a donation since withdrawn. */
  | { status: 'conflict'; reason: string };

export type WithdrawResult = 'withdrawn' | 'already-withdrawn' | 'not-found' | 'forbidden';

export interface Store {
  readonly kind: Sql['kind'];
  put(d: { studyId: string; idempotencyKey: string; withdrawalHash: string; ciphertext: Uint8Array }): Promise<PutResult>;
  withdraw(id: string, secretHex: string): Promise<WithdrawResult>;
  list(): Promise<DonationMeta[]>;
  /** The stored ciphertext, or null when withdrawn or unknown. */
  ciphertext(id: string): Promise<Uint8Array | null>;
  count(): Promise<{ current: number; withdrawn: number }>;
  /**
   * Class sessions: withdraws (tombstones) every current donation made with this withdrawal hash except `keepId` — a
   * student who sends again reuses their class withdrawal secret, so their new contribution replaces the old one.
   * Returns the ids withdrawn.
   */
  supersede(withdrawalHash: string, keepId: string): Promise<string[]>;
  /** Class sessions end: deletes every donation, tombstones included, and compacts the table. Returns how many rows. */
  purge(): Promise<number>;
  close(): Promise<void>;
}

export const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const iso = (v: unknown): string => new Date(v as string | Date).toISOString();

type DbRow = {
  id: string;
  study_id: string;
  sha256: string;
  size: number;
  received_at: Date | string;
  withdrawn_at: Date | string | null;
};

const toMeta = (r: DbRow): DonationMeta => ({
  donationId: r.id,
  studyId: r.study_id,
  receivedAt: iso(r.received_at),
  sha256: r.sha256,
  size: Number(r.size),
  withdrawnAt: r.withdrawn_at === null ? null : iso(r.withdrawn_at),
});

const receiptOf = (m: DonationMeta): Receipt => ({ donationId: m.donationId, receivedAt: m.receivedAt, sha256: m.sha256 });

class SqlStore implements Store {
  constructor(private readonly sql: Sql) {}
  get kind() {
    return this.sql.kind;
  }

  async put(d: { studyId: string; idempotencyKey: string; withdrawalHash: string; ciphertext: Uint8Array }): Promise<PutResult> {
    const digest = sha256Hex(d.ciphertext);
    // One statement: the row is durable (committed) before the caller answers 201.
    const inserted = await this.sql.query<DbRow>(
      `INSERT INTO donations (id, study_id, idempotency_key, withdrawal_hash, sha256, size, ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, study_id, sha256, size, received_at, withdrawn_at`,
      [randomUUID(), d.studyId, d.idempotencyKey, d.withdrawalHash, digest, d.ciphertext.byteLength, d.ciphertext],
    );
    if (inserted[0]) return { status: 'created', receipt: receiptOf(toMeta(inserted[0])) };
    const [prior] = await this.sql.query<DbRow & { withdrawal_hash: string }>(
      `SELECT id, study_id, sha256, size, received_at, withdrawn_at, withdrawal_hash
       FROM donations WHERE idempotency_key = $1`,
      [d.idempotencyKey],
    );
    if (!prior) throw new Error('idempotency key conflicted but no row holds it');
    if (prior.withdrawn_at !== null) return { status: 'conflict', reason: 'this donation was withdrawn; send it again with a new idempotency key' };
    if (prior.sha256 !== digest || prior.withdrawal_hash !== d.withdrawalHash || prior.study_id !== d.studyId)
      return { status: 'conflict', reason: 'this idempotency key was already used for a different donation' };
    return { status: 'replayed', receipt: receiptOf(toMeta(prior)) };
  }

  async withdraw(id: string, secretHex: string): Promise<WithdrawResult> {
    const [row] = await this.sql.query<{ withdrawal_hash: string; withdrawn_at: unknown }>(
      'SELECT withdrawal_hash, withdrawn_at FROM donations WHERE id = $1',
      [id],
    );
    if (!row) return 'not-found';
    const given = Buffer.from(sha256Hex(Buffer.from(secretHex, 'hex')), 'hex');
    const stored = Buffer.from(row.withdrawal_hash, 'hex');
    if (given.length !== stored.length || !timingSafeEqual(given, stored)) return 'forbidden';
    if (row.withdrawn_at !== null) return 'already-withdrawn';
    await this.sql.query('UPDATE donations SET ciphertext = NULL, withdrawn_at = now() WHERE id = $1 AND withdrawn_at IS NULL', [id]);
    return 'withdrawn';
  }

  async list(): Promise<DonationMeta[]> {
    const rows = await this.sql.query<DbRow>('SELECT id, study_id, sha256, size, received_at, withdrawn_at FROM donations ORDER BY received_at, id');
    return rows.map(toMeta);
  }

  async ciphertext(id: string): Promise<Uint8Array | null> {
    const [row] = await this.sql.query<{ ciphertext: Uint8Array | null }>('SELECT ciphertext FROM donations WHERE id = $1', [id]);
    return row?.ciphertext ? new Uint8Array(row.ciphertext) : null;
  }

  async count() {
    const [r] = await this.sql.query<{ current: string | number; withdrawn: string | number }>(
      `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL) AS current,
              count(*) FILTER (WHERE withdrawn_at IS NOT NULL) AS withdrawn FROM donations`,
    );
    return { current: Number(r?.current ?? 0), withdrawn: Number(r?.withdrawn ?? 0) };
  }

  async supersede(withdrawalHash: string, keepId: string): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `UPDATE donations SET ciphertext = NULL, withdrawn_at = now()
       WHERE withdrawal_hash = $1 AND id <> $2 AND withdrawn_at IS NULL RETURNING id`,
      [withdrawalHash, keepId],
    );
    return rows.map((r) => r.id);
  }

  async purge(): Promise<number> {
    const rows = await this.sql.query<{ id: string }>('DELETE FROM donations RETURNING id');
    // VACUUM FULL rewrites the table into new files and removes the old ones, so deleted ciphertext does not linger
    // in dead tuples on disk (a plain DELETE only marks rows dead).
    await this.sql.query('VACUUM FULL donations');
    return rows.length;
  }

  close() {
    return this.sql.close();
  }
}

/** Opens (and migrates) the store: a `postgres://…` URL, or a folder for the embedded database. */
export async function openStore(target: string): Promise<Store> {
  const sql = await openSql(target);
  try {
    await migrate(sql);
  } catch (e) {
    await sql.close().catch(() => {});
    throw e;
  }
  return new SqlStore(sql);
}
