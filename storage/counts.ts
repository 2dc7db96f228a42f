/**
 * How many conversations and messages are stored, in total and per site, kept in one row (`meta` table, key
 * `counts`) that every write updates in its own transaction, so reading the numbers costs one `get` whatever the
 * store's size (IndexedDB's own count() walks every key: ~100–300 ms at 100,000 messages).
 *
 * Maintained by a Dexie middleware at the DBCore level, below every API Dexie offers (put, add, delete, clear,
 * modify, Collection.delete…), so no write path can forget it:
 *  - each read-write transaction that touches `conversations` or `messages` also gets `meta` in its scope;
 *  - a put or delete first asks which of its keys are already stored (keys only: no row is read), an add counts
 *    what succeeded, a range delete counts the range's keys first, a clear sets the table's counts to zero;
 *  - the row is then adjusted in the same transaction (an aborted write leaves it as it was). Mutations of one
 *    transaction are applied one after the other, so two concurrent bulkPuts cannot both count the same new key.
 *    Merges write it once at their end (`batchCounts`) instead of after each write.
 * A missing row means "not known": it is not maintained then, and the next reader counts once and stores it, in one
 * transaction with the counted tables (storage/queries.ts). Writers that bypass Dexie (the end-to-end tests'
 * seeding) must delete it; the migration to schema v5 computes it.
 * Cost (`npm run bench:store`, Chromium): about +16 % on merging 7,486 messages in 1,500 new conversations in one
 * transaction, nothing on merging them again, about +2 ms on a one-message capture's write (the background's).
 * Site comes from the key (`site:…`, model/ids.ts); a key without a known site counts in the totals only.
 */
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction, type Middleware, type Table } from 'dexie';
import { SITE_IDS, type SiteId } from '../model/types';

export const COUNTS_KEY = 'counts';
const COUNTED = ['conversations', 'messages'] as const;
type Counted = (typeof COUNTED)[number];

export interface StoreCounts {
  conversations: number;
  messages: number;
  bySite: Partial<Record<SiteId, { conversations: number; messages: number }>>;
}

export interface CountsRow extends StoreCounts {
  key: typeof COUNTS_KEY;
}

function siteOfKey(key: unknown): SiteId | undefined {
  if (typeof key !== 'string') return undefined;
  const site = key.slice(0, key.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(site) ? (site as SiteId) : undefined;
}

/** Adds `sign` for each key to a table's totals and per-site counts; false when there was no key. */
export function adjust(row: CountsRow, table: Counted, keys: Iterable<unknown>, sign: 1 | -1): boolean {
  let changed = false;
  for (const k of keys) {
    changed = true;
    row[table] += sign;
    const site = siteOfKey(k);
    if (!site) continue;
    const c = (row.bySite[site] ??= { conversations: 0, messages: 0 });
    c[table] += sign;
    if (c.conversations === 0 && c.messages === 0) delete row.bySite[site];
  }
  return changed;
}

const RANGE_EQUAL = 1;
const RANGE_RANGE = 2;
const RANGE_ANY = 3;

/**
 * Which of `keys` are stored, reading keys only. Message keys of one conversation share a prefix
 * (`conversationId#…`) and sort together, so they are asked for as one key range per conversation.
 */
async function storedKeys(table: DBCoreTable, trans: DBCoreTransaction, keys: unknown[]): Promise<Set<unknown>> {
  const groups = new Map<string, unknown[]>();
  for (const k of keys) {
    const s = typeof k === 'string' && k.includes('#') ? k.slice(0, k.indexOf('#') + 1) : null;
    if (s === null) groups.set(`=${String(k)}\u0000${groups.size}`, [k]);
    else {
      const g = groups.get(s);
      if (g) g.push(k);
      else groups.set(s, [k]);
    }
  }
  const index = table.schema.primaryKey;
  const found = await Promise.all(
    [...groups].map(([prefix, ks]) =>
      ks.length === 1 || !prefix.endsWith('#')
        ? table.query({ trans, values: false, query: { index, range: { type: RANGE_EQUAL, lower: ks[0], upper: ks[0] } } })
        : table.query({
            trans,
            values: false,
            query: { index, range: { type: RANGE_RANGE, lower: prefix, upper: `${prefix}\uffff`, lowerOpen: false, upperOpen: false } },
          }),
    ),
  );
  const asked = new Set(keys);
  const out = new Set<unknown>();
  for (const r of found) for (const k of r.result) if (asked.has(k)) out.add(k);
  return out;
}

function requestKeys(table: DBCoreTable, req: DBCoreMutateRequest): unknown[] {
  if (req.type === 'delete') return req.keys;
  if (req.type === 'deleteRange') return [];
  return req.keys ?? req.values.map((v) => table.schema.primaryKey.extractKey!(v));
}

type Rows = WeakMap<DBCoreTransaction, Promise<CountsRow | null>>;

/**
 * Transactions whose row is written once at the end (`batchCounts`) instead of after every write, with the row
 * they changed. A big merge writes thousands of conversations in one transaction: one row write instead of two each.
 */
const batched = new WeakMap<DBCoreTransaction, { row: CountsRow | null }>();

function countingTable(down: DBCoreTable, core: DBCore, queue: WeakMap<DBCoreTransaction, Promise<unknown>>, rows: Rows): DBCoreTable {
  const name = down.name as Counted;
  const mutate = async (req: DBCoreMutateRequest) => {
    const { trans } = req;
    const meta = core.table('meta');
    // The row is read once per transaction (no other transaction can write it meanwhile), then kept in memory.
    // Requests of a transaction run in the order they are made: the row and the keys are asked for before the write
    // is made, without waiting in between, and see the store as it was.
    let rowRead = rows.get(trans);
    if (!rowRead) {
      rowRead = meta.get({ trans, key: COUNTS_KEY }).then((r: CountsRow | undefined) => r ?? null);
      rows.set(trans, rowRead);
    }
    const added: unknown[] = [];
    let removed: unknown[] = [];
    let before: Set<unknown> | undefined;
    let res: Awaited<ReturnType<DBCoreTable['mutate']>>;
    let row: CountsRow | null;
    const keys = requestKeys(down, req);
    if (req.type === 'deleteRange' && req.range.type !== RANGE_ANY) {
      const inRange = down.query({ trans, values: false, query: { index: down.schema.primaryKey, range: req.range } });
      [row, { result: removed }, res] = await Promise.all([rowRead, inRange, down.mutate(req)]);
    } else if (req.type === 'put' || req.type === 'delete') {
      [row, before, res] = await Promise.all([rowRead, storedKeys(down, trans, keys), down.mutate(req)]);
    } else [row, res] = await Promise.all([rowRead, down.mutate(req)]);
    // Not known: nothing to maintain; the next reader counts.
    if (!row) return res;
    if (req.type === 'deleteRange' && req.range.type === RANGE_ANY) {
      row[name] = 0;
      for (const [site, c] of Object.entries(row.bySite)) {
        c[name] = 0;
        if (c.conversations === 0 && c.messages === 0) delete row.bySite[site as SiteId];
      }
    }
    const seen = new Set<unknown>();
    keys.forEach((k, i) => {
      if (res.failures[i] || seen.has(k)) return;
      seen.add(k);
      if (req.type === 'delete') {
        if (before?.has(k)) removed.push(k);
      } else if (!before?.has(k)) added.push(k);
    });
    const grew = adjust(row, name, added, 1);
    const shrank = adjust(row, name, removed, -1);
    const batch = batched.get(trans);
    if (batch && (grew || shrank || req.type === 'deleteRange')) batch.row = row;
    else if (grew || shrank || req.type === 'deleteRange') {
      // Not waited for: the next request of the transaction runs after it anyway. A write that cannot be counted
      // is not kept: the transaction is aborted.
      meta.mutate({ type: 'put', trans, values: [row], keys: [COUNTS_KEY] }).then(
        (r) => r.numFailures && trans.abort(),
        () => trans.abort(),
      );
    }
    return res;
  };
  return {
    ...down,
    mutate(req) {
      // One counted mutation at a time per transaction, so two concurrent bulkPuts cannot both count a new key.
      const prev = queue.get(req.trans) ?? Promise.resolve();
      const next = prev.then(
        () => mutate(req),
        () => mutate(req),
      );
      queue.set(
        req.trans,
        next.catch(() => undefined),
      );
      return next;
    },
  };
}

/** The Dexie middleware that keeps the counts row (registered by CoevoDB). */
export const countsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'coevo-counts',
  create(down) {
    const queue = new WeakMap<DBCoreTransaction, Promise<unknown>>();
    const rows: Rows = new WeakMap();
    const core: DBCore = {
      ...down,
      transaction(stores, mode, options) {
        const touches = mode === 'readwrite' && stores.some((s) => (COUNTED as readonly string[]).includes(s));
        return down.transaction(touches && !stores.includes('meta') ? [...stores, 'meta'] : stores, mode, options);
      },
      table(name) {
        const t = down.table(name);
        if ((COUNTED as readonly string[]).includes(name)) return countingTable(t, down, queue, rows);
        if (name !== 'meta') return t;
        // A direct write of the row (the upgrade, a reader that counted) replaces what this transaction holds.
        return {
          ...t,
          mutate(req) {
            rows.delete(req.trans);
            return t.mutate(req);
          },
        };
      },
    };
    return core;
  },
};

/**
 * Inside a read-write transaction that holds `meta`: from now on the counts row is written once, by `end()`, rather
 * than after every write, in the same transaction (an abort still takes it back with the rest). For loops of many
 * merges (an import's thousands of conversations). `end()` must be awaited inside the same transaction scope, as its
 * last step; the tests of every caller compare the row with a count from the keys.
 */
export function batchCounts(db: { meta: Table<CountsRow, string> }): { end(): Promise<void> } {
  const trans = Dexie.currentTransaction?.idbtrans as DBCoreTransaction | undefined;
  if (!trans || batched.has(trans)) return { end: async () => undefined };
  const batch: { row: CountsRow | null } = { row: null };
  batched.set(trans, batch);
  return {
    async end() {
      batched.delete(trans);
      if (batch.row) await db.meta.put(batch.row);
    },
  };
}
