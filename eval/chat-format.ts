/**
 * Reads labelled conversations in the widely used chat format, one JSON object per line:
 *   {"id": "...", "messages": [{"role": "user"|"assistant", "content": "...", "timestamp"?: ...}],
 *    "labels": [{"index": 3, "type": "user-pushback", "value": true, "why"?: "..."}], "split"?: "dev"|"heldout"}
 * and turns each into the normalized ConversationWithMessages the taggers take. Other keys are ignored.
 * Bad input fails with the file's line number; nothing is half-read.
 */
import { conversationId, messageIdFromContent } from '../model/ids';
import { TAG_TYPES, type TagType } from '../model/tags';
import { SITE_IDS, type ConversationWithMessages, type Message, type SiteId } from '../model/types';

export interface GoldLabel {
  index: number;
  type: TagType;
  value: boolean;
  why?: string;
}

export interface LabelledItem {
  conversation: ConversationWithMessages;
  labels: GoldLabel[];
  split: string;
}

export class LabelFileError extends Error {}

function toTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export function parseLabelLine(line: string, where: string): LabelledItem {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new LabelFileError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object') throw new LabelFileError(`${where}: expected a JSON object`);
  if (typeof o.id !== 'string' || !o.id) throw new LabelFileError(`${where}: "id" must be a non-empty string`);
  if (!Array.isArray(o.messages) || !o.messages.length) throw new LabelFileError(`${where}: "messages" must be a non-empty array`);
  // The chat format has no site; a line may name one, else it is read as a ChatGPT-style transcript.
  const site: SiteId = SITE_IDS.includes(o.site as SiteId) ? (o.site as SiteId) : 'chatgpt';
  const convId = conversationId(site, `file:${o.id}`);
  const seen = new Map<string, number>();
  const messages: Message[] = o.messages.map((m: unknown, index: number) => {
    const mm = m as Record<string, unknown>;
    if (!mm || (mm.role !== 'user' && mm.role !== 'assistant') || typeof mm.content !== 'string') {
      throw new LabelFileError(`${where}: messages[${index}] needs role "user"|"assistant" and string content`);
    }
    const key = `${mm.role}\u0000${mm.content}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const time = toTime(mm.timestamp);
    return {
      id: messageIdFromContent(convId, mm.role, mm.content, occurrence),
      conversationId: convId,
      role: mm.role,
      text: mm.content,
      time,
      timeSource: time == null ? 'unknown' : 'export',
      current: true,
      index,
    };
  });
  const labels = (Array.isArray(o.labels) ? o.labels : []).map((l: unknown, k: number): GoldLabel => {
    const ll = l as Record<string, unknown>;
    if (!ll || !Number.isInteger(ll.index) || (ll.index as number) < 0 || (ll.index as number) >= messages.length) {
      throw new LabelFileError(`${where}: labels[${k}].index must be a message index (0..${messages.length - 1})`);
    }
    if (!TAG_TYPES.includes(ll.type as TagType)) throw new LabelFileError(`${where}: labels[${k}].type "${String(ll.type)}" is not a tag type`);
    if (typeof ll.value !== 'boolean') throw new LabelFileError(`${where}: labels[${k}].value must be true or false`);
    return { index: ll.index as number, type: ll.type as TagType, value: ll.value, why: typeof ll.why === 'string' ? ll.why : undefined };
  });
  const times = messages.map((m) => m.time).filter((t): t is number => t != null);
  return {
    conversation: {
      id: convId,
      site,
      siteConversationId: `file:${o.id}`,
      source: 'file',
      createdAt: times.length ? Math.min(...times) : null,
      updatedAt: times.length ? Math.max(...times) : null,
      messages,
    },
    labels,
    split: typeof o.split === 'string' && o.split ? o.split : 'all',
  };
}

export function parseLabelFile(text: string, name: string): LabelledItem[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => parseLabelLine(line, `${name}:${n}`));
}
