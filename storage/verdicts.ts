/**
 * The person's verdicts on Coevo's claims about them: "Is this right? Yes / No / Not sure", one row per tag id.
 *
 * Kept in their own table, keyed by the tag's stable id (type + conversation + evidence), never inside the tag row:
 * re-analysis deletes and rewrites tags, and a verdict must outlive that. A re-run that produces the same claim
 * again finds its verdict (a disputed tag stays hidden); one whose evidence changed is a new claim, unjudged.
 * The row also keeps the tag's type and conversation so counts per type survive a tag that re-analysis dropped.
 *
 * Privacy: verdicts are the person's own data, stored with their chats, part of "export all data", cleared by
 * "delete all data". Nothing here leaves the machine.
 */
import { TAG_TYPES, type Tag, type TagType } from '../model/tags';
import type { CoevoDB } from './db';
import { VERDICTS, type Verdict, type VerdictRow } from './rows';

export { VERDICTS, type Verdict, type VerdictRow } from './rows';

export const isVerdict = (v: unknown): v is Verdict => (VERDICTS as readonly unknown[]).includes(v);

/** Records (or, with null, withdraws) the person's verdict on a tag. */
export async function setVerdict(db: CoevoDB, tag: Pick<Tag, 'id' | 'type' | 'conversationId'>, verdict: Verdict | null, now = Date.now()): Promise<void> {
  if (verdict === null) await db.verdicts.delete(tag.id);
  else await db.verdicts.put({ tagId: tag.id, verdict, tagType: tag.type, conversationId: tag.conversationId, at: now });
}

/**
 * Restores verdicts from a backup (importers/coevo.ts): rows of a known verdict and tag type; where this store
 * already has a verdict on the same tag, the later answer stays. Returns how many were written.
 */
export async function restoreVerdicts(
  db: CoevoDB,
  rows: readonly { tagId: string; verdict: string; tagType: string; conversationId: string; at: number }[],
): Promise<number> {
  const valid = rows.filter((r): r is VerdictRow => isVerdict(r.verdict) && (TAG_TYPES as readonly string[]).includes(r.tagType));
  if (!valid.length) return 0;
  return db.transaction('rw', db.verdicts, async () => {
    const have = await db.verdicts.bulkGet(valid.map((r) => r.tagId));
    const write = valid.filter((r, i) => !have[i] || have[i]!.at < r.at);
    if (write.length)
      await db.verdicts.bulkPut(write.map((r) => ({ tagId: r.tagId, verdict: r.verdict, tagType: r.tagType, conversationId: r.conversationId, at: r.at })));
    return write.length;
  });
}

/** Every verdict, by tag id (a person judges tens or hundreds of tags, never enough to need paging). */
export async function loadVerdicts(db: CoevoDB): Promise<Map<string, Verdict>> {
  const rows = await db.verdicts.toArray();
  return new Map(rows.map((r) => [r.tagId, r.verdict]));
}

/** What the person said of a tag; undefined when they have not judged it. */
export type VerdictFilter = 'not-disputed' | Verdict | 'unjudged' | 'all';
export const VERDICT_FILTERS: readonly VerdictFilter[] = ['not-disputed', 'yes', 'no', 'unsure', 'unjudged', 'all'];

/** Whether a tag passes a verdict filter. The default, 'not-disputed', hides the tags the person said were wrong. */
export function passesVerdict(verdict: Verdict | undefined, filter: VerdictFilter = 'not-disputed'): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'not-disputed':
      return verdict !== 'no';
    case 'unjudged':
      return verdict === undefined;
    default:
      return verdict === filter;
  }
}

export interface VerdictCounts {
  confirmed: number;
  disputed: number;
  unsure: number;
  unjudged: number;
}

/**
 * Per tag type: how many of the given (shown) tags the person confirmed, disputed, was not sure of, or has not
 * judged — how often Coevo is right for this person.
 */
export function countVerdicts(tags: readonly Pick<Tag, 'id' | 'type'>[], verdicts: ReadonlyMap<string, Verdict>): Map<TagType, VerdictCounts> {
  const out = new Map<TagType, VerdictCounts>();
  for (const tag of tags) {
    let c = out.get(tag.type);
    if (!c) out.set(tag.type, (c = { confirmed: 0, disputed: 0, unsure: 0, unjudged: 0 }));
    const v = verdicts.get(tag.id);
    if (v === 'yes') c.confirmed++;
    else if (v === 'no') c.disputed++;
    else if (v === 'unsure') c.unsure++;
    else c.unjudged++;
  }
  return out;
}
