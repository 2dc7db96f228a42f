/**
 * "Export all data": the person's whole store as one JSON file, or as CSV (messages and tags). Files are
 * saved through the browser's download; nothing is sent anywhere.
 */
import { MODEL_VERSION, SITE_NAMES, type SiteId } from '../../model/types';
import type { CoevoDB } from '../../storage/db';
import { toCsv } from '../../components/csv';
import { isSecretKey } from '../../storage/secrets';

const iso = (t: number | null | undefined) => (t == null ? '' : new Date(t).toISOString());

export async function exportJson(db: CoevoDB): Promise<string> {
  const [conversations, messages, tags, verdicts, analysis, settings] = await Promise.all([
    db.conversations.toArray(),
    db.messages.toArray(),
    db.tags.toArray(),
    db.verdicts.toArray(),
    db.analysis.toArray(),
    db.settings.toArray(),
  ]);
  return JSON.stringify(
    {
      format: 'coevo-export',
      modelVersion: MODEL_VERSION,
      exportedAt: new Date().toISOString(),
      conversations,
      messages,
      tags,
      // The person's own judgement of each tag ("Is this right?"), by tag id.
      verdicts,
      analysis: analysis.filter((r) => !r.key.startsWith('ui:')),
      // The parking secret (storage/secrets.ts) is not the person's data and must not leave the profile.
      settings: settings.filter((r) => !isSecretKey(r.key)),
    },
    null,
    1,
  );
}

export async function exportMessagesCsv(db: CoevoDB): Promise<string> {
  const [conversations, messages] = await Promise.all([db.conversations.toArray(), db.messages.toArray()]);
  const conv = new Map(conversations.map((c) => [c.id, c]));
  messages.sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : a.index - b.index));
  return toCsv(
    ['conversation_id', 'assistant', 'conversation_title', 'source', 'message_id', 'role', 'time', 'time_source', 'current', 'index', 'model', 'text'],
    messages.map((m) => {
      const c = conv.get(m.conversationId);
      return [
        m.conversationId,
        c ? SITE_NAMES[c.site as SiteId] : '',
        c?.title ?? '',
        c?.source ?? '',
        m.id,
        m.role,
        iso(m.time),
        m.timeSource,
        m.current,
        m.index,
        m.model ?? '',
        m.text,
      ];
    }),
  );
}

/** A confidence as a person reads it: two decimals (the stored 0.6499999999999999 is 0.65). */
const roundConfidence = (p: number) => Math.round(p * 100) / 100;

export async function exportTagsCsv(db: CoevoDB): Promise<string> {
  const [tags, verdicts] = await Promise.all([db.tags.toArray(), db.verdicts.toArray()]);
  const verdictOf = new Map(verdicts.map((v) => [v.tagId, v.verdict]));
  tags.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  return toCsv(
    ['tag_id', 'type', 'direction', 'assistant', 'conversation_id', 'time', 'confidence', 'your_verdict', 'explanation', 'evidence_message_ids', 'data'],
    tags.map((x) => [
      x.id,
      x.type,
      x.direction,
      x.site ?? '',
      x.conversationId,
      iso(x.time),
      roundConfidence(x.confidence),
      verdictOf.get(x.id) ?? '',
      x.explanation,
      x.messages.map((m) => m.id).join(' '),
      x.data ?? '',
    ]),
  );
}
