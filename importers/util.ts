/**
 * Small helpers every importer shares: building normalized messages with stable ids, reading the many
 * timestamp spellings exports use, turning answer HTML into plain text, and decoding byte streams.
 */
import { conversationId, messageIdFromContent, messageIdFromSite } from '../model/ids';
import type { ConversationWithMessages, Message, Role, SiteId } from '../model/types';
import { LIMITS } from '../model/validate';
import type { FormatId } from './types';

export type Extra = NonNullable<Message['extras']>[number];

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Epoch seconds (ChatGPT floats) → ms. Values already in ms (> year 33658 in seconds) pass through. */
export function fromEpoch(v: unknown): number | null {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) return null;
  return x > 1e12 ? Math.round(x) : Math.round(x * 1000);
}

/** ISO 8601 (with or without zone: a missing zone is read as UTC, so results never depend on the machine). */
export function fromIso(v: unknown): number | null {
  if (typeof v === 'number') return fromEpoch(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!s) return null;
  const hasZone = /(Z|[+-]\d\d:?\d\d|[+-]\d\d)$/i.test(s);
  const isoLike = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?/.test(s);
  const t = Date.parse(isoLike && !hasZone ? (s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}Z`) : s);
  return Number.isFinite(t) && t >= 0 ? t : null;
}

/** Plain text of answer HTML: block elements become line breaks, <pre> becomes a fenced code block. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_m, code: string) => `\n\`\`\`\n${code.replace(/<[^>]*>/g, '')}\n\`\`\`\n`)
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '\n- ')
      .replace(/<\/(p|div|h[1-6]|ul|ol|tr|table|blockquote|section)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  emsp: '\u2003',
  ensp: '\u2002',
  thinsp: '\u2009',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  euro: '€',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

export interface DraftMessage {
  role: Role;
  text: string;
  time: number | null;
  siteMessageId?: string;
  /** The draft's site id of its parent (or null for a root); resolved to normalized ids by `finish`. */
  parentSiteId?: string | null;
  current?: boolean;
  index?: number;
  model?: string;
  extras?: Extra[];
}

/**
 * Turns drafts into normalized messages with stable ids: the export's own id when there is one, else a
 * content key (role + text + occurrence). Parent site ids are mapped to the normalized ids.
 */
export function finishConversation(
  site: SiteId,
  siteConversationId: string,
  format: FormatId,
  drafts: DraftMessage[],
  meta: { title?: string; model?: string; url?: string; createdAt?: number | null; updatedAt?: number | null },
): ConversationWithMessages {
  const convId = conversationId(site, siteConversationId);
  const seen = new Map<string, number>();
  const idOf = new Map<string, string>();
  const used = new Set<string>();
  const contentId = (d: DraftMessage) => {
    const key = `${d.role}\u0000${d.text}`;
    const occ = seen.get(key) ?? 0;
    seen.set(key, occ + 1);
    return messageIdFromContent(convId, d.role, d.text, occ);
  };
  const messages: Message[] = drafts.map((d, i) => {
    // A broken export can repeat a message id; the repeat then gets a content key so ids stay unique.
    let id = d.siteMessageId ? messageIdFromSite(convId, d.siteMessageId) : contentId(d);
    while (used.has(id)) id = contentId(d);
    used.add(id);
    if (d.siteMessageId && !idOf.has(d.siteMessageId)) idOf.set(d.siteMessageId, id);
    // A pasted book should not fail the whole file: the text is cut at the model's limit and says so.
    const long = d.text.length > LIMITS.textChars;
    if (long) d.extras = [...(d.extras ?? []), { kind: 'other', text: `Text shortened from ${d.text.length} characters.` }];
    const m: Message = {
      id,
      conversationId: convId,
      role: d.role,
      text: long ? d.text.slice(0, LIMITS.textChars) : d.text,
      time: d.time,
      timeSource: d.time === null ? 'unknown' : 'export',
      current: d.current ?? true,
      index: d.index ?? i,
    };
    if (d.siteMessageId) m.siteMessageId = d.siteMessageId;
    if (d.model) m.model = d.model;
    if (d.extras && d.extras.length) m.extras = d.extras;
    return m;
  });
  drafts.forEach((d, i) => {
    if (d.parentSiteId !== undefined) messages[i].parentId = d.parentSiteId === null ? null : (idOf.get(d.parentSiteId) ?? null);
  });
  const times = messages.map((m) => m.time).filter((t): t is number => t !== null);
  const conv: ConversationWithMessages = {
    id: convId,
    site,
    siteConversationId,
    source: 'import',
    format,
    createdAt: meta.createdAt ?? (times.length ? Math.min(...times) : null),
    updatedAt: meta.updatedAt ?? (times.length ? Math.max(...times) : null),
    messages,
  };
  if (meta.title) conv.title = meta.title;
  if (meta.model) conv.model = meta.model;
  if (meta.url) conv.url = meta.url;
  return conv;
}

/** The model named most often by a conversation's replies (the conversation's model). */
export function mainModel(drafts: DraftMessage[]): string | undefined {
  const counts = new Map<string, number>();
  for (const d of drafts) if (d.model && d.current !== false) counts.set(d.model, (counts.get(d.model) ?? 0) + 1);
  let best: string | undefined;
  let bestN = 0;
  for (const [m, c] of counts) if (c > bestN) [best, bestN] = [m, c];
  return best;
}

/** Decodes a byte stream into text chunks (UTF-8, BOM dropped, multi-byte characters split across chunks kept whole). */
export async function* decodeText(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const s = dec.decode(chunk, { stream: true });
    if (s) yield s;
  }
  const rest = dec.decode();
  if (rest) yield rest;
}
