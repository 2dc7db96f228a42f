/**
 * What the act models see of an exchange: sparse, named features, shared by training (eval/acts/train.ts) and
 * use (model.ts) so both see exactly the same thing.
 *
 * - A user turn (for pushback, concession, delegation): its opening words and word pairs, its first words by
 *   position, its closing words when it is long, the end of the assistant turn before it, and facts about the
 *   exchange that words alone miss — the assistant gave code and the user pastes an error or output; the user
 *   re-sends an earlier prompt; the user repeats words of their own earlier turns (restating a constraint);
 *   the assistant asked the user something; the assistant refused; the cue lexicons that fired.
 * - An assistant reply after a user turn (for capitulation / held position): its opening, how much of the
 *   previous answer it keeps (content words, code lines, numbers), apology and agreement openers, and the user
 *   turn's opening (what kind of challenge it answers).
 *
 * Long pastes and code cost little: only a bounded head and tail of any message is tokenized.
 */
import {
  ACCEPT_BUT,
  ACCEPT_CUES,
  CONTRADICTION,
  DELEGATION_CUES,
  DELEGATION_EXCLUDE,
  INSIST_CUES,
  NO_OPENING,
  PUSHBACK_CUES,
  REFUSAL,
  SELF_REPAIR,
  USER_VIEW,
  YIELD_CUES,
  findCues,
  fold,
} from '../dialogue/cues';
import { askedTheUser } from '../dialogue/asked';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

const HEAD_CHARS = 700;
const TAIL_CHARS = 240;
const HEAD_TOKENS = 48;

/** Lower-case word tokens (numbers folded to "0"), "?" and "!" kept: enough for n-grams, cheap on pastes. */
function words(text: string): string[] {
  return (
    fold(text)
      .toLowerCase()
      .match(/[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[?!]/g)
      ?.map((w) => (/^\d/.test(w) ? '0' : w)) ?? []
  );
}

const CODE = /```|^\s{4,}\S|[;{}]\s*$|^\s*(?:def|class|function|import|from|const|let|var|public|#include|SELECT|return)\b/m;
const ERROR =
  /\b(?:traceback|exception|error(?:s)?:|\w+error\b|errno|stack trace|segmentation fault|undefined reference|cannot find|not defined|is not a function|syntax error|failed|warning:|line \d+|exit(?:ed)? (?:with )?code|doesn'?t (?:work|compile|run)|does not (?:work|compile|run)|not working|didn'?t work|won'?t (?:work|run|compile)|nothing happens|still (?:get|getting|have|the same|not|doesn'?t|wrong|broken))\b/i;

function bucket(x: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && x >= edges[i]) i++;
  return i;
}

const STOP = new Set(
  'the a an and or but to of in on at for with is are was were be been it its this that these those i you he she we they me my your our their what which who how why when where do does did can could would should will shall may might must not no yes so if then than as by from about into just also please ok okay thanks thank'.split(
    ' ',
  ),
);

function contentSet(text: string, max = 4000): Set<string> {
  const out = new Set<string>();
  for (const w of words(text.length > max ? text.slice(0, max) : text)) if (w.length > 2 && !STOP.has(w) && w !== '0') out.add(w);
  return out;
}

/**
 * What every turn of a conversation compares itself with, computed once per conversation (per `turns` array), so
 * that a long conversation stays linear: the user turns' content words, the first user turn each word appeared
 * in, and the first user turn that stated a view of the user's own. Keyed by the array: callers hand a fresh
 * array for a changed conversation (never append to one already scored).
 */
interface ConversationContext {
  userWords: Map<number, Set<string>>;
  firstUse: Map<string, number>;
  firstView: number;
}
const contexts = new WeakMap<readonly Turn[], ConversationContext>();

function contextOf(turns: readonly Turn[]): ConversationContext {
  let c = contexts.get(turns);
  if (c) return c;
  c = { userWords: new Map(), firstUse: new Map(), firstView: Infinity };
  turns.forEach((t, i) => {
    if (t.role !== 'user') return;
    const set = contentSet(t.text, 1500);
    c!.userWords.set(i, set);
    for (const w of set) if (!c!.firstUse.has(w)) c!.firstUse.set(w, i);
    if (c!.firstView === Infinity && USER_VIEW.test(fold(t.text.slice(0, 1500)))) c!.firstView = i;
  });
  contexts.set(turns, c);
  return c;
}

function share(a: Set<string>, b: Set<string>): number {
  if (!a.size) return 0;
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / a.size;
}

function headTail(text: string): { head: string[]; tail: string[] } {
  const t = text.trim();
  const head = words(t.slice(0, HEAD_CHARS)).slice(0, HEAD_TOKENS);
  const tail = t.length > HEAD_CHARS + TAIL_CHARS ? words(t.slice(-TAIL_CHARS)).slice(-16) : [];
  return { head, tail };
}

const NEGATION = /^(?:not|no|never|nothing|nobody|none)$|n't$/;
const SUBJECT = /^(?:you|your|it|its|that|this|they|he|she|i|my|we|our|there|these|those)$/;

/**
 * Who a negation is about: "it doesn't work", "you didn't", "that's not" dispute the assistant's output;
 * "my flatmate does not eat dairy", "I don't have" state the user's own situation. Word pairs miss the subject.
 */
function negationSubjects(out: Set<string>, prefix: string, toks: readonly string[]): void {
  toks.forEach((w, k) => {
    if (!NEGATION.test(w)) return;
    const subject =
      toks
        .slice(Math.max(0, k - 3), k)
        .reverse()
        .find((x) => SUBJECT.test(x)) ?? 'other';
    out.add(`${prefix}neg:${subject}`);
  });
}

function ngrams(out: Set<string>, prefix: string, toks: readonly string[], positions = 0): void {
  for (let i = 0; i < toks.length; i++) {
    out.add(`${prefix}:${toks[i]}`);
    if (i) out.add(`${prefix}2:${toks[i - 1]}_${toks[i]}`);
    if (i < positions) out.add(`${prefix}@${i}:${toks[i]}`);
  }
}

function codeLines(text: string): Set<string> {
  const out = new Set<string>();
  const fences = text.split('```');
  for (let i = 1; i < fences.length; i += 2) for (const l of fences[i].split('\n')) if (l.trim().length > 3) out.add(l.trim());
  return out;
}

function numbers(text: string): Set<string> {
  return new Set(text.slice(0, 4000).match(/\d+(?:[.,]\d+)?/g) ?? []);
}

/** Features of the user turn at `i` (which must be a user turn). */
export function userTurnFeatures(turns: readonly Turn[], i: number): string[] {
  const out = new Set<string>(['BIAS']);
  const u = turns[i].text;
  const prevA = i > 0 && turns[i - 1].role === 'assistant' ? turns[i - 1].text : null;
  const { head, tail } = headTail(u);
  ngrams(out, 'u', head, 4);
  negationSubjects(out, 'u', head);
  if (head.some((w) => w === 'you' || w === 'your' || w === "you're" || w === 'u')) out.add('U_YOU');
  for (const w of tail) out.add(`ut:${w}`);
  out.add(`ulen:${bucket(words(u.slice(0, 3000)).length, [3, 6, 12, 25, 60, 150])}`);
  const trimmed = u.trim();
  if (/\?\s*["')\]]*$/.test(trimmed)) out.add('U_ENDS_Q');
  if (trimmed.includes('?')) out.add('U_HAS_Q');
  if (/!/.test(trimmed.slice(0, 400))) out.add('U_EXCL');
  if (/^[^a-z]*[A-Z]{4,}/.test(trimmed.slice(0, 60))) out.add('U_CAPS');
  const uHead = u.slice(0, 3000);
  const uCode = CODE.test(uHead);
  if (uCode) out.add('U_CODE');
  if (ERROR.test(uHead)) out.add('U_ERROR');
  if (/["“][^"”]{3,}["”]/.test(u.slice(0, 600))) out.add('U_QUOTES');
  for (const h of findCues(u.slice(0, 400), PUSHBACK_CUES)) out.add(`cue:pb:${h.id}`);
  for (const h of findCues(u.slice(0, 400), ACCEPT_CUES)) out.add(`cue:acc:${h.id}`);
  for (const h of findCues(u.slice(0, 600), DELEGATION_CUES)) out.add(`cue:del:${h.id}`);
  const opening = fold(u.slice(0, 400));
  if (SELF_REPAIR.test(opening)) out.add('cue:self-repair');
  if (NO_OPENING.test(opening)) out.add('cue:no-opening');
  if (ACCEPT_BUT.test(opening)) out.add('cue:accept-but');
  if (DELEGATION_EXCLUDE.test(opening)) out.add('cue:del-exclude');
  if (/\b(?:my|i|i'm|i am|me|mine)\b/i.test(u.slice(0, 600))) out.add('U_SELF');
  out.add(`pos:${bucket([...contextOf(turns).userWords.keys()].filter((j) => j < i).length, [1, 2, 4, 8])}`);
  if (!prevA) {
    out.add('FIRST');
    return [...out];
  }
  const aTail = words(prevA.slice(-TAIL_CHARS)).slice(-20);
  for (const w of aTail) out.add(`at:${w}`);
  for (const w of words(prevA.slice(0, 160)).slice(0, 8)) out.add(`ah:${w}`);
  const aHead = prevA.slice(0, 4000);
  const aCode = CODE.test(aHead);
  if (aCode) out.add('A_CODE');
  if (aCode && ERROR.test(uHead)) out.add('A_CODE_U_ERROR');
  if (aCode && uCode) out.add('A_CODE_U_CODE');
  if (askedTheUser(prevA)) out.add('A_ASKED');
  if (CONTRADICTION.test(fold(prevA.slice(0, 1500)))) out.add('A_CONTRADICTS');
  if (REFUSAL.test(fold(prevA.length > 1200 ? `${prevA.slice(0, 600)} ${prevA.slice(-600)}` : prevA))) out.add('A_REFUSAL');
  if (/\?\s*$/.test(prevA.trim())) out.add('A_ENDS_Q');
  out.add(`alen:${bucket(prevA.length, [80, 300, 1000, 3000])}`);
  // How much of the user's turn repeats the assistant's words (quoting it back) or the user's own earlier turns
  // (restating a constraint the answer ignored, or re-sending the prompt).
  const context = contextOf(turns);
  const uSet = context.userWords.get(i) ?? contentSet(u, 1500);
  const aSet = contentSet(prevA);
  out.add(`ovA:${bucket(share(uSet, aSet), [0.2, 0.4, 0.7])}`);
  let lastUser = -1;
  for (let j = i - 1; j >= 0 && lastUser < 0; j--) if (turns[j].role === 'user') lastUser = j;
  if (lastUser >= 0) {
    let repeated = 0;
    for (const w of uSet) if ((context.firstUse.get(w) ?? i) < i) repeated++;
    out.add(`ovU:${bucket(uSet.size ? repeated / uSet.size : 0, [0.2, 0.4, 0.7])}`);
    if (context.firstView < i) out.add('U_HAD_VIEW');
    const last = turns[lastUser].text.trim();
    if (last && last === trimmed) out.add('RESEND');
  }
  return [...out];
}

/** Features of the assistant reply at `r` (which must follow a user turn at r − 1). */
export function replyFeatures(turns: readonly Turn[], r: number): string[] {
  const out = new Set<string>(['BIAS']);
  const reply = turns[r].text;
  const user = turns[r - 1]?.text ?? '';
  let prevA: string | null = null;
  for (let j = r - 2; j >= 0; j--)
    if (turns[j].role === 'assistant') {
      prevA = turns[j].text;
      break;
    }
  const { head, tail } = headTail(reply);
  ngrams(out, 'r', head.slice(0, 32), 4);
  negationSubjects(out, 'r', head.slice(0, 32));
  for (const w of tail) out.add(`rt:${w}`);
  for (const w of words(user.slice(0, 300)).slice(0, 12)) out.add(`pu:${w}`);
  for (const h of findCues(reply.slice(0, 400), YIELD_CUES)) out.add(`cue:yield:${h.id}`);
  for (const h of findCues(reply.slice(0, 400), INSIST_CUES)) out.add(`cue:insist:${h.id}`);
  const rHead = reply.slice(0, 4000);
  if (REFUSAL.test(fold(rHead))) out.add('R_REFUSAL');
  const rCode = CODE.test(rHead);
  if (rCode) out.add('R_CODE');
  if (reply.trim().length < 400 && /\?\s*$/.test(reply.trim())) out.add('R_SHORT_Q');
  out.add(`rlen:${bucket(reply.length, [80, 300, 1000, 3000])}`);
  if (ERROR.test(user.slice(0, 3000))) out.add('U_ERROR');
  if (!prevA) {
    out.add('R_NO_PREV');
    return [...out];
  }
  if (REFUSAL.test(fold(prevA.slice(0, 4000)))) out.add(rCode || !REFUSAL.test(fold(rHead)) ? 'REFUSAL_DROPPED' : 'REFUSAL_KEPT');
  const a = contentSet(prevA);
  const b = contentSet(reply);
  out.add(`keep:${bucket(share(a, b), [0.2, 0.4, 0.6, 0.8])}`);
  out.add(`echo:${bucket(share(b, a), [0.2, 0.4, 0.6, 0.8])}`);
  out.add(`lenratio:${bucket(reply.length / Math.max(1, prevA.length), [0.3, 0.7, 1.3, 2])}`);
  const ca = codeLines(prevA);
  const cb = codeLines(reply);
  if (ca.size && cb.size) {
    out.add('BOTH_CODE');
    const kept = share(cb, ca);
    out.add(`codekeep:${bucket(kept, [0.5, 0.8, 0.95, 1])}`);
  } else if (cb.size) out.add('NEW_CODE');
  const na = numbers(prevA);
  const nb = numbers(reply);
  if ([...nb].some((n) => !na.has(n))) out.add('NEW_NUMBERS');
  if (reply.trim() === prevA.trim()) out.add('SAME_TEXT');
  // Whether the reply takes up what the user brought that the previous answer did not have (their correction's
  // words and numbers): a capitulation adopts them, a held position restates its own.
  const novel = [...contentSet(user)].filter((w) => !a.has(w));
  out.add(novel.length ? `adopt:${bucket(novel.filter((w) => b.has(w)).length / novel.length, [0.2, 0.4, 0.6, 0.8])}` : 'adopt:none');
  const userNumbers = [...numbers(user)].filter((n) => !na.has(n));
  if (userNumbers.length) out.add(userNumbers.some((n) => nb.has(n)) ? 'UNUM_ADOPTED' : 'UNUM_IGNORED');
  out.add(`headkeep:${bucket(share(contentSet(reply.slice(0, 300)), contentSet(prevA.slice(0, 300))), [0.2, 0.4, 0.6])}`);
  let dropped = 0;
  for (const w of a) if (!b.has(w)) dropped++;
  out.add(`drop:${bucket(a.size ? dropped / a.size : 0, [0.2, 0.4, 0.6, 0.8])}`);
  const opening = fold(reply.slice(0, 200)).toLowerCase();
  if (/apolog|sorry/.test(opening) && /\b(?:but|however)\b/.test(opening)) out.add('APOLOGY_BUT');
  if (/\b(?:as i (?:said|mentioned|stated)|i stand by|still|remains?|indeed|correct that)\b/.test(opening)) out.add('RESTATES');
  return [...out];
}

/**
 * What the reply right after a user turn tells about that turn, for the pushback head: the reply's opening words
 * by position, its apology or insistence cues, and how it relates to the answer before ("I apologize, you're
 * right" and a changed answer follow a pushback far more often than anything else does). The words of the rest
 * of the reply are left out: they describe the topic, not the user's act. `null` when no reply follows yet (the
 * turn is scored on its own words and context, with NO_NEXT).
 */
const NEXT = /^(?:cue:|r@|keep:|echo:|SAME_TEXT|R_|REFUSAL_|NEW_|BOTH_CODE|codekeep|lenratio)/;

export function nextReplyFeatures(reply: readonly string[] | null): string[] {
  return reply ? reply.filter((f) => NEXT.test(f)).map((f) => `nx|${f}`) : ['NO_NEXT'];
}
