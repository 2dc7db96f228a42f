/**
 * From the act model's probabilities to tags a person reads: one place for the memo (the four act taggers score
 * a conversation once), the words a confidence is put in, the floor below which no tag is kept, and the words
 * of a turn that weighed most (highlighted as evidence).
 *
 * Confidence is the calibrated probability (model.ts). Tags are kept from ACT_TAG_FLOOR up; what is *shown*
 * is decided by the person's setting (model/tags.ts `shown`; DEFAULT_MIN_CONFIDENCE unless changed), so the same
 * stored analysis serves a cautious or a curious reader.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Direction, Tag, TagType } from '../../model/tags';
import type { TaggerContext } from '../types';
import { makeTag, messageTime, ref } from '../evidence';
import { fold, quote } from '../dialogue/cues';
import { isEnglish } from '../text/language';
import { ACT_MODEL, scoreConversation, weightOf, type ConversationActs, type Head, type ReplyActs, type TurnActs } from './model';
import type { Turn } from './features';
import { likelihood } from '../../model/tags';

export { ACT_TAG_TYPES, CONFIDENCE_CHOICES, DEFAULT_MIN_CONFIDENCE, likelihood, shown } from '../../model/tags';

/** Below this calibrated probability no act tag is kept at all. */
export const ACT_TAG_FLOOR = 0.3;

const memo = new WeakMap<ConversationWithMessages, { key: string; acts: ConversationActs }>();

function turnsOf(conv: ConversationWithMessages): Turn[] {
  return conv.messages.map((m) => ({ role: m.role, text: m.text }));
}

/** The act probabilities of a conversation, computed once per conversation object and length. */
export function actsOf(conv: ConversationWithMessages): ConversationActs {
  const key = `${conv.messages.length}:${conv.messages[conv.messages.length - 1]?.id ?? ''}`;
  const hit = memo.get(conv);
  if (hit && hit.key === key) return hit.acts;
  const acts = scoreConversation(turnsOf(conv), ACT_MODEL, isEnglish);
  memo.set(conv, { key, acts });
  return acts;
}

/**
 * Up to two spans of the words in `text` (single words or word pairs) whose features pushed `head` up the most,
 * found in the opening the model reads. Empty when nothing in the text itself weighed (the context did).
 */
function weightiest(head: Head, features: readonly string[], text: string, prefix: 'u' | 'r'): [number, number][] {
  const scored = features
    .filter((f) => f.startsWith(`${prefix}:`) || f.startsWith(`${prefix}2:`))
    .map((f) => ({ f, w: weightOf(head, f) }))
    .filter((x) => x.w > 0.15)
    .sort((a, b) => b.w - a.w || (a.f < b.f ? -1 : 1));
  // Folded as the features were ("don’t" → "don't"), one character for one, so offsets stay the text's own.
  const lower = fold(text.slice(0, 900)).toLowerCase();
  const spans: [number, number][] = [];
  for (const { f } of scored) {
    const words = f.slice(f.indexOf(':') + 1).split('_');
    if (words.some((w) => w === '0' || w === '?' || w === '!')) continue;
    const re = new RegExp(`\\b${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\W+')}\\b`, 'i');
    const m = re.exec(lower);
    if (!m) continue;
    const span: [number, number] = [m.index, m.index + m[0].length];
    if (spans.some(([a, b]) => span[0] < b && a < span[1])) continue;
    spans.push(span);
    if (spans.length === 2) break;
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

function userSpans(conv: ConversationWithMessages, acts: TurnActs, head: Head): [number, number][] {
  return weightiest(head, acts.features, conv.messages[acts.index].text, 'u');
}

export function replySpans(conv: ConversationWithMessages, acts: ReplyActs, head: Head): [number, number][] {
  return weightiest(head, acts.features, conv.messages[acts.index].text, 'r');
}

/**
 * The tags of one user act in a conversation: every user turn the model gives the act at least ACT_TAG_FLOOR,
 * with the assistant turn before it (when there is one and `withPrevious`) and the turn itself as evidence, the
 * words that weighed most highlighted, and a sentence from `explain(likelihood word, quote of the turn)`.
 */
export function userActTags(
  conv: ConversationWithMessages,
  ctx: TaggerContext,
  act: 'pushback' | 'concession' | 'delegation',
  type: TagType,
  direction: Direction,
  explain: (likely: string, quoted: string) => string,
  withPrevious: boolean,
): Tag[] {
  const out: Tag[] = [];
  for (const u of actsOf(conv).user) {
    const i = u.index;
    const p = u[act];
    const prev = conv.messages[i - 1];
    if (p < ACT_TAG_FLOOR || (withPrevious && prev?.role !== 'assistant')) continue;
    const m = conv.messages[i];
    const spans = userSpans(conv, u, ACT_MODEL.heads[act]);
    const evidence = [...(withPrevious ? [ref(prev, i - 1)] : []), ref(m, i, spans)];
    out.push(
      makeTag({
        type,
        conversationId: conv.id,
        messages: evidence,
        direction,
        confidence: Math.round(p * 100) / 100,
        explanation: explain(likelihood(p), quote(m.text, spans[0])),
        time: messageTime(conv, m),
        of: conv,
        version: ctx.version,
      }),
    );
  }
  return out;
}
