/**
 * ChatGPT export (`conversations.json`, or the sharded `conversations-000.json …`): each record is one
 * conversation whose messages form a `mapping` tree resolved through `current_node`. Also reads the flat
 * `messages[]` shape (a conversation listing its messages, optionally inside a paged `{items, page_info}`
 * wrapper). Times are epoch seconds. See shared/reference/export-formats.md, "ChatGPT".
 */
import { ImportError } from './errors';
import { resolveTree, type RawNode } from './tree';
import type { ImportContext, JsonFormat, RecordConverter } from './types';
import { arr, finishConversation, fromEpoch, isObj, mainModel, str, type DraftMessage, type Extra } from './util';

type Obj = Record<string, unknown>;

/** What a message node becomes: a visible message, thinking to attach to the next reply, or skipped. */
type Classified =
  | { kind: 'message'; role: 'user' | 'assistant'; text: string; extras: Extra[]; model?: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'skip'; reason: string | null };

/** The marker left in the text for a multimodal part: "[image]", "[audio]", "[video]" or "[file]". */
export function attachmentMarker(contentType: string): string {
  const kind = /image/.test(contentType) ? 'image' : /audio/.test(contentType) ? 'audio' : /video/.test(contentType) ? 'video' : 'file';
  return `[${kind}]`;
}

function partsText(content: Obj, extras: Extra[]): string {
  const texts: string[] = [];
  for (const p of arr(content.parts)) {
    if (typeof p === 'string') {
      if (p) texts.push(p);
    } else if (isObj(p)) {
      // Multimodal parts (images, audio, files): a marker where they stood in the text ("[image]"), so a message
      // that was a picture does not read as empty, and the part itself as an attachment note.
      const type = str(p.content_type) ?? 'file';
      if (type === 'audio_transcription' && typeof p.text === 'string') texts.push(p.text);
      else {
        texts.push(attachmentMarker(type));
        extras.push({ kind: 'attachment', text: [type, str(p.asset_pointer)].filter(Boolean).join(' ') });
      }
    }
  }
  return texts.join('\n');
}

function thinkingText(content: Obj): string {
  const out: string[] = [];
  for (const t of arr(content.thoughts)) {
    if (isObj(t)) out.push([str(t.summary), str(t.content)].filter(Boolean).join('\n'));
  }
  if (typeof content.content === 'string') out.push(content.content);
  for (const p of arr(content.parts)) if (typeof p === 'string') out.push(p);
  return out.filter(Boolean).join('\n\n');
}

export function classifyMessage(m: unknown): Classified {
  if (!isObj(m)) return { kind: 'skip', reason: null };
  const author = isObj(m.author) ? m.author : {};
  const role = str(author.role) ?? str(m.role);
  const meta = isObj(m.metadata) ? m.metadata : {};
  const content: Obj = isObj(m.content) ? m.content : typeof m.content === 'string' ? { content_type: 'text', parts: [m.content] } : {};
  const type = str(content.content_type) ?? 'text';
  if (role === 'system') return { kind: 'skip', reason: 'hidden system message' };
  if (role === 'tool') return { kind: 'skip', reason: 'tool output (search, code, browsing)' };
  if (role !== 'user' && role !== 'assistant') return { kind: 'skip', reason: `message from unknown author "${role ?? '?'}"` };
  if (meta.is_visually_hidden_from_conversation) return { kind: 'skip', reason: 'hidden message' };
  if (type === 'thoughts' || type === 'reasoning_recap') return { kind: 'thinking', text: thinkingText(content) };
  if (type === 'user_editable_context') return { kind: 'skip', reason: 'custom instructions' };
  const recipient = str(m.recipient);
  if (role === 'assistant' && recipient && recipient !== 'all') return { kind: 'skip', reason: 'tool call by the assistant' };
  if (type === 'code' || type === 'execution_output') return { kind: 'skip', reason: 'tool call by the assistant' };
  if (/^(tether_|sonic_|system_error)/.test(type)) return { kind: 'skip', reason: 'tool output (search, code, browsing)' };
  const extras: Extra[] = [];
  let text: string;
  if (type === 'text' || type === 'multimodal_text' || Array.isArray(content.parts)) text = partsText(content, extras);
  else if (typeof content.text === 'string') text = content.text;
  else return { kind: 'skip', reason: `unsupported content type "${type}"` };
  for (const a of arr(meta.attachments)) {
    if (isObj(a)) extras.push({ kind: 'attachment', text: str(a.name) ?? str(a.id) ?? 'attachment' });
  }
  text = text.trim();
  if (!text && extras.length === 0) return { kind: 'skip', reason: 'empty message' };
  const model = role === 'assistant' ? str(meta.model_slug) : undefined;
  return { kind: 'message', role, text, extras, model };
}

interface Node {
  nodeId: string;
  parent: string | null;
  message: unknown;
}

function convert(conv: Obj, nodes: Node[], leaf: string | null, format: 'chatgpt-json' | 'chatgpt-messages-json', ctx: ImportContext) {
  const id = str(conv.conversation_id) ?? str(conv.id);
  if (!id) throw new ImportError('malformed', 'A ChatGPT conversation has no "conversation_id"/"id"');
  const classes = new Map<string, Classified>();
  const raws: RawNode[] = nodes.map((n, order) => {
    const c = classifyMessage(n.message);
    classes.set(n.nodeId, c);
    if (c.kind === 'skip' && c.reason) ctx.skip(c.reason);
    const m = isObj(n.message) ? n.message : {};
    return { id: n.nodeId, parent: n.parent, visible: c.kind === 'message', time: fromEpoch(m.create_time), order };
  });
  const resolved = resolveTree(raws, leaf);
  const msgIdOf = new Map<string, string>();
  for (const n of nodes) msgIdOf.set(n.nodeId, (isObj(n.message) && str(n.message.id)) || n.nodeId);
  const timeOf = new Map(raws.map((r) => [r.id, r.time]));
  const drafts: DraftMessage[] = resolved.map((r) => {
    const c = classes.get(r.id) as Extract<Classified, { kind: 'message' }>;
    const extras: Extra[] = [];
    for (const b of [...r.between].reverse()) {
      const h = classes.get(b);
      if (h?.kind === 'thinking' && h.text && c.role === 'assistant') extras.push({ kind: 'thinking', text: h.text });
    }
    extras.push(...c.extras);
    return {
      role: c.role,
      text: c.text,
      time: timeOf.get(r.id) ?? null,
      siteMessageId: msgIdOf.get(r.id),
      parentSiteId: r.parent === null ? null : msgIdOf.get(r.parent),
      current: r.current,
      index: r.depth,
      model: c.model,
      extras,
    };
  });
  if (drafts.length === 0) {
    ctx.skip('conversation without any visible message');
    return null;
  }
  return finishConversation('chatgpt', id, format, drafts, {
    title: str(conv.title),
    model: str(conv.default_model_slug) ?? mainModel(drafts),
    url: `https://chatgpt.com/c/${id}`,
    createdAt: fromEpoch(conv.create_time),
    updatedAt: fromEpoch(conv.update_time),
  });
}

export function convertChatGPT(conv: unknown, ctx: ImportContext) {
  if (!isObj(conv)) throw new ImportError('malformed', 'Expected a ChatGPT conversation object');
  if (isObj(conv.mapping)) {
    const nodes: Node[] = Object.entries(conv.mapping).map(([key, v]) => {
      const node = isObj(v) ? v : {};
      return { nodeId: str(node.id) ?? key, parent: str(node.parent) ?? null, message: node.message ?? null };
    });
    return convert(conv, nodes, str(conv.current_node) ?? null, 'chatgpt-json', ctx);
  }
  if (Array.isArray(conv.messages)) {
    // Flat shape: each message may name its parent; otherwise it follows the previous one.
    let prev: string | null = null;
    const nodes: Node[] = conv.messages.map((m, i) => {
      const mo = isObj(m) ? m : {};
      const nodeId = str(mo.id) ?? str(mo.message_id) ?? `${i}`;
      const parent: string | null = str(mo.parent) ?? str(mo.parent_id) ?? str(mo.parent_message_id) ?? prev;
      prev = nodeId;
      return { nodeId, parent, message: m };
    });
    return convert(conv, nodes, str(conv.current_node) ?? null, 'chatgpt-messages-json', ctx);
  }
  throw new ImportError('malformed', 'A ChatGPT conversation has neither a "mapping" tree nor a "messages" list');
}

function looksChatGPTMessage(m: unknown): boolean {
  return isObj(m) && isObj(m.author) && 'content' in m;
}

export const chatgptJson: JsonFormat = {
  kind: 'json',
  id: 'chatgpt-json',
  site: 'chatgpt',
  label: 'ChatGPT export (conversations.json)',
  matches(first) {
    if (!isObj(first)) return false;
    if (isObj(first.mapping)) {
      const nodes = Object.values(first.mapping);
      if (nodes.some((n) => isObj(n) && looksChatGPTMessage(n.message))) return true;
      return nodes.length === 0 || nodes.every((n) => isObj(n) && n.message == null) ? 'create_time' in first || 'current_node' in first : false;
    }
    return Array.isArray(first.messages) && first.messages.some(looksChatGPTMessage);
  },
  create(ctx): RecordConverter {
    return {
      item(value) {
        const c = convertChatGPT(value, ctx);
        return c ? [c] : [];
      },
      end: () => [],
    };
  },
};
