/**
 * Claude export (`conversations.json`): an array of conversations with `chat_messages`. Two shapes exist:
 * before mid-2025 a message has only `text` (thinking and artifacts inline as <antThinking>/<antArtifact>
 * tags); since then `content[]` blocks (text, thinking, tool_use, tool_result). Only what was said goes into
 * a message's text; thinking, tool calls and artifacts go to `extras`. See export-formats.md, "Claude".
 */
import { ImportError } from './errors';
import { resolveTree } from './tree';
import type { ImportContext, JsonFormat } from './types';
import { arr, finishConversation, fromIso, isObj, mainModel, str, type DraftMessage, type Extra } from './util';

const MAX_EXTRA = 4000; // tool inputs/outputs can be huge; extras are for display only

const clip = (s: string) => (s.length > MAX_EXTRA ? `${s.slice(0, MAX_EXTRA)}…` : s);

function blockText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(blockText).filter(Boolean).join('\n');
  if (isObj(v)) return str(v.text) ?? (v.content !== undefined ? blockText(v.content) : '');
  return '';
}

/** The 2024 shape: pull inline thinking and artifacts out of the text. */
function splitInline(text: string, extras: Extra[]): string {
  return text
    .replace(/<antThinking>([\s\S]*?)<\/antThinking>/g, (_m, t: string) => {
      extras.push({ kind: 'thinking', text: t.trim() });
      return '';
    })
    .replace(/<antArtifact\b([^>]*)>([\s\S]*?)<\/antArtifact>/g, (_m, attrs: string, body: string) => {
      const title = /title="([^"]*)"/.exec(attrs)?.[1] ?? 'artifact';
      extras.push({ kind: 'other', text: clip(`Artifact: ${title}\n${body.trim()}`) });
      return `[artifact: ${title}]`;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function messageContent(m: Record<string, unknown>): { text: string; extras: Extra[] } {
  const extras: Extra[] = [];
  const blocks = arr(m.content);
  let text: string;
  if (blocks.length > 0) {
    const texts: string[] = [];
    for (const b of blocks) {
      if (!isObj(b)) continue;
      const type = str(b.type);
      if (type === 'text') {
        if (typeof b.text === 'string' && b.text) texts.push(b.text);
      } else if (type === 'thinking' || type === 'redacted_thinking') {
        const t =
          str(b.thinking) ??
          str(b.text) ??
          arr(b.summaries)
            .map((s) => (isObj(s) ? str(s.summary) : ''))
            .filter(Boolean)
            .join('\n');
        if (t) extras.push({ kind: 'thinking', text: t });
      } else if (type === 'tool_use') {
        extras.push({ kind: 'tool', text: clip(`${str(b.name) ?? 'tool'}: ${JSON.stringify(b.input ?? {})}`) });
      } else if (type === 'tool_result') {
        extras.push({ kind: 'tool', text: clip(`${str(b.name) ?? 'result'}: ${blockText(b.content)}`) });
      } else {
        const t = blockText(b);
        if (t) extras.push({ kind: 'other', text: clip(t) });
      }
    }
    // Some messages carry only thinking/tool blocks while the answer sits in `text`.
    text = splitInline(texts.length ? texts.join('\n\n') : (str(m.text) ?? ''), extras);
  } else {
    text = splitInline(str(m.text) ?? '', extras);
  }
  for (const f of [...arr(m.attachments), ...arr(m.files)]) {
    if (isObj(f)) extras.push({ kind: 'attachment', text: str(f.file_name) ?? 'file' });
  }
  return { text, extras };
}

function convertClaude(conv: unknown, ctx: ImportContext) {
  if (!isObj(conv)) throw new ImportError('malformed', 'Expected a Claude conversation object');
  const id = str(conv.uuid);
  if (!id) throw new ImportError('malformed', 'A Claude conversation has no "uuid"');
  if (!Array.isArray(conv.chat_messages)) throw new ImportError('malformed', 'A Claude conversation has no "chat_messages" list');
  type Row = DraftMessage & { parent: string | null; order: number };
  const rows: Row[] = [];
  conv.chat_messages.forEach((m, order) => {
    if (!isObj(m)) return ctx.skip('unreadable message');
    const sender = str(m.sender)?.toLowerCase();
    const role = sender === 'human' || sender === 'user' ? 'user' : sender === 'assistant' ? 'assistant' : null;
    if (!role) return ctx.skip(`message from unknown sender "${str(m.sender) ?? '?'}"`);
    const { text, extras } = messageContent(m);
    if (!text && extras.length === 0) return ctx.skip('empty message');
    rows.push({
      role,
      text,
      time: fromIso(m.created_at),
      siteMessageId: str(m.uuid),
      parent: str(m.parent_message_uuid) ?? null,
      order,
      extras,
      model: role === 'assistant' ? str(m.model) : undefined,
    });
  });
  if (rows.length === 0) {
    ctx.skip('conversation without any visible message');
    return null;
  }
  let drafts: DraftMessage[];
  const known = new Set(rows.map((r) => r.siteMessageId));
  if (rows.some((r) => r.parent && known.has(r.parent))) {
    // Newer exports may carry the tree; without a current-leaf field the newest leaf is current.
    const byId = new Map(rows.map((r) => [r.siteMessageId ?? `#${r.order}`, r]));
    const resolved = resolveTree(
      rows.map((r) => ({ id: r.siteMessageId ?? `#${r.order}`, parent: r.parent, visible: true, time: r.time, order: r.order })),
      str(conv.current_leaf_message_uuid) ?? null,
    );
    drafts = resolved.map((x) => ({ ...byId.get(x.id)!, parentSiteId: x.parent, current: x.current, index: x.depth }));
  } else {
    // The samples list messages out of time order; their times give the true order.
    drafts = [...rows].sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.order - b.order).map((r, i) => ({ ...r, index: i, current: true }));
  }
  return finishConversation('claude', id, 'claude-json', drafts, {
    title: str(conv.name),
    model: str(conv.model) ?? mainModel(drafts),
    url: `https://claude.ai/chat/${id}`,
    createdAt: fromIso(conv.created_at),
    updatedAt: fromIso(conv.updated_at),
  });
}

export const claudeJson: JsonFormat = {
  kind: 'json',
  id: 'claude-json',
  site: 'claude',
  label: 'Claude export (conversations.json)',
  matches: (first) => isObj(first) && Array.isArray(first.chat_messages) && typeof first.uuid === 'string',
  create(ctx) {
    return {
      item(value) {
        const c = convertClaude(value, ctx);
        return c ? [c] : [];
      },
      end: () => [],
    };
  },
};
