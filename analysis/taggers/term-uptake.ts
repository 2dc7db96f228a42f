/**
 * `term-uptake` (assistant→user): the person took up a word from their assistants. A claim needs all of:
 *  - the word is uncommon in general English (beyond the 5,000 most frequent words of English Wikipedia) and one of
 *    the assistants' distinctive words (over-used by assistants against people in real dialogue) or a published
 *    AI-favoured word: a topic's own vocabulary ("dataframe", "vitamins") is neither, so it is never "uptake";
 *  - an assistant used it (in any conversation) before the person's first use, and the person had written at least
 *    MIN_PRIOR_TOKENS words before without it; a word the person's own prompt brought in first is theirs;
 *  - the person used it again later in another conversation, before that conversation's assistant did (their own
 *    word now, not an echo); an echo inside the exchange where they met it is at most the first use;
 *  - the person's uses sit late in their history beyond chance, within each kind of task (code, writing, other:
 *    analysis/style/task.ts, so a word that comes with a new kind of task is not "taken up"): with N conversations
 *    of a task, the first use in the b-th and k of them with a use, the chance that k random conversations all fall
 *    at or after the b-th is C(N−b, k) / C(N, k); the tasks' chances are combined (Fisher) and a claim needs the
 *    result ≤ ALPHA divided by the number of words tested (Bonferroni), so a
 *    history where nobody influenced anybody yields a claim in about ALPHA of cases (measured: eval/longitudinal).
 * Never names (capitalised mid-sentence in an assistant's text), code (code blocks and inline code are not prose),
 * pasted or quoted text, or a question about what the word means. The evidence cites the assistant message(s)
 * where the person met the word, in whichever conversation, the person's first use and their later uses.
 *
 * `quoted-assistant`: a user message that pastes an earlier assistant reply (long verbatim overlap), which is not
 * uptake.
 */
import type { ConversationWithMessages } from '../../model/types';
import { SITE_NAMES } from '../../model/types';
import type { EvidenceRef, Tag } from '../../model/tags';
import { features, type MessageFeatures } from '../features';
import { conversationQuotes, inQuote } from '../quotes';
import { stemId, wordOf } from '../text/classes';
import { splitSentences } from '../text/sentences';
import { isUptakeCandidate } from '../text/ai-words';
import { assistantName, formatDate, makeTag, messageTime, ref, siteKey } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';
import { taskIndex, taskOfOpening } from '../style/task';

/** Family-wise false-positive rate per history (Bonferroni over the words tested). */
const ALPHA = 0.05;
/** The person's own earlier writing (words) before the first use: "absent from earlier writing" needs some. */
const MIN_PRIOR_TOKENS = 300;
/** Uses in conversations after the first one (spontaneous: before that conversation's assistant used the word). */
const MIN_LATER_CONVERSATIONS = 1;
/** Later uses cited as evidence. */
const MAX_LATER_EVIDENCE = 4;

/** A message, wherever it is. */
interface At {
  conversationId: string;
  index: number;
  id: string;
  time: number | null;
  site: string;
}

export interface Adoption {
  /** stem id */
  key: number;
  surface: string;
  metFirst: At;
  /** last assistant mention before the first use */
  metLast: At;
  metSpan: [number, number];
  timesMet: number;
  conversationsMet: number;
  firstUse: At;
  firstSpan: [number, number];
  /** the first use came right after an assistant used the word in the same conversation */
  echo: boolean;
  userTokensBefore: number;
  /**
   * Per task (analysis/style/task.ts: 0 code, 1 writing, 2 other): the person's conversations of that task before
   * their first use in one of that task (-1: no use in that task yet), and the conversations of that task with a use.
   */
  before: number[];
  uses: number[];
  /** first spontaneous use in each later conversation */
  later: { at: At; span: [number, number] }[];
}

export interface TermUptakeState {
  /** Stem ids the user has used (their own words, or taken up). Ids are process-local: see README. */
  userSeen: Set<number>;
  /** stem id → [first assistant ordinal, last ordinal, times met, start, end (last mention), conversations met] */
  met: Map<number, number[]>;
  /** Candidate stems an assistant wrote as a name (capitalised mid-sentence): never uptake. */
  names: Set<number>;
  /** Assistant messages where candidates were met, by ordinal. */
  assistantMessages: At[];
  /** Per conversation: candidate stems its assistant used so far (to tell an echo from the person's own use). */
  convMet: Map<string, Set<number>>;
  /** Per conversation the person wrote own text in: its task index (code, writing, other: by its opening message). */
  userConversations: Map<string, number>;
  /** Conversations of each task the person wrote in. */
  taskCounts: number[];
  adoptions: Map<number, Adoption>;
  userTokens: number;
  quoted: Tag[];
}

/** Capitalised but not at a sentence start: a name, a product, a title. */
function looksLikeName(text: string, start: number): boolean {
  const c = text[start];
  if (c === c.toLowerCase()) return false;
  let j = start - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '*' || text[j] === '"')) j--;
  return j >= 0 && !/[.!?:\n#\-•>(]/.test(text[j]) && !/\d/.test(text[j]);
}

/**
 * Token positions that mention a word rather than use it: inside quotation marks, in a sentence asking what
 * something means ("what does X mean", "what is X?"), or pointing back at the assistant's words ("you said X").
 */
function mentionTokens(text: string, f: MessageFeatures): ReadonlySet<number> {
  const out = new Set<number>();
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/["“'‘]([^"“”'‘’\n]{1,60})["”'’]/g)) ranges.push([m.index!, m.index! + m[0].length]);
  for (const [a, b] of splitSentences(text)) {
    const s = text.slice(a, b);
    if (
      /\b(?:mean|means|meaning|definition|define|stand for|stands for|you said|you say|you mentioned|you wrote|you called|you used|by your)\b/i.test(s) ||
      (/^\s*what(?:'s| is| are)\b/i.test(s) && s.length < 60)
    )
      ranges.push([a, b]);
  }
  if (!ranges.length) return out;
  for (let i = 0; i < f.ids.length; i++) for (const [a, b] of ranges) if (f.starts[i] >= a && f.ends[i] <= b) out.add(i);
  return out;
}

/** Candidate test memoised per word id (fixed word lists; asked for every token). 1 = no, 2 = yes. */
let kind = new Uint8Array(1 << 14);
function candidate(id: number): boolean {
  if (id >= kind.length) {
    const k = new Uint8Array(Math.max(id + 1, kind.length * 2));
    k.set(kind);
    kind = k;
  }
  if (kind[id] === 0) kind[id] = isUptakeCandidate(id) ? 2 : 1;
  return kind[id] === 2;
}

function at(conv: ConversationWithMessages, idx: number): At {
  const m = conv.messages[idx];
  return { conversationId: conv.id, index: idx, id: m.id, time: messageTime(conv, m), site: siteKey(conv) };
}

const accumulator: HistoryAccumulator<TermUptakeState> = {
  init: () => ({
    userSeen: new Set(),
    met: new Map(),
    names: new Set(),
    assistantMessages: [],
    convMet: new Map(),
    userConversations: new Map(),
    taskCounts: [0, 0, 0],
    adoptions: new Map(),
    userTokens: 0,
    quoted: [],
  }),

  add(state, conv, from, ctx) {
    const quotes = conversationQuotes(conv);
    let convMet = state.convMet.get(conv.id);
    const opening = conv.messages.find((m) => m.role === 'user');
    const task = state.userConversations.get(conv.id) ?? taskIndex(taskOfOpening(opening?.text ?? ''));
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      const f = features(m);
      if (m.role === 'assistant') {
        let ord = -1;
        for (let i = 0; i < f.ids.length; i++) {
          const id = f.ids[i];
          if (!candidate(id)) continue;
          const key = stemId(id);
          if (looksLikeName(m.text, f.starts[i])) {
            state.names.add(key);
            continue;
          }
          if (ord < 0) {
            ord = state.assistantMessages.length;
            state.assistantMessages.push(at(conv, idx));
          }
          if (!convMet) state.convMet.set(conv.id, (convMet = new Set()));
          const e = state.met.get(key);
          if (!e) state.met.set(key, [ord, ord, 1, f.starts[i], f.ends[i], 1]);
          else {
            if (!convMet.has(key)) e[5]++;
            e[1] = ord;
            e[2]++;
            e[3] = f.starts[i];
            e[4] = f.ends[i];
          }
          convMet.add(key);
        }
        continue;
      }
      const quote = quotes.get(idx);
      if (quote) state.quoted.push(quotedTag(conv, idx, quote, ctx.version));
      let any = false;
      for (let i = 0; i < f.ids.length && !any; i++) any = candidate(f.ids[i]);
      const own = f.ids.length - (quote?.quotedTokens ?? 0);
      if (any) {
        const mentions = mentionTokens(m.text, f);
        const seenHere = new Set<number>();
        for (let i = 0; i < f.ids.length; i++) {
          const id = f.ids[i];
          if (!candidate(id) || inQuote(quote, i) || mentions.has(i)) continue;
          const key = stemId(id);
          if (seenHere.has(key)) continue;
          seenHere.add(key);
          const span: [number, number] = [f.starts[i], f.ends[i]];
          const a = state.adoptions.get(key);
          if (a) {
            // A use in a later conversation, before that conversation's assistant used the word: the person's own.
            if (a.firstUse.conversationId !== conv.id && !a.later.some((l) => l.at.conversationId === conv.id) && !convMet?.has(key)) {
              a.later.push({ at: at(conv, idx), span });
              if (a.before[task] < 0) a.before[task] = state.taskCounts[task] - (state.userConversations.has(conv.id) ? 1 : 0);
              a.uses[task]++;
            }
            continue;
          }
          if (state.userSeen.has(key)) continue;
          state.userSeen.add(key);
          const e = state.met.get(key);
          // The person's own word (no assistant used it before), a name, or too little earlier writing to say
          // the word was absent from it: never uptake.
          if (!e || state.names.has(key) || state.userTokens < MIN_PRIOR_TOKENS) continue;
          state.adoptions.set(key, {
            key,
            surface: m.text.slice(span[0], span[1]).toLowerCase(),
            metFirst: state.assistantMessages[e[0]],
            metLast: state.assistantMessages[e[1]],
            metSpan: [e[3], e[4]],
            timesMet: e[2],
            conversationsMet: e[5],
            firstUse: at(conv, idx),
            firstSpan: span,
            echo: convMet?.has(key) ?? false,
            userTokensBefore: state.userTokens,
            before: [-1, -1, -1].map((b, t) => (t === task ? state.taskCounts[task] - (state.userConversations.has(conv.id) ? 1 : 0) : b)),
            uses: [0, 0, 0].map((u, t) => (t === task ? 1 : u)),
            later: [],
          });
        }
      }
      // Every word of the person's own text is theirs from now on (any inflection: judged on stems).
      for (let i = 0; i < f.ids.length; i++) if (!inQuote(quote, i)) state.userSeen.add(stemId(f.ids[i]));
      if (own > 0 && !state.userConversations.has(conv.id)) {
        state.userConversations.set(conv.id, task);
        state.taskCounts[task]++;
      }
      state.userTokens += own;
    }
  },

  tags(state, ctx) {
    const out: Tag[] = [...state.quoted];
    const tested = [...state.adoptions.values()].filter((a) => a.later.length >= MIN_LATER_CONVERSATIONS);
    for (const a of tested) {
      const p = lateness(state, a);
      if (p <= ALPHA / tested.length) out.push(uptakeTag(a, p, tested.length, ctx.version));
    }
    return out;
  },
};

/**
 * How unlikely it is that the person's uses start this late by chance, within each kind of task (a word that comes
 * with writing tasks is not taken up when the person starts writing-task chats): per task with a use, C(N − b, k) /
 * C(N, k); the tasks' chances combined by Fisher's method.
 */
function lateness(state: TermUptakeState, a: Adoption): number {
  let x = 0;
  let m = 0;
  for (let t = 0; t < 3; t++) {
    if (a.before[t] < 0) continue;
    x += -2 * Math.log(Math.max(1e-300, lateChance(state.taskCounts[t], a.before[t], a.uses[t])));
    m++;
  }
  return m ? chiSquareEvenTail(x, 2 * m) : 1;
}

/** P(χ²(dof) > x) for even dof. */
function chiSquareEvenTail(x: number, dof: number): number {
  const h = x / 2;
  let term = 1;
  let sum = 1;
  for (let i = 1; 2 * i < dof; i++) {
    term *= h / i;
    sum += term;
  }
  return Math.min(1, Math.exp(-h) * sum);
}

/** C(n − b, k) / C(n, k): the chance that k of n conversations, drawn at random, all fall at or after the b-th. */
export function lateChance(n: number, b: number, k: number): number {
  if (k > n - b) return 1;
  let p = 1;
  for (let j = 0; j < k; j++) p *= (n - b - j) / (n - j);
  return p;
}

function toRef(x: At, spans?: [number, number][]): EvidenceRef {
  return spans ? { conversationId: x.conversationId, index: x.index, id: x.id, spans } : { conversationId: x.conversationId, index: x.index, id: x.id };
}

function uptakeTag(a: Adoption, p: number, tested: number, version: number): Tag {
  const last = a.later[0];
  const evidence: EvidenceRef[] = [toRef(a.metFirst)];
  if (a.metLast.id !== a.metFirst.id) evidence.push(toRef(a.metLast, [a.metSpan]));
  evidence.push(toRef(a.firstUse, [a.firstSpan]));
  for (const l of a.later.slice(0, MAX_LATER_EVIDENCE)) evidence.push(toRef(l.at, [l.span]));
  const who = assistantName(SITE_NAMES, a.metLast.site);
  const uses = 1 + a.later.length;
  const confidence = Math.max(0.5, Math.min(0.95, 0.6 + 0.1 * Math.log10(ALPHA / tested / Math.max(p, 1e-12))));
  return makeTag({
    idFrom: { conversationId: a.firstUse.conversationId, evidence: [a.firstUse], key: wordOf(a.key) },
    type: 'term-uptake',
    conversationId: last.at.conversationId,
    messages: evidence,
    direction: 'assistant→user',
    confidence,
    explanation:
      `You started using "${a.surface}" on ${formatDate(a.firstUse.time)} after ${who} used it (first on ${formatDate(a.metFirst.time)}, ` +
      `${a.timesMet} time${a.timesMet === 1 ? '' : 's'} before), and used it again in ${a.later.length} later conversation${a.later.length === 1 ? '' : 's'}; ` +
      `it was absent from your ${a.userTokensBefore.toLocaleString('en-US')} earlier words (chance of such a late start: ${formatP(p)}).`,
    time: last.at.time ?? a.firstUse.time,
    of: a.metLast.site,
    data: {
      term: a.surface,
      words: 1,
      timesMet: a.timesMet,
      conversationsMet: a.conversationsMet,
      firstMet: a.metFirst,
      lastMet: a.metLast,
      firstUse: a.firstUse,
      echo: a.echo,
      laterUses: a.later.map((l) => l.at),
      conversationsWithUse: uses,
      sourceSite: a.metLast.site,
      userWordsBefore: a.userTokensBefore,
      pValue: p,
      wordsTested: tested,
      threshold: ALPHA / tested,
    },
    version,
  });
}

function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

function quotedTag(
  conv: ConversationWithMessages,
  idx: number,
  q: ReturnType<typeof conversationQuotes> extends Map<number, infer V> ? V : never,
  version: number,
): Tag {
  const m = conv.messages[idx];
  const a = conv.messages[q.assistantIndex];
  const total = features(m).ids.length;
  const share = q.quotedTokens / Math.max(1, total);
  const evidence = [ref(a, q.assistantIndex), ref(m, idx, q.spans)];
  return makeTag({
    type: 'quoted-assistant',
    conversationId: conv.id,
    messages: evidence,
    direction: 'assistant→user',
    confidence: Math.min(0.99, 0.8 + q.quotedTokens / 200),
    explanation: `This message repeats ${q.quotedTokens} words verbatim from ${assistantName(SITE_NAMES, siteKey(conv))}'s earlier reply (${Math.round(share * 100)}% of the message), so it is counted as quoting, not as your own wording.`,
    time: messageTime(conv, m),
    of: conv,
    data: { quotedTokens: q.quotedTokens, share },
    version,
  });
}

export const tagger = historyTagger(['term-uptake', 'quoted-assistant'], accumulator);
