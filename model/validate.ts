/**
 * Runtime checks for the normalized model. Anything that crosses a trust boundary (a content script's
 * payload, a file given to the CLI, a stored row from an older version) goes through these before use.
 * They return a list of problems instead of throwing, so callers can name exactly what was wrong.
 */
import { SITE_IDS, type Message, type SiteId } from './types';

const ROLES = new Set(['user', 'assistant']);
const TIME_SOURCES = new Set(['export', 'site', 'observed', 'unknown']);
const SOURCES = new Set(['capture', 'import', 'sample', 'file']);
const EXTRA_KINDS = new Set(['thinking', 'tool', 'attachment', 'citation', 'other']);
const SITES = new Set<string>(SITE_IDS);

/** Upper bounds that keep a hostile or broken page from filling the store. */
export const LIMITS = { textChars: 2_000_000, messages: 20_000, idChars: 512, titleChars: 2_000 } as const;

export function isSiteId(v: unknown): v is SiteId {
  return typeof v === 'string' && SITES.has(v);
}

const isStr = (v: unknown, max: number = LIMITS.idChars): v is string => typeof v === 'string' && v.length <= max;
const isTime = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

export function messageProblems(m: unknown, where = 'message'): string[] {
  if (typeof m !== 'object' || m === null) return [`${where}: not an object`];
  const o = m as Record<string, unknown>;
  const p: string[] = [];
  if (!isStr(o.id) || !o.id) p.push(`${where}.id: expected a non-empty string`);
  if (!isStr(o.conversationId)) p.push(`${where}.conversationId: expected a string`);
  if (!ROLES.has(o.role as string)) p.push(`${where}.role: expected "user" or "assistant"`);
  if (!isStr(o.text, LIMITS.textChars)) p.push(`${where}.text: expected a string of at most ${LIMITS.textChars} characters`);
  if (!isTime(o.time)) p.push(`${where}.time: expected epoch milliseconds or null`);
  if (!TIME_SOURCES.has(o.timeSource as string)) p.push(`${where}.timeSource: expected export|site|observed|unknown`);
  if (typeof o.current !== 'boolean') p.push(`${where}.current: expected a boolean`);
  if (typeof o.index !== 'number' || !Number.isInteger(o.index) || o.index < 0) p.push(`${where}.index: expected an integer ≥ 0`);
  if (o.parentId !== undefined && o.parentId !== null && !isStr(o.parentId)) p.push(`${where}.parentId: expected a string or null`);
  if (o.siteMessageId !== undefined && !isStr(o.siteMessageId)) p.push(`${where}.siteMessageId: expected a string`);
  if (o.model !== undefined && !isStr(o.model)) p.push(`${where}.model: expected a string`);
  if (o.extras !== undefined) {
    if (!Array.isArray(o.extras)) p.push(`${where}.extras: expected an array`);
    else
      o.extras.forEach((e, i) => {
        const x = e as Record<string, unknown>;
        if (!x || !EXTRA_KINDS.has(x.kind as string) || !isStr(x.text, LIMITS.textChars)) p.push(`${where}.extras[${i}]: expected {kind, text}`);
      });
  }
  return p;
}

export function conversationProblems(c: unknown, where = 'conversation'): string[] {
  if (typeof c !== 'object' || c === null) return [`${where}: not an object`];
  const o = c as Record<string, unknown>;
  const p: string[] = [];
  if (!isStr(o.id) || !o.id) p.push(`${where}.id: expected a non-empty string`);
  if (!isSiteId(o.site)) p.push(`${where}.site: expected one of ${SITE_IDS.join(', ')}`);
  if (!isStr(o.siteConversationId) || !o.siteConversationId) p.push(`${where}.siteConversationId: expected a non-empty string`);
  if (!SOURCES.has(o.source as string)) p.push(`${where}.source: expected capture|import|sample|file`);
  for (const k of ['url', 'model', 'format'] as const) if (o[k] !== undefined && !isStr(o[k], 4096)) p.push(`${where}.${k}: expected a string`);
  if (o.title !== undefined && !isStr(o.title, LIMITS.titleChars)) p.push(`${where}.title: expected a string`);
  if (!isTime(o.createdAt ?? null)) p.push(`${where}.createdAt: expected epoch milliseconds or null`);
  if (!isTime(o.updatedAt ?? null)) p.push(`${where}.updatedAt: expected epoch milliseconds or null`);
  return p;
}

/** Problems with a conversation and its messages (ids must belong to it). Empty list = valid. */
export function conversationWithMessagesProblems(c: unknown, where = 'conversation'): string[] {
  const p = conversationProblems(c, where);
  const msgs = (c as { messages?: unknown })?.messages;
  if (!Array.isArray(msgs)) return [...p, `${where}.messages: expected an array`];
  if (msgs.length > LIMITS.messages) return [...p, `${where}.messages: more than ${LIMITS.messages} messages`];
  const id = (c as { id?: unknown }).id;
  msgs.forEach((m, i) => {
    p.push(...messageProblems(m, `${where}.messages[${i}]`));
    if ((m as Message)?.conversationId !== id) p.push(`${where}.messages[${i}].conversationId: does not match the conversation id`);
  });
  return p;
}
