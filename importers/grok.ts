/**
 * Grok export (`prod-grok-backend.json`): `{conversations: [{conversation, responses: [{response}]}]}`.
 * Response times are MongoDB extended JSON (`{$date: {$numberLong: "<ms>"}}`), senders differ in case
 * ("human" / "ASSISTANT"), branches link through `parent_response_id` and the latest leaf is current.
 * See export-formats.md, "Grok".
 */
import { ImportError } from './errors';
import { resolveTree } from './tree';
import type { ImportContext, JsonFormat } from './types';
import { arr, finishConversation, fromEpoch, fromIso, isObj, mainModel, str, type DraftMessage, type Extra } from './util';

/** `{$date: {$numberLong: "ms"}}`, `{$date: "ISO"}`, `{$date: ms}`, a plain ISO string or a number. */
function mongoDate(v: unknown): number | null {
  if (isObj(v) && '$date' in v) {
    const d = v.$date;
    if (isObj(d) && '$numberLong' in d) return fromEpoch(Number(d.$numberLong));
    return typeof d === 'number' ? fromEpoch(d) : fromIso(d);
  }
  return fromIso(v);
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObj(v)) return str(v.text) ?? str(v.thought) ?? str(v.summary) ?? str(v.content) ?? '';
  return '';
}

function convertGrok(rec: unknown, ctx: ImportContext) {
  if (!isObj(rec) || !isObj(rec.conversation)) throw new ImportError('malformed', 'Expected a Grok record with a "conversation"');
  const conv = rec.conversation;
  const id = str(conv.id) ?? str(conv.conversation_id);
  if (!id) throw new ImportError('malformed', 'A Grok conversation has no "id"');
  type Row = DraftMessage & { parent: string | null; order: number; key: string };
  const rows: Row[] = [];
  arr(rec.responses).forEach((entry, order) => {
    const r = isObj(entry) && isObj(entry.response) ? entry.response : isObj(entry) ? entry : null;
    if (!r) return ctx.skip('unreadable response');
    const sender = str(r.sender)?.toLowerCase();
    const role = sender === 'human' || sender === 'user' ? 'user' : sender === 'assistant' || sender === 'grok' ? 'assistant' : null;
    if (!role) return ctx.skip(`message from unknown sender "${str(r.sender) ?? '?'}"`);
    const text = (str(r.message) ?? '').trim();
    const extras: Extra[] = [];
    for (const t of arr(r.agent_thinking_traces)) {
      const s = textOf(t);
      if (s) extras.push({ kind: 'thinking', text: s });
    }
    for (const c of arr(r.cited_web_search_results)) {
      if (isObj(c)) extras.push({ kind: 'citation', text: [str(c.title), str(c.url)].filter(Boolean).join(' ') });
    }
    if (!text && extras.length === 0) return ctx.skip('empty message');
    const mid = str(r._id) ?? (isObj(r._id) ? str(r._id.$oid) : undefined) ?? str(r.response_id);
    rows.push({
      role,
      text,
      time: mongoDate(r.create_time),
      siteMessageId: mid,
      parent: str(r.parent_response_id) ?? null,
      order,
      key: mid ?? `#${order}`,
      model: role === 'assistant' ? str(r.model) : undefined,
      extras,
    });
  });
  if (rows.length === 0) {
    ctx.skip('conversation without any visible message');
    return null;
  }
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const anyParent = rows.some((r) => r.parent && byKey.has(r.parent));
  // Without parent links the responses form one thread in time order.
  const sorted = [...rows].sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.order - b.order);
  const resolved = resolveTree(
    sorted.map((r, i) => ({
      id: r.key,
      parent: anyParent ? r.parent : i > 0 ? sorted[i - 1].key : null,
      visible: true,
      time: r.time,
      order: r.order,
    })),
    null,
  );
  const drafts: DraftMessage[] = resolved.map((x) => {
    const r = byKey.get(x.id)!;
    return { ...r, parentSiteId: x.parent === null ? null : (byKey.get(x.parent)?.siteMessageId ?? null), current: x.current, index: x.depth };
  });
  return finishConversation('grok', id, 'grok-json', drafts, {
    title: str(conv.title),
    model: mainModel(drafts),
    url: `https://grok.com/chat/${id}`,
    createdAt: mongoDate(conv.create_time),
    updatedAt: mongoDate(conv.modify_time ?? conv.update_time),
  });
}

export const grokJson: JsonFormat = {
  kind: 'json',
  id: 'grok-json',
  site: 'grok',
  label: 'Grok export (prod-grok-backend.json)',
  matches: (first) => isObj(first) && isObj(first.conversation) && Array.isArray(first.responses),
  create(ctx) {
    return {
      item(value) {
        const c = convertGrok(value, ctx);
        return c ? [c] : [];
      },
      end: () => [],
    };
  },
};
