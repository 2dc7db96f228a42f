/**
 * Null histories and injected changes for the longitudinal tags (term-uptake, ai-vocabulary-rise,
 * style-convergence, opinion-shift), built from real conversations committed in this repository:
 *
 *  - `eval/corpus/convo-topo.jsonl.gz`: 2,385 real English Chatbot Arena + WildChat conversations, each from a
 *    different person (only the `test` split is used, so word lists built from the `train` split never see them);
 *  - `eval/longitudinal/data/pkuppens-chatgpt-2023.json.gz`: one real person's ChatGPT export (192
 *    conversations, 2023; MIT, see data/README.md).
 *
 * Null kinds (no influence is possible, so any tag is a false positive):
 *  (a) `stitched`: conversations of different people stitched into one six-month timeline;
 *  (b) `permuted`: one real person's own history with its conversation order permuted (a claim about a change over
 *      time cannot survive a random order);
 *  (c) `task-switch`: coding conversations, then writing conversations (or the reverse), of different people —
 *      a change of task with no new exposure.
 * Power: a stitched history where, from the middle on, the person starts to use their assistants' own distinctive
 * words or style at a plausible rate (single words or marks inserted into their own sentences, never pasted
 * assistant sentences).
 *
 * Everything is seeded: the same seed gives the same histories.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversationWithMessages, SiteId } from '../../model/types';
import { makeConversation, rng as parkMiller, type Turn } from '../../analysis/testing';
import { readCorpus } from '../corpus/batches';
import { importSource } from '../../importers/index';
import { taskOf, type Task } from '../../analysis/style/task';
import { stem } from '../../analysis/text/tokenize';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS_FILE = join(HERE, '../corpus/convo-topo.jsonl.gz');
const PERSON_FILE = join(HERE, 'data/pkuppens-chatgpt-2023.json.gz');

export type NullKind = 'stitched' | 'permuted' | 'task-switch';
export const NULL_KINDS: NullKind[] = ['stitched', 'permuted', 'task-switch'];
export type { Task };

export interface SourceConversation {
  id: string;
  turns: Turn[];
  task: Task;
}

const SITES: SiteId[] = ['chatgpt', 'claude', 'gemini'];
const DAY = 86_400_000;
const HISTORY_START = Date.UTC(2025, 0, 6);
const HISTORY_DAYS = 182;

let corpusCache: SourceConversation[] | null = null;

/** The test split of the real-dialogue corpus as (role, text) turns with a task label. */
function loadCorpus(file = CORPUS_FILE): SourceConversation[] {
  if (corpusCache) return corpusCache;
  corpusCache = readCorpus(file)
    .filter((c) => c.split === 'test')
    .map((c) => {
      const turns: Turn[] = c.messages.map((m) => [m.role === 'user' ? 'user' : 'assistant', m.content]);
      return { id: c.id, turns, task: taskOf(turns.map(([r, t]) => ({ role: r, text: t }))) };
    })
    .filter((c) => c.turns.some(([r]) => r === 'user') && c.turns.some(([r]) => r === 'assistant'));
  return corpusCache;
}

let personCache: ConversationWithMessages[] | null = null;

/** The real person's ChatGPT export, through Coevo's own ChatGPT importer. */
export async function loadPerson(file = PERSON_FILE): Promise<ConversationWithMessages[]> {
  if (personCache) return personCache;
  const bytes = gunzipSync(readFileSync(file));
  const out: ConversationWithMessages[] = [];
  const source = {
    name: 'conversations.json',
    size: bytes.length,
    open: async function* () {
      yield new Uint8Array(bytes);
    },
  };
  for await (const ev of importSource(source)) if (ev.type === 'conversation') out.push(ev.conversation);
  personCache = out;
  return out;
}

/** Park–Miller with its first draws discarded (small seeds give small first numbers). */
function rng(seed: number): () => number {
  const r = parkMiller(seed);
  for (let i = 0; i < 5; i++) r();
  return r;
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Sorted random times over six months, one per conversation. */
function timeline(n: number, rand: () => number): number[] {
  return Array.from({ length: n }, () => HISTORY_START + Math.floor(rand() * HISTORY_DAYS * DAY)).sort((a, b) => a - b);
}

/** Lays source conversations on a timeline in the given order (messages 45 s apart). */
function layOut(sources: SourceConversation[], rand: () => number, tag: string): ConversationWithMessages[] {
  const times = timeline(sources.length, rand);
  return sources.map((s, i) =>
    makeConversation(`${tag}-${i}-${s.id}`, s.turns, { site: SITES[Math.floor(rand() * SITES.length)], start: times[i], stepMs: 45_000 }),
  );
}

const CONVERSATIONS_PER_HISTORY = 80;

/** (a) Conversations of different people, in random order, over six months. */
export function stitchedHistory(seed: number, n = CONVERSATIONS_PER_HISTORY): ConversationWithMessages[] {
  const rand = rng(seed * 7919 + 1);
  const pool = loadCorpus();
  return layOut(shuffle(pool, rand).slice(0, n), rand, `s${seed}`);
}

/** (c) Coding conversations, then writing conversations (odd seeds: the reverse), of different people. */
export function taskSwitchHistory(seed: number, n = CONVERSATIONS_PER_HISTORY): ConversationWithMessages[] {
  const rand = rng(seed * 104729 + 3);
  const pool = loadCorpus();
  const code = shuffle(
    pool.filter((c) => c.task === 'code'),
    rand,
  ).slice(0, n / 2);
  const writing = shuffle(
    pool.filter((c) => c.task === 'writing'),
    rand,
  ).slice(0, n / 2);
  return layOut(seed % 2 ? [...writing, ...code] : [...code, ...writing], rand, `t${seed}`);
}

/** (b) The real person's own conversations in a random order, each given the date of the one it replaces. */
export function permutedHistory(person: ConversationWithMessages[], seed: number): ConversationWithMessages[] {
  const rand = rng(seed * 15485863 + 5);
  const sorted = [...person].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  const order = shuffle(sorted, rand);
  return order.map((c, i) => retime(c, sorted[i].createdAt ?? HISTORY_START, `p${seed}-${i}`));
}

/** A copy of a conversation moved to start at `start` (message spacing kept), under a fresh id. */
function retime(c: ConversationWithMessages, start: number, tag: string): ConversationWithMessages {
  const t0 = c.createdAt ?? c.messages.find((m) => m.time != null)?.time ?? start;
  const id = `${c.id}~${tag}`;
  return {
    ...c,
    id,
    siteConversationId: `${c.siteConversationId}~${tag}`,
    createdAt: start,
    updatedAt: start + ((c.updatedAt ?? t0) - t0),
    messages: c.messages.map((m) => ({ ...m, id: `${m.id}~${tag}`, conversationId: id, time: m.time == null ? start : start + (m.time - t0) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Injected changes (power)

/** Inserts `word` into the text at a word boundary inside a sentence (not at its very start), like a writer would. */
export function insertWord(text: string, word: string, rand: () => number): string {
  const gaps: number[] = [];
  for (const m of text.matchAll(/[a-z,] (?=[a-z])/g)) {
    // Stay out of code.
    const before = text.slice(0, m.index!);
    if ((before.match(/```/g)?.length ?? 0) % 2 === 1) continue;
    gaps.push(m.index! + 2);
  }
  if (!gaps.length) return `${text.replace(/\s+$/, '')} ${word}`;
  const at = gaps[Math.floor(rand() * gaps.length)];
  return `${text.slice(0, at)}${word} ${text.slice(at)}`;
}

function mapUserTurns(c: ConversationWithMessages, f: (text: string, i: number) => string): ConversationWithMessages {
  return { ...c, messages: c.messages.map((m, i) => (m.role === 'user' ? { ...m, text: f(m.text, i) } : m)) };
}

/**
 * The person starts to use one of their assistants' distinctive words: a word from `candidates` that the history's
 * assistants used in its first half and the person never did; from the middle on, the person uses it in about a
 * quarter of their conversations (at least three). Returns null when the history's assistants used no such word.
 */
export function injectTermUptake(
  history: ConversationWithMessages[],
  candidates: (word: string) => boolean,
  seed: number,
): { history: ConversationWithMessages[]; word: string } | null {
  const rand = rng(seed * 31 + 7);
  const half = Math.floor(history.length / 2);
  const userText = history
    .map((c) =>
      c.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.text.toLowerCase())
        .join(' '),
    )
    .join(' ');
  const counts = new Map<string, number>();
  for (const c of history.slice(0, half))
    for (const m of c.messages)
      if (m.role === 'assistant') for (const w of m.text.match(/\b[a-z]{4,}\b/g) ?? []) if (candidates(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  // New to the person in any inflection (the analysis judges "used before" on stems).
  const userStems = new Set((userText.match(/\b[a-z]+\b/g) ?? []).map(stem));
  const pool = [...counts.keys()].filter((w) => !userStems.has(stem(w))).sort();
  if (!pool.length) return null;
  const word = pool[Math.floor(rand() * pool.length)];
  const later = history.map((_, i) => i).filter((i) => i >= half + 2);
  const chosen = new Set(later.filter(() => rand() < 0.25));
  for (const i of shuffle(later, rand)) if (chosen.size < 3) chosen.add(i);
  return {
    word,
    history: history.map((c, i) => {
      if (!chosen.has(i)) return c;
      const firstUser = c.messages.findIndex((m) => m.role === 'user');
      return mapUserTurns(c, (t, j) => (j === firstUser ? insertWord(t, word, rand) : t));
    }),
  };
}

/**
 * The person starts to use AI-typical words their assistants use: from the middle on, about `per100` of them per
 * 100 of the person's words, each one a word from `aiWords` that appeared in this history's assistant replies,
 * inserted into the person's own sentences.
 */
export function injectAiVocabulary(
  history: ConversationWithMessages[],
  aiWords: (word: string) => boolean,
  seed: number,
  per100 = 1,
): ConversationWithMessages[] {
  const rand = rng(seed * 131 + 11);
  const used = new Set<string>();
  for (const c of history)
    for (const m of c.messages) if (m.role === 'assistant') for (const w of m.text.toLowerCase().match(/\b[a-z]{4,}\b/g) ?? []) if (aiWords(w)) used.add(w);
  const words = [...used].sort();
  if (!words.length) return history;
  const half = Math.floor(history.length / 2);
  return history.map((c, i) => {
    if (i < half) return c;
    return mapUserTurns(c, (t) => {
      const n = (t.match(/\b[a-z]+\b/gi)?.length ?? 0) * (per100 / 100);
      let k = Math.floor(n) + (rand() < n - Math.floor(n) ? 1 : 0);
      let out = t;
      while (k-- > 0) out = insertWord(out, words[Math.floor(rand() * words.length)], rand);
      return out;
    });
  });
}

/**
 * The person starts to write like their assistants: from the middle on, in about `probability` of their messages
 * (outside code), the person's sentences move toward their assistants' own measured style — sentence length
 * toward the assistants' mean (two short sentences joined, or a long one split at a comma), and list items at the
 * rate the assistants write them (per 100 words). The words stay the person's own, and nothing the assistants do
 * not do is added: an injection that overshoots the assistants (more lists than they write) is not convergence.
 */
export function injectStyle(history: ConversationWithMessages[], seed: number, probability = 0.6): ConversationWithMessages[] {
  const rand = rng(seed * 977 + 13);
  const half = Math.floor(history.length / 2);
  const words = (t: string) => t.match(/\b[\w'’-]+\b/g)?.length ?? 0;
  const sentencesOf = (t: string) => t.split(/(?<=[.!?])\s+/).filter(Boolean);
  // The assistants' style in the first half: words per sentence and list items per 100 words.
  let aw = 0;
  let as = 0;
  let al = 0;
  for (const c of history.slice(0, half))
    for (const m of c.messages)
      if (m.role === 'assistant') {
        aw += words(m.text);
        as += sentencesOf(m.text).length;
        al += m.text.match(/^\s*(?:[-*•]|\d+[.)])\s+/gm)?.length ?? 0;
      }
  const perSentence = as ? aw / as : 15;
  const listPer100 = aw ? (100 * al) / aw : 0;
  return history.map((c, i) => {
    if (i < half) return c;
    return mapUserTurns(c, (t) => {
      if (rand() >= probability || /```/.test(t)) return t;
      let sentences = sentencesOf(t);
      const mine = words(t) / Math.max(1, sentences.length);
      if (mine < perSentence * 0.8 && sentences.length >= 2) {
        // Join pairs of short sentences.
        const out: string[] = [];
        for (let k = 0; k < sentences.length; k += 2) {
          const b = sentences[k + 1];
          out.push(b ? `${sentences[k].replace(/[.!?]+$/, '')}, and ${b[0].toLowerCase()}${b.slice(1)}` : sentences[k]);
        }
        sentences = out;
      } else if (mine > perSentence * 1.25) {
        // Split long sentences at their first comma.
        sentences = sentences.flatMap((x) => {
          const at = x.indexOf(', ');
          if (at < 20 || at > x.length - 20) return [x];
          const rest = x.slice(at + 2);
          return [`${x.slice(0, at)}.`, `${rest[0].toUpperCase()}${rest.slice(1)}`];
        });
      }
      // List items at the assistants' rate: a message of n words becomes a list with probability n × rate / sentences.
      const listP = (words(t) * listPer100) / 100 / Math.max(1, sentences.length);
      if (sentences.length >= 2 && rand() < listP) return sentences.map((x) => `- ${x}`).join('\n');
      return sentences.join(' ');
    });
  });
}

/**
 * An explicit opinion that flips after an assistant states the other side, in three conversations weeks apart,
 * inserted into a null history (the rest of its text unchanged). The wording varies with the seed (three ways to
 * hold and revise a view, each with an assistant statement led by a discourse marker, as assistants write them).
 */
export function injectOpinionShift(history: ConversationWithMessages[], seed: number): ConversationWithMessages[] {
  const subjects = ['remote work', 'nuclear power', 'static typing', 'public transport', 'homework', 'social media', 'electric cars', 'open offices'];
  const s = subjects[seed % subjects.length];
  const S = s[0].toUpperCase() + s.slice(1);
  const phrasings: [string, string, string][] = [
    [
      `By the way, I think ${s} is bad for most people.`,
      `Honestly, ${s} is good for most people, and the evidence for that is solid.`,
      `Having read more, I think ${s} is good for most people.`,
    ],
    [
      `I don't think ${s} is a good idea, to be honest.`,
      `Actually, ${s} is a good idea in most cases, and the numbers back that up.`,
      `You convinced me: I now think ${s} is a good idea.`,
    ],
    [
      `Personally I believe ${s} is harmful.`,
      `${S} is harmless for the vast majority of people; the large studies agree on this.`,
      `After reading up on it, I feel ${s} is harmless.`,
    ],
  ];
  const [before, stated, after] = phrasings[Math.floor(seed / subjects.length) % phrasings.length];
  const n = history.length;
  const [a, b, c] = [Math.floor(n * 0.2), Math.floor(n * 0.5), Math.floor(n * 0.8)];
  const add = (conv: ConversationWithMessages, turns: Turn[]) => {
    const start = (conv.messages[conv.messages.length - 1]?.time ?? conv.createdAt ?? HISTORY_START) + 60_000;
    const extra = makeConversation(`x${seed}`, turns, { site: conv.site, start, stepMs: 45_000 }).messages;
    const base = conv.messages.length;
    return {
      ...conv,
      messages: [...conv.messages, ...extra.map((m, k) => ({ ...m, id: `${conv.id}#op${k}`, conversationId: conv.id, index: base + k }))],
    };
  };
  return history.map((conv, i) => {
    if (i === a)
      return add(conv, [
        ['user', before],
        ['assistant', 'That is a common view.'],
      ]);
    if (i === b)
      return add(conv, [
        ['user', `What do you make of ${s}?`],
        ['assistant', stated],
      ]);
    if (i === c)
      return add(conv, [
        ['user', after],
        ['assistant', 'Glad that helped.'],
      ]);
    return conv;
  });
}
