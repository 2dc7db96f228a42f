/**
 * `user-pushback` (user→assistant): a user turn that disputes, corrects or challenges what the assistant just
 * said or did — says it is wrong, unhelpful or not what was asked, asks "are you sure", or objects to a refusal.
 * Precision first: cues must be about the assistant's turn ("that's not…", "you didn't…"), a bare "No" counts
 * only when the assistant had asserted something (a "No" to the assistant's question is an answer), and the
 * user fixing their own words ("typo, I meant…") is not pushback. Definitions and edge cases: eval/LABELLING.md.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { messageTime, ref, tagId } from '../evidence';
import { splitSentences } from '../text/sentences';
import { PUSHBACK_MODEL, probability, pushbackFeatures } from '../dialogue/pushback-model';
import { NO_NOT_DISPUTE, NO_OPENING, PUSHBACK_CUES, SELF_REPAIR, findCues, fold, quote, spansOf, strongest, type CueHit } from '../dialogue/cues';

/** Pushback opens a reply; cue words deep inside a long message are usually about something else. */
const CUE_WINDOW = 280;
/** Emit only at or above this confidence (tuned on the dev split for precision ≥ 0.9). */
export const PUSHBACK_THRESHOLD = 0.72;
/**
 * When the assistant's turn ended with a question, the user's turn is first of all an answer: "as I said…",
 * "that's what I'm asking" there restate the user's point rather than dispute the assistant's. Such cues must
 * be strong to count.
 */
const AFTER_QUESTION_PENALTY = 0.15;
/**
 * Cues that restate the user's own words ("as I said", "that's what I'm asking") or could open an answer
 * ("but…", "I asked for…") are discounted after an assistant question; the rest name the assistant's turn
 * itself as wrong, unhelpful or evasive and stay strong.
 */
const ANSWER_LIKE = new Set(['like-i-said', 'i-asked', 'but-that', 'really', 'why-you', 'said-so', 'contrast-open', 'i-dont-believe', 'incredulous']);

/** "my friend says that's wrong": the challenge is someone else's, not the user's to the assistant. */
const THIRD_PARTY = /\b(?:he|she|they|people|someone|everyone|some|many|scholars|experts|critics|my \w+|others?) (?:believe|believes|said|says|say|told|tells|think|thinks|claim|claims|is saying|was saying|are saying|keeps saying)\b[^.!?]*$/i;
/** The same, anywhere in the opening: the learned back-off has no spans to scope, so it stays out entirely. */
const THIRD_PARTY_ANY = new RegExp(THIRD_PARTY.source.replace('[^.!?]*$', ''), 'i');

export interface PushbackFinding {
  userIndex: number;
  assistantIndex: number;
  confidence: number;
  hits: CueHit[];
}

/**
 * Did the assistant ask the user something — a question at the end, or a guess like "Do you mean…?" anywhere?
 * Then a leading "No" answers it. Suggestions phrased as questions ("Have you tried…?", "Why not…?",
 * "Wouldn't it be cheaper…?") are suggestions: rejecting them is pushback (eval/LABELLING.md P3, P4).
 */
export function askedTheUser(text: string): boolean {
  // Only the end of a long answer can be a question to the user (guesses like "Do you mean…?" come early too,
  // so the head is kept).
  const t = fold(text.length > 1200 ? `${text.slice(0, 600)} ${text.slice(-600)}` : text);
  if (/\b(?:you mean|do you mean|are you (?:asking|saying|talking|referring|trying)|is (?:this|that|it) (?:a|an|for|what|about))\b[^?]{0,120}\?/i.test(t)) return true;
  if (!endsWithQuestion(t)) return false;
  const sents = splitSentences(t);
  const last = t.slice(...sents[sents.length - 1]);
  return !/^\W*(?:or )?(?:why not|wouldn'?t (?:it|that|you)|have you (?:tried|thought|considered)|how about|what about|maybe\b|could you (?:try|just))\b/i.test(last);
}

/** Did the assistant's turn end with a question? */
export function endsWithQuestion(text: string): boolean {
  const sents = splitSentences(text);
  const last = sents[sents.length - 1];
  return !!last && /\?\s*["')\]]*$/.test(text.slice(last[0], last[1]));
}

function secondSentenceNo(user: string): RegExpExecArray | null {
  const end = /^[^.!?]{0,40}[.!?]\s*/.exec(user);
  if (!end) return null;
  const m = /^(?:no+|nope)\b[,.!]/i.exec(user.slice(end[0].length));
  if (m) m.index = end[0].length;
  return m;
}

/** The cue-lexicon part of the detector (precision-first; used alone by the model trainer). */
export function detectCuePushback(assistantText: string, userText: string): { confidence: number; hits: CueHit[] } | null {
  // Cues only count in the opening; cutting the text first keeps long pasted messages cheap.
  const user = fold(userText.slice(0, CUE_WINDOW + 120));
  if (SELF_REPAIR.test(user.slice(0, CUE_WINDOW))) return null;
  const hits = findCues(user, PUSHBACK_CUES).filter(
    (h) => h.start < CUE_WINDOW && !THIRD_PARTY.test(user.slice(Math.max(0, h.start - 80), h.start)),
  );
  const asked = askedTheUser(assistantText);
  // "No" opening the message or one of its first sentences ("Fucked up? no, its divergent thinking").
  const no = NO_OPENING.exec(user) ?? secondSentenceNo(user);
  if (no && !asked && !NO_NOT_DISPUTE.test(user.slice(0, 120))) {
    hits.push({ id: 'no-after-assertion', strength: 0.75, start: no.index, end: no.index + no[0].length });
  }
  const scored = hits.map((h) => ({ ...h, strength: asked && ANSWER_LIKE.has(h.id) ? h.strength - AFTER_QUESTION_PENALTY : h.strength }));
  const best = strongest(scored);
  if (!best) return null;
  const distinct = new Set(hits.map((h) => h.id)).size;
  const confidence = Math.min(0.97, best.strength + 0.05 * (distinct - 1));
  return confidence >= PUSHBACK_THRESHOLD ? { confidence, hits } : null;
}

/**
 * Cue lexicon first; when no cue fires, the learned back-off (analysis/dialogue/pushback-model.ts) at its
 * cross-validated threshold. A model-only finding highlights the user's first sentence and has lower
 * confidence than a cue finding.
 */
export function detectPushback(assistantText: string, userText: string): { confidence: number; hits: CueHit[] } | null {
  const cue = detectCuePushback(assistantText, userText);
  if (cue) return cue;
  const user = fold(userText);
  if (SELF_REPAIR.test(user.slice(0, CUE_WINDOW)) || THIRD_PARTY_ANY.test(user.slice(0, CUE_WINDOW))) return null;
  const p = probability(PUSHBACK_MODEL, pushbackFeatures(assistantText, userText, askedTheUser(assistantText)));
  if (p < PUSHBACK_MODEL.threshold) return null;
  const first = splitSentences(userText)[0] ?? [0, userText.length];
  return { confidence: Math.round((0.55 + 0.3 * (p - PUSHBACK_MODEL.threshold) / (1 - PUSHBACK_MODEL.threshold)) * 100) / 100, hits: [{ id: 'model', strength: p, start: first[0], end: first[1] }] };
}

/** Every pushback in the conversation (also used by the capitulation/held-position tagger). */
const memo = new WeakMap<ConversationWithMessages, { key: string; findings: PushbackFinding[] }>();

export function findPushbacks(conv: ConversationWithMessages): PushbackFinding[] {
  // The pushback and the capitulation taggers both need this for the same conversation object.
  const key = `${conv.messages.length}:${conv.messages[conv.messages.length - 1]?.id ?? ''}`;
  const hit = memo.get(conv);
  if (hit && hit.key === key) return hit.findings;
  const out: PushbackFinding[] = [];
  const msgs = conv.messages;
  for (let i = 1; i < msgs.length; i++) {
    if (msgs[i].role !== 'user' || msgs[i - 1].role !== 'assistant') continue;
    const d = detectPushback(msgs[i - 1].text, msgs[i].text);
    if (d) out.push({ userIndex: i, assistantIndex: i - 1, ...d });
  }
  memo.set(conv, { key, findings: out });
  return out;
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['user-pushback'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    return findPushbacks(conv).map((f) => {
      const a = conv.messages[f.assistantIndex];
      const u = conv.messages[f.userIndex];
      const spans = spansOf(f.hits);
      const evidence = [ref(a, f.assistantIndex), ref(u, f.userIndex, spans)];
      const time = messageTime(conv, u);
      return {
        id: tagId('user-pushback', conv.id, evidence),
        type: 'user-pushback',
        conversationId: conv.id,
        messages: evidence,
        direction: 'user→assistant',
        confidence: Math.round(f.confidence * 100) / 100,
        explanation: `You pushed back on the assistant's previous answer: "${quote(u.text, spans[0])}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        data: { cues: [...new Set(f.hits.map((h) => h.id))] },
        version: ctx.version,
      } satisfies Tag;
    });
  },
};
