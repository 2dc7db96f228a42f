/**
 * The local store: everything Coevo keeps lives here, in the browser profile's IndexedDB, and nowhere else.
 *
 * Privacy note: these tables hold the person's own chat text. Nothing in this module sends data anywhere;
 * the only ways out are the person's own "export all data" (a file they save) and, later, an explicit
 * per-donation review. Deleting all data clears every table.
 *
 * Versioning: every schema version is listed in SCHEMA_VERSIONS with its Dexie store spec and, when it
 * changes stored shapes, an upgrade function. Each version has a frozen example row set in
 * `storage/examples/v<N>.json`; tests/unit/storage-migrations.test.ts upgrades each to the current version.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { Conversation, ConversationWithMessages, Message } from '../model/types';
import type { Tag } from '../model/tags';
import { adjust, COUNTS_KEY, countsMiddleware, type CountsRow } from './counts';
import type { DonationRow, StudyRow, VerdictRow } from './rows';

/** A stored key/value setting (site switches, pause, retention…). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** Stored analysis results that are not tags: summaries and the incremental engine's state. */
export interface AnalysisRow {
  key: string;
  version: number;
  updatedAt: number;
  value: unknown;
}

/**
 * A conversation parsed from an import file but not yet merged: files are staged in batches while they are
 * read, then merged in one transaction (`storage/staging.ts`), so memory stays flat in file size and a
 * failed or cancelled file leaves the store as it was.
 */
export interface StagedRow {
  seq?: number;
  importId: string;
  createdAt: number;
  conversation: ConversationWithMessages;
}

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      conversations: 'id, site, source, updatedAt, createdAt',
      messages: 'id, conversationId, [conversationId+index], time, role',
      tags: 'id, type, conversationId, time, site',
      analysis: 'key',
      settings: 'key',
    },
  },
  {
    // v2: the import staging table (no stored shape changed, nothing to upgrade).
    version: 2,
    stores: {
      staging: '++seq, [importId+seq], createdAt',
    },
  },
  {
    // v3: the person's verdicts on tags ("Is this right?"), by tag id, apart from the tags that re-analysis
    // rewrites (storage/verdicts.ts). A new table only: nothing to upgrade.
    version: 3,
    stores: {
      verdicts: 'tagId, verdict, tagType, at',
    },
  },
  {
    // v4: donation to research (storage/donations.ts): joined studies with their consent record, and the donations
    // outbox + receipts. New tables only: nothing to upgrade.
    version: 4,
    stores: {
      studies: 'id',
      donations: 'id, studyId, status, createdAt',
    },
  },
  {
    // v5: the overview's numbers without walking the store. `meta.counts` holds how many conversations and messages
    // there are, per site, kept by every write (storage/counts.ts); computed here from the keys for existing data.
    // Tags get a [type+confidence] index, so "tags shown at this confidence" is counted from the index, not by
    // reading every tag.
    version: 5,
    stores: {
      tags: 'id, type, conversationId, time, site, [type+confidence]',
      meta: 'key',
    },
    async upgrade(tx) {
      const row: CountsRow = { key: COUNTS_KEY, conversations: 0, messages: 0, bySite: {} };
      adjust(row, 'conversations', await tx.table('conversations').toCollection().primaryKeys(), 1);
      adjust(row, 'messages', await tx.table('messages').toCollection().primaryKeys(), 1);
      await tx.table('meta').put(row);
    },
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export class CoevoDB extends Dexie {
  conversations!: Table<Conversation, string>;
  messages!: Table<Message, string>;
  tags!: Table<Tag, string>;
  analysis!: Table<AnalysisRow, string>;
  settings!: Table<SettingRow, string>;
  staging!: Table<StagedRow, number>;
  verdicts!: Table<VerdictRow, string>;
  studies!: Table<StudyRow, string>;
  donations!: Table<DonationRow, string>;
  meta!: Table<CountsRow, string>;

  constructor(name: string, upTo: number = CURRENT_SCHEMA_VERSION) {
    super(name);
    for (const v of SCHEMA_VERSIONS) {
      if (v.version > upTo) break;
      const dv = this.version(v.version).stores(v.stores);
      if (v.upgrade) dv.upgrade(v.upgrade);
    }
    if (upTo >= 5) {
      this.use(countsMiddleware);
      // A new database starts with nothing stored, and says so (a missing row would make the first reader count).
      this.on('populate', (tx) => tx.table('meta').add({ key: COUNTS_KEY, conversations: 0, messages: 0, bySite: {} }));
    }
  }
}

/** The person's own data. */
export const MAIN_DB_NAME = 'coevo';
/** The classroom sample data: a separate database so it can never mix with the person's own. */
export const DEMO_DB_NAME = 'coevo-demo';

const open = new Map<string, CoevoDB>();

/** One shared connection per database name in this context. */
export function getDb(name: string = MAIN_DB_NAME): CoevoDB {
  let db = open.get(name);
  if (!db) {
    db = new CoevoDB(name);
    open.set(name, db);
  }
  return db;
}

/** Deletes every stored row of one database (conversations, messages, tags, verdicts, analysis, staged imports, their counts); keeps settings. */
export async function clearData(db: CoevoDB): Promise<void> {
  // The clears also set the counts row to zero (storage/counts.ts): it stays, so the next reader needs no count.
  await db.transaction('rw', [db.conversations, db.messages, db.tags, db.analysis, db.staging, db.verdicts], async () => {
    await Promise.all([db.conversations.clear(), db.messages.clear(), db.tags.clear(), db.analysis.clear(), db.staging.clear(), db.verdicts.clear()]);
  });
}
