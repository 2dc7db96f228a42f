/**
 * Reader for the conversation files the `analyze` command takes besides official exports: our normalized
 * conversations (JSON array, one object, or JSON lines), Coevo's own "export all data" file (every conversation
 * with its messages), and the widely used chat formats, one conversation per JSON line:
 *   {"id": "...", "messages": [{"role": "user"|"assistant", "content": "...", "timestamp"?: ...}]}
 *   ShareGPT: {"id"?: "...", "conversations"|"messages": [{"from": "human"|"gpt", "value": "..."}]}
 * (other keys ignored). In the chat formats, messages with other roles (system, tool…) are skipped, but every
 * message keeps its position as given in `index`, and `givenIndex` maps message ids back to it, so evidence
 * indices in the output refer to the messages array as given.
 */
import type { ConversationWithMessages, Message, Role, SiteId } from '../model/types';
import { conversationId, messageIdFromSite } from '../model/ids';
import { conversationWithMessagesProblems, isSiteId } from '../model/validate';
import { UNKNOWN_SITE_FORMAT } from '../analysis/evidence';

export interface FileConversation {
  conversation: ConversationWithMessages;
  /** The id to show for this conversation (the chat format's own id; the model id otherwise). */
  outputId: string;
  /** message id → position in the messages array as given in the file */
  givenIndex: Map<string, number>;
}

export class ChatFileError extends Error {}

// role (OpenAI style) or from (ShareGPT: human / gpt, and the names some ShareGPT dumps use for the assistant).
const ROLE_MAP: Record<string, Role> = {
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  chatgpt: 'assistant',
  bing: 'assistant',
  bard: 'assistant',
  model: 'assistant',
};

/** The formats readConversationFile accepts, for error messages. */
export const ACCEPTED_FILES =
  'JSON lines of {"id", "messages": [{"role": "user"|"assistant", "content"}]} or ShareGPT ' +
  '{"conversations"|"messages": [{"from": "human"|"gpt", "value"}]}, Coevo\'s normalized conversations (coevo import --out), ' +
  'or Coevo\'s own "export all data" JSON';

/** Epoch ms from seconds, milliseconds or an ISO date; null when absent or unreadable. */
function parseTimestamp(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e12 ? Math.round(v * 1000) : Math.round(v);
  if (typeof v === 'string' && v.trim()) {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return parseTimestamp(Number(v));
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

function contentText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c))
    return c
      .map((p) =>
        typeof p === 'string' ? p : p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '',
      )
      .filter(Boolean)
      .join('\n');
  return '';
}

type Rec = Record<string, unknown>;

function isModelRecord(r: Rec): boolean {
  return typeof r.siteConversationId === 'string' && Array.isArray(r.messages);
}

/** The turns of a chat record: `messages`, or ShareGPT's `conversations`. */
function chatTurns(r: Rec): Rec[] | null {
  const list = Array.isArray(r.messages) ? r.messages : Array.isArray(r.conversations) ? r.conversations : null;
  return list as Rec[] | null;
}

const isTurn = (m: unknown) => !!m && typeof m === 'object' && ('role' in (m as Rec) || 'from' in (m as Rec));

function isChatRecord(r: Rec): boolean {
  const turns = chatTurns(r);
  return !!turns && turns.length > 0 && turns.every(isTurn);
}

/** Coevo's "export all data" file (entrypoints/dashboard/exportData.ts): conversations and messages apart. */
function isCoevoExport(r: unknown): r is { conversations: Rec[]; messages: Rec[] } {
  const o = r as Rec | null;
  return !!o && typeof o === 'object' && o.format === 'coevo-export' && Array.isArray(o.conversations) && Array.isArray(o.messages);
}

function fromCoevoExport(r: { conversations: Rec[]; messages: Rec[] }): FileConversation[] {
  const byConv = new Map<string, Rec[]>();
  for (const m of r.messages) {
    const id = typeof m?.conversationId === 'string' ? m.conversationId : '';
    const list = byConv.get(id);
    if (list) list.push(m);
    else byConv.set(id, [m]);
  }
  return r.conversations.map((c, i) => {
    const messages = (byConv.get(String(c?.id)) ?? []).sort((a, b) => Number(a.index) - Number(b.index));
    return fromModel({ ...c, messages }, `conversation ${i + 1}`);
  });
}

function fromChat(r: Rec, where: string, site: SiteId | null): FileConversation {
  const given = r.id ?? r.conversation_id;
  if (given !== undefined && typeof given !== 'string' && typeof given !== 'number') throw new ChatFileError(`${where}: "id" must be a string or number`);
  const ownId = given === undefined ? where.replace(/[^a-z0-9]+/gi, '-') : String(given);
  const recSite = isSiteId(r.site) ? r.site : site;
  const id = conversationId(recSite ?? 'chatgpt', ownId);
  const convTime = parseTimestamp(r.timestamp ?? r.created_at ?? r.createdAt);
  const messages: Message[] = [];
  const givenIndex = new Map<string, number>();
  chatTurns(r)!.forEach((m, i) => {
    const role = ROLE_MAP[String(m.role ?? m.from).toLowerCase()];
    if (!role) return;
    const mid = typeof m.id === 'string' && m.id ? `${id}#${m.id}` : messageIdFromSite(id, String(i));
    const time = parseTimestamp(m.timestamp ?? m.created_at ?? m.time) ?? null;
    const text = contentText(m.content ?? m.value);
    messages.push({ id: mid, conversationId: id, role, text, time, timeSource: time === null ? 'unknown' : 'export', current: true, index: i });
    givenIndex.set(mid, i);
  });
  const times = messages.map((m) => m.time).filter((t): t is number => t !== null);
  const conversation: ConversationWithMessages = {
    id,
    site: recSite ?? 'chatgpt',
    siteConversationId: ownId,
    source: 'file',
    // Without a named assistant the analysis says "the assistant" and counts it under site "unknown".
    format: recSite ? 'chat-jsonl' : UNKNOWN_SITE_FORMAT,
    createdAt: convTime ?? (times.length ? Math.min(...times) : null),
    updatedAt: times.length ? Math.max(...times) : convTime,
    messages,
  };
  const problems = conversationWithMessagesProblems(conversation, where);
  if (problems.length) throw new ChatFileError(problems.slice(0, 3).join('; '));
  return { conversation, outputId: ownId, givenIndex };
}

function fromModel(r: Rec, where: string): FileConversation {
  const problems = conversationWithMessagesProblems(r, where);
  if (problems.length) throw new ChatFileError(problems.slice(0, 3).join('; '));
  const conversation = r as unknown as ConversationWithMessages;
  return { conversation, outputId: conversation.id, givenIndex: new Map(conversation.messages.map((m) => [m.id, m.index])) };
}

/** The records of a JSON array, a single JSON object, or JSON lines; null when the text is none of these. */
function records(text: string): { rec: unknown; where: string }[] | null {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    const whole = JSON.parse(t);
    if (Array.isArray(whole)) return whole.map((rec, i) => ({ rec, where: `record ${i + 1}` }));
    return [{ rec: whole, where: 'record 1' }];
  } catch {
    // Not one JSON document: JSON lines.
  }
  const out: { rec: unknown; where: string }[] = [];
  const lines = t.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      out.push({ rec: JSON.parse(line), where: `line ${i + 1}` });
    } catch (e) {
      if (out.length === 0) return null;
      throw new ChatFileError(`line ${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  }
  return out;
}

/**
 * Reads normalized conversations or chat-format conversations from a file's text. Returns null when the first
 * record is neither (the caller then tries the export importers); throws ChatFileError naming the record when a
 * later record is broken, so nothing is half-read.
 */
export function readConversationFile(text: string, opts: { site?: SiteId } = {}): FileConversation[] | null {
  const recs = records(text);
  if (!recs || recs.length === 0) return null;
  const first = recs[0].rec as Rec;
  if (!first || typeof first !== 'object') return null;
  if (recs.length === 1 && isCoevoExport(first)) return fromCoevoExport(first);
  const kind = isModelRecord(first) ? 'model' : isChatRecord(first) ? 'chat' : null;
  if (!kind) return null;
  return recs.map(({ rec, where }) => {
    const r = rec as Rec;
    if (kind === 'model') {
      if (!r || typeof r !== 'object' || !Array.isArray(r.messages)) throw new ChatFileError(`${where}: expected an object with a "messages" array`);
      return fromModel(r, where);
    }
    if (!r || typeof r !== 'object' || !chatTurns(r))
      throw new ChatFileError(`${where}: expected an object with a "messages" array (or ShareGPT's "conversations")`);
    if (!isChatRecord(r)) throw new ChatFileError(`${where}: every message needs a "role" (or ShareGPT "from")`);
    return fromChat(r, where, opts.site ?? null);
  });
}
