/**
 * DeepSeek export (`conversations.json`): conversations whose `mapping` has a `root` node and messages made
 * of `fragments` (REQUEST = the person, RESPONSE = the answer, THINK = reasoning, SEARCH/TOOL_* = tools).
 * There is no current node: the most recent leaf is taken as current. Times are ISO with +08:00.
 * Also reads the web history payload (`chat_session` + `chat_messages[]` with `parent_id`), which names
 * its current message. See export-formats.md, "DeepSeek".
 */
import { ImportError } from './errors';
import { resolveTree, type RawNode } from './tree';
import type { ImportContext, JsonFormat } from './types';
import { arr, finishConversation, fromIso, isObj, mainModel, str, type DraftMessage, type Extra } from './util';

type Obj = Record<string, unknown>;

function toolText(f: Obj): string {
  const results = [...arr(f.results), ...(isObj(f.result) ? [f.result] : [])];
  const lines = results.filter(isObj).map((r) => [str(r.title), str(r.url)].filter(Boolean).join(' '));
  return lines.length ? lines.join('\n') : blockContent(f);
}

const blockContent = (f: Obj) => (typeof f.content === 'string' ? f.content : '');

/**
 * DeepSeek's answers with web search carry raw citation markers ("…in 2024[reference:0]."), which its page renders
 * as links to the search results; in the stored text they are noise (the results are kept as a tool extra).
 */
export const stripReferences = (text: string) => text.replace(/ ?\[reference:\d+\]/g, '');

function readMessage(m: Obj): { role: 'user' | 'assistant' | null; text: string; extras: Extra[] } {
  const extras: Extra[] = [];
  const asked: string[] = [];
  const said: string[] = [];
  for (const f of arr(m.fragments)) {
    if (!isObj(f)) continue;
    const type = str(f.type)?.toUpperCase() ?? '';
    if (type === 'REQUEST') asked.push(blockContent(f));
    else if (type === 'RESPONSE') said.push(blockContent(f));
    else if (type === 'THINK') {
      if (blockContent(f)) extras.push({ kind: 'thinking', text: blockContent(f) });
    } else if (type.includes('SEARCH') || type.startsWith('TOOL')) {
      const t = toolText(f);
      if (t) extras.push({ kind: 'tool', text: t });
    } else if (blockContent(f)) extras.push({ kind: 'other', text: blockContent(f) });
  }
  for (const file of arr(m.files)) if (isObj(file)) extras.push({ kind: 'attachment', text: str(file.file_name) ?? 'file' });
  const declared = str(m.role)?.toLowerCase();
  const role = asked.length || declared === 'user' ? 'user' : said.length || declared === 'assistant' ? 'assistant' : null;
  const joined = (role === 'user' ? asked : said).join('\n\n');
  const text = (role === 'assistant' ? stripReferences(joined) : joined).trim();
  return { role, text, extras };
}

function convertDeepSeek(conv: unknown, ctx: ImportContext) {
  if (!isObj(conv)) throw new ImportError('malformed', 'Expected a DeepSeek conversation object');
  const session = isObj(conv.chat_session) ? conv.chat_session : null;
  const id = str(conv.id) ?? (session ? str(session.id) : undefined);
  if (!id) throw new ImportError('malformed', 'A DeepSeek conversation has no "id"');
  let entries: { nodeId: string; parent: string | null; message: unknown }[];
  let leaf: string | null = null;
  if (isObj(conv.mapping)) {
    entries = Object.entries(conv.mapping).map(([key, v]) => {
      const node = isObj(v) ? v : {};
      const parent = node.parent;
      return {
        nodeId: str(node.id) ?? key,
        parent: typeof parent === 'string' || typeof parent === 'number' ? String(parent) : null,
        message: node.message ?? null,
      };
    });
  } else if (Array.isArray(conv.chat_messages)) {
    entries = conv.chat_messages.map((m, i) => {
      const mo = isObj(m) ? m : {};
      const mid = mo.message_id ?? mo.id ?? i;
      const parent = mo.parent_id;
      return {
        nodeId: String(mid),
        parent: typeof parent === 'string' || typeof parent === 'number' ? String(parent) : null,
        message: m,
      };
    });
    const cur = session?.current_message_id;
    leaf = typeof cur === 'string' || typeof cur === 'number' ? String(cur) : null;
  } else {
    throw new ImportError('malformed', 'A DeepSeek conversation has no "mapping"');
  }
  const read = new Map<string, ReturnType<typeof readMessage>>();
  const raws: RawNode[] = entries.map((e, order) => {
    let visible = false;
    if (isObj(e.message)) {
      const r = readMessage(e.message);
      if (r.role && (r.text || r.extras.length)) {
        read.set(e.nodeId, r);
        visible = true;
      } else ctx.skip(r.role ? 'empty message' : 'message without a request or response');
    }
    const time = isObj(e.message) ? fromIso(e.message.inserted_at) : null;
    return { id: e.nodeId, parent: e.parent, visible, time, order };
  });
  const msgs = new Map(entries.map((e) => [e.nodeId, isObj(e.message) ? e.message : {}]));
  const timeOf = new Map(raws.map((r) => [r.id, r.time]));
  const drafts: DraftMessage[] = resolveTree(raws, leaf).map((r) => {
    const m = read.get(r.id)!;
    return {
      role: m.role!,
      text: m.text,
      time: timeOf.get(r.id) ?? null,
      siteMessageId: r.id,
      parentSiteId: r.parent,
      current: r.current,
      index: r.depth,
      model: m.role === 'assistant' ? str(msgs.get(r.id)!.model) : undefined,
      extras: m.extras,
    };
  });
  if (drafts.length === 0) {
    ctx.skip('conversation without any visible message');
    return null;
  }
  return finishConversation('deepseek', id, 'deepseek-json', drafts, {
    title: str(conv.title) ?? (session ? str(session.title) : undefined),
    model: mainModel(drafts),
    url: `https://chat.deepseek.com/a/chat/s/${id}`,
    createdAt: fromIso(conv.inserted_at) ?? (session ? fromIso(session.inserted_at) : null),
    updatedAt: fromIso(conv.updated_at) ?? (session ? fromIso(session.updated_at) : null),
  });
}

const hasFragments = (m: unknown) => isObj(m) && Array.isArray(m.fragments);

export const deepseekJson: JsonFormat = {
  kind: 'json',
  id: 'deepseek-json',
  site: 'deepseek',
  label: 'DeepSeek export (conversations.json)',
  matches(first) {
    if (!isObj(first)) return false;
    if (isObj(first.mapping)) {
      const nodes = Object.values(first.mapping);
      return (
        nodes.some((n) => isObj(n) && hasFragments(n.message)) ||
        ('inserted_at' in first && !nodes.some((n) => isObj(n) && isObj(n.message) && 'author' in n.message))
      );
    }
    return isObj(first.chat_session) && arr(first.chat_messages).some(hasFragments);
  },
  create(ctx) {
    return {
      item(value) {
        const c = convertDeepSeek(value, ctx);
        return c ? [c] : [];
      },
      end: () => [],
    };
  },
};
