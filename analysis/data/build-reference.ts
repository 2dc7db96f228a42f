/**
 * Regenerates `analysis/data/reference.ts` (run by a maintainer, not at build time):
 *   npx tsx analysis/data/build-reference.ts <popular-english-words words.js> [shared data folder]
 *
 * 1. General English: the 50,000 most frequent words of English Wikipedia (about 80 GB of text, early 2021), from
 *    `popular-english-words` (ISC, tkoop/popular-english-words), letters-only words in rank order.
 * 2. Assistant vs human text: per word, its rate in assistant turns against its rate in human turns of real
 *    dialogue — the `train` split of eval/corpus/convo-topo.jsonl.gz (Chatbot Arena + WildChat; the `test` split the
 *    null histories are built from is never read here), plus HH-RLHF and OpenAssistant from the shared data folder
 *    when it is there. Code blocks and inline code are dropped first.
 *    - ASSISTANT_WORDS: words assistants over-use (rate ratio ≥ 3 with 0.5 added to both counts, ≥ 15 uses in
 *      ≥ 8 different assistant replies' conversations): the assistants' distinctive vocabulary.
 *    - PUBLISHED_COUNTS: how often assistants and people used each published AI-favoured word there.
 *    - NEUTRAL_WORDS: words both sides use alike (ratio between 0.67 and 1.5, ≥ 15 assistant and ≥ 10 human uses,
 *      not on a published AI list): the pool control words for the AI-vocabulary counterfactual are drawn from.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../../eval/corpus/batches';
import { AI_WORD_LISTS } from './lists';

const HERE = dirname(fileURLToPath(import.meta.url));
const [wordsJs, shared = '/work/shared/data'] = process.argv.slice(2);
if (!wordsJs) throw new Error('usage: build-reference.ts <popular-english-words/words.js> [shared data folder]');

const GENERAL_TOP = 50_000;
const general = (readFileSync(wordsJs, 'utf8').match(/'([a-z]+)'/g) ?? []).map((q) => q.slice(1, -1));
const seen = new Set<string>();
const top: string[] = [];
for (const w of general) if (!seen.has(w) && (seen.add(w), top.length < GENERAL_TOP)) top.push(w);

type Turn = { role: 'user' | 'assistant'; text: string };
const dialogues: Turn[][] = [];
for (const c of readCorpus(join(HERE, '../../eval/corpus/convo-topo.jsonl.gz')))
  if (c.split === 'train') dialogues.push(c.messages.map((m) => ({ role: m.role === 'user' ? 'user' : 'assistant', text: m.content })));
let sources = 'convo-topo train';
if (existsSync(join(shared, 'hh_rlhf_harmless_base_test.jsonl.gz'))) {
  for (const line of gunzipSync(readFileSync(join(shared, 'hh_rlhf_harmless_base_test.jsonl.gz'))).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const parts = (JSON.parse(line).chosen as string).split(/\n\n(Human|Assistant): /).slice(1);
    const d: Turn[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) d.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', text: parts[i + 1] });
    dialogues.push(d);
  }
  type Node = { text: string; role: string; replies?: Node[] };
  const walk = (n: Node, d: Turn[]) => {
    d.push({ role: n.role === 'prompter' ? 'user' : 'assistant', text: n.text });
    for (const r of n.replies ?? []) walk(r, d);
  };
  for (const line of readFileSync(join(shared, 'oasst1_en_100_tree.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d: Turn[] = [];
    walk(JSON.parse(line).prompt, d);
    dialogues.push(d);
  }
  sources += ' + HH-RLHF harmless-base test + OASST en_100_tree';
}

const counts = { user: new Map<string, number>(), assistant: new Map<string, number>() };
const convs = new Map<string, number>();
const tokens = { user: 0, assistant: 0 };
for (const d of dialogues) {
  const inConv = new Set<string>();
  for (const t of d) {
    const prose = t.text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
    for (const raw of prose.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? []) {
      const w = raw.toLowerCase();
      tokens[t.role]++;
      counts[t.role].set(w, (counts[t.role].get(w) ?? 0) + 1);
      if (t.role === 'assistant') inConv.add(w);
    }
  }
  for (const w of inConv) convs.set(w, (convs.get(w) ?? 0) + 1);
}

const published = new Set<string>(Object.values(AI_WORD_LISTS).flat());
const assistantWords: [string, number][] = [];
const neutral: string[] = [];
for (const [w, a] of counts.assistant) {
  const u = counts.user.get(w) ?? 0;
  const ratio = ((a + 0.5) / tokens.assistant) / ((u + 0.5) / tokens.user);
  if (w.length < 3 || w.includes("'")) continue;
  // Spread over many conversations, few uses in each: a habit of assistants, not the subject of a few chats.
  const k = convs.get(w) ?? 0;
  if (ratio >= 3 && a >= 15 && k >= 10 && a / k <= 2) assistantWords.push([w, Math.round(ratio * 10) / 10]);
  else if (ratio >= 0.67 && ratio <= 1.5 && a >= 15 && u >= 10 && !published.has(w)) neutral.push(w);
}
const publishedCounts: [string, number, number][] = [...published]
  .filter((w) => counts.assistant.has(w) || counts.user.has(w))
  .sort()
  .map((w) => [w, counts.assistant.get(w) ?? 0, counts.user.get(w) ?? 0]);
assistantWords.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
neutral.sort();

const out = `/**
 * Reference word data, generated by analysis/data/build-reference.ts (do not edit by hand; provenance and licences in
 * analysis/data/README.md).
 */
/* eslint-disable */
/** The ${top.length.toLocaleString('en-US')} most frequent words of English Wikipedia (popular-english-words, ISC), space-separated, rank order. */
export const GENERAL_ENGLISH = ${JSON.stringify(top.join(' '))};

/** Words assistants over-use against human turns of real dialogue (${sources}; ${tokens.assistant} assistant / ${tokens.user} human tokens): [word, rate ratio]. */
export const ASSISTANT_WORDS: readonly [string, number][] = ${JSON.stringify(assistantWords)};

/** Published AI-favoured words seen in that dialogue: [word, assistant uses, human uses]. */
export const PUBLISHED_COUNTS: readonly [string, number, number][] = ${JSON.stringify(publishedCounts)};

/** Assistant and human tokens of that dialogue. */
export const REFERENCE_TOKENS = ${JSON.stringify(tokens)};

/** Words assistants and people use at about the same rate in the same dialogues (control-word pool). */
export const NEUTRAL_WORDS: readonly string[] = ${JSON.stringify(neutral)};
`;
writeFileSync(join(HERE, 'reference.ts'), out);
console.log(`general ${top.length}, assistant words ${assistantWords.length}, neutral ${neutral.length}; tokens`, tokens);
console.log(assistantWords.slice(0, 80).map(([w, r]) => `${w}:${r}`).join(' '));
