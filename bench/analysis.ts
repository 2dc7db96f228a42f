/**
 * `npm run bench:analysis`: the whole analysis on a realistic 5,000-conversation history built from real
 * dialogue (HH-RLHF + OpenAssistant turns spread over a year and four assistants, deterministic seed), next to a
 * bare tokenizer pass over the same text in the same run; then the incremental cost of one new message.
 * Targets (issue 4): ≥ 1/3 of the bare tokenizer's throughput, < 30 s in total, < 50 ms per new message.
 */
import { syntheticHistory } from './corpus';
import { tokenize } from '../analysis/text/tokenize';
import { analyze, analyzeConversation, buildHistoryState, currentPath, sortByTime } from '../analysis/engine';
import { features } from '../analysis/features';
import { CONVERSATION_TAGGERS, HISTORY_TAGGERS } from '../analysis/registry';
import type { Tagger } from '../analysis/types';
import { makeConversation } from '../analysis/testing';
import type { ConversationWithMessages } from '../model/types';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { loadModel, type StoredActModel } from '../analysis/acts/model';

const N = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const opts = { seed: 2024, aiShift: { from: 0.6, probability: 0.15 }, styleShift: { from: 0.8 } };
/**
 * The history as the analysis meets it in real use: read back from IndexedDB (structured clone) or parsed from a
 * file, i.e. flat strings. The generator builds texts by concatenation (V8 rope strings, on which every char-code
 * read takes a slow path); cloning flattens them, for the tokenizer baseline and the analysis alike.
 */
const history = () => structuredClone(syntheticHistory({ conversations: N, ...opts }));

function tokenizerPass(convs: ConversationWithMessages[]): number {
  let tokens = 0;
  for (const c of convs) for (const m of c.messages) tokens += tokenize(m.text).words.length;
  return tokens;
}

/**
 * Wall-clock and CPU milliseconds. The machine is shared (other jobs may hold the cores), so CPU time is the
 * steadier figure under load; it also counts the garbage collector's helper threads, so both ratios are printed.
 */
function time<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, performance.now() - t0, (c.user + c.system) / 1000];
}

// Warm up both code paths on a small, separate history so the JIT is fair to both.
const warm = syntheticHistory({ conversations: 300, ...opts, seed: 7 });
tokenizerPass(warm);
analyze(syntheticHistory({ conversations: 300, ...opts, seed: 8 }));

let convsA: ConversationWithMessages[] | null = history();
const messages = convsA.reduce((s, c) => s + c.messages.length, 0);
const [tokens, tokMs, tokCpu] = time(() => tokenizerPass(convsA!));
// Release the tokenizer's copy so both passes start from a similar heap.
convsA = null;
// A fresh copy for the analysis: nothing cached from the tokenizer pass.
const convsB = history();
const [result, anaMs, anaCpu] = time(() => analyze(convsB));

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const ratio = tokCpu / anaCpu;
const row = (name: string, wall: number, cpu: number) =>
  `${name.padEnd(15)} wall ${wall.toFixed(0).padStart(6)} ms  cpu ${cpu.toFixed(0).padStart(6)} ms   ${rate(messages, cpu).padStart(8)} messages/s  ${rate(tokens, cpu).padStart(10)} tokens/s (cpu)`;
const lines = [
  `history: ${N.toLocaleString('en-US')} conversations, ${messages.toLocaleString('en-US')} messages, ${tokens.toLocaleString('en-US')} tokens (real HH-RLHF/OASST text, seed ${opts.seed})`,
  `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start`,
  '',
  row('bare tokenizer', tokMs, tokCpu),
  row('full analysis', anaMs, anaCpu),
  `throughput ratio analysis/tokenizer: cpu ${ratio.toFixed(2)}, wall ${(tokMs / anaMs).toFixed(2)} (target ≥ 0.33; cpu includes parallel GC threads)   whole history: ${(anaMs / 1000).toFixed(1)} s wall, ${(anaCpu / 1000).toFixed(1)} s cpu (target < 30 s)`,
  `tags: ${result.tags.length} (${Object.entries(result.summary.totals.tags)
    .filter(([, n]) => n)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')})`,
];

// Where the time goes: the shared per-message features first, then each tagger alone on the same (cached) text.
const convsD = sortByTime(history().map(currentPath));
const [, featMs, featCpu] = time(() => {
  for (const c of convsD) for (const m of c.messages) features(m);
});
const parts = [`  features (tokenize, intern, classes, marks)  cpu ${featCpu.toFixed(0).padStart(6)} ms  (wall ${featMs.toFixed(0)})`];
for (const [id, t] of Object.entries({ ...HISTORY_TAGGERS, ...CONVERSATION_TAGGERS }) as [string, Tagger][]) {
  const [, ms, cpu] = time(() => {
    if (t.kind === 'history') t.run(convsD, { version: 1 });
    else for (const c of convsD) t.run(c, { version: 1 });
  });
  parts.push(`  ${id.padEnd(44)} cpu ${cpu.toFixed(0).padStart(6)} ms  (wall ${ms.toFixed(0)})`);
}
lines.push('', 'breakdown (each part alone, features cached after the first line):', ...parts);

// Loading the act model, as the background does at start: parse the shipped weights and build its indexes,
// next to parsing the same text alone (the floor any format of these weights pays).
const weightsText = readFileSync(new URL('../analysis/acts/weights.json', import.meta.url), 'utf8');
const loadTimes: number[] = [];
const parseTimes: number[] = [];
for (let k = 0; k < 7; k++) {
  parseTimes.push(time(() => JSON.parse(weightsText))[1]);
  loadTimes.push(time(() => loadModel(JSON.parse(weightsText) as StoredActModel))[1]);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
lines.push(
  '',
  `act model load (${(weightsText.length / 1024).toFixed(0)} KB of weights): median ${med(loadTimes).toFixed(1)} ms wall, vs JSON.parse alone ${med(parseTimes).toFixed(1)} ms (target < 200 ms)`,
);

// Incremental: the state of the whole history, then new messages arriving one by one.
const convsC = sortByTime(history());
const [state, buildMs] = time(() => buildHistoryState(convsC));
const last = convsC[convsC.length - 1];
const t0 = (last.updatedAt ?? 0) + 60_000;
const newConv = makeConversation('bench-new', [['user', 'Could you help me plan a small vegetable garden for a shady backyard?']], {
  site: 'claude',
  start: t0,
});
const samples: number[] = [];
const cpuSamples: number[] = [];
let conv = newConv;
const replies: ['user' | 'assistant', string][] = [
  [
    'assistant',
    'Sure. In shade, leafy greens do best: lettuce, spinach, kale and chard tolerate three to four hours of sun. Herbs such as mint and parsley also cope well.',
  ],
  ['user', 'Nice, I think kale is a good idea. What about tomatoes?'],
  ['assistant', 'Tomatoes need at least six to eight hours of direct sun, so a shady yard is a poor fit; cherry varieties in a sunny container might work.'],
  ['user', 'Ok, containers then. How often should I water the leafy greens?'],
];
for (let i = 0; i < 40; i++) {
  const [role, text] = replies[i % replies.length];
  const msgs = conv.messages;
  const next = makeConversation('bench-new', [...msgs.map((m) => [m.role, m.text] as [typeof role, string]), [role, `${text}`]], { site: 'claude', start: t0 });
  // Keep the already-fed message objects (as the store would hand back the same rows) and append the new one.
  conv = { ...next, messages: [...msgs, next.messages[next.messages.length - 1]] };
  const [r, ms, cpu] = time(() => analyzeConversation(conv, state));
  if (r.rebuild) throw new Error('unexpected rebuild');
  samples.push(ms);
  cpuSamples.push(cpu);
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
lines.push(
  '',
  `incremental: state built from the history in ${(buildMs / 1000).toFixed(1)} s; one new message (${samples.length} in a row):`,
  `  wall ${stats(samples)}`,
  `  cpu  ${stats(cpuSamples)}   (target < 50 ms)`,
  `heap used: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
);
process.stdout.write(`${lines.join('\n')}\n`);
