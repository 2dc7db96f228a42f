import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { conversationProblems, messageProblems } from '../../model/validate';
import { CoevoDB, CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS } from '../../storage/db';
import { isVerdict } from '../../storage/verdicts';
import { COUNTS_KEY } from '../../storage/counts';
import { countFromKeys } from '../../storage/queries';

const dir = join(__dirname, '../../storage/examples');
const examples = new Map(
  readdirSync(dir)
    .filter((f) => /^v\d+\.json$/.test(f))
    .map((f) => [Number(f.slice(1, -5)), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
);

describe('storage schema versions', () => {
  it('every schema version has a frozen example', () => {
    for (const v of SCHEMA_VERSIONS) expect(examples.has(v.version), `storage/examples/v${v.version}.json`).toBe(true);
  });

  it.each(SCHEMA_VERSIONS.map((v) => v.version))('upgrades the v%i example to the current version without loss', async (version) => {
    const example = examples.get(version);
    const name = `migrate-from-v${version}`;
    const old = new CoevoDB(name, version);
    await old.open();
    for (const [table, rows] of Object.entries(example.tables as Record<string, unknown[]>)) await old.table(table).bulkPut(rows);
    old.close();

    const db = new CoevoDB(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const tables = example.tables as Record<string, unknown[]>;
    expect(await db.conversations.count()).toBe(tables.conversations!.length);
    expect(await db.messages.count()).toBe(tables.messages!.length);
    // The counts row (v5+) is there and true, whether the upgrade computed it or the writes kept it.
    const { key: _, ...row } = (await db.meta.get(COUNTS_KEY))!;
    expect(row).toEqual(await countFromKeys(db));
    expect(row.messages).toBe(tables.messages!.length);
    for (const c of await db.conversations.toArray()) expect(conversationProblems(c)).toEqual([]);
    for (const m of await db.messages.toArray()) expect(messageProblems(m)).toEqual([]);
    // Verdicts (v3+) keep their rows, by tag id, whether or not the tag itself is still stored.
    expect(await db.verdicts.count()).toBe(tables.verdicts?.length ?? 0);
    for (const v of await db.verdicts.toArray()) expect(isVerdict(v.verdict)).toBe(true);
    db.close();
    await Dexie.delete(name);
  });
});
