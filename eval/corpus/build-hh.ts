/**
 * The second, less typical stratum of the act corpus: Anthropic HH-RLHF (harmless-base test, red-team dialogues
 * with a 2022 Anthropic model; MIT) and OpenAssistant en_100_tree (volunteer-written; Apache-2.0), from the
 * shared data folder. Sampled on purpose for the rare acts: a conversation is kept when one of its user turns
 * matches a deliberately broad pattern for delegation, concession, or a challenge whose reply could hold or
 * give way (much looser than any tagger), plus a uniform 10 % of the rest. Same split hash as build.ts.
 *
 *   npx tsx eval/corpus/build-hh.ts <shared data dir> [out.jsonl.gz]
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadHH, loadOasst, HH_FILE, OASST_FILE } from '../sources';
import { sha256, splitOf, type CorpusConversation } from './build';

const CANDIDATE =
  /\b(?:should i|which (?:one|is better|would you|should)|what do you think|do you think (?:i|my|it|that)|would you (?:pick|choose|go|recommend)|is (?:it|this|that) (?:ok|okay|a good idea|better|wise|bad|wrong)|for me\b|my (?:plan|idea|essay|poem|story|name|choice)|you'?re right|fair enough|good point|makes sense|i guess|i didn'?t (?:know|think)|i see|never thought|i agree|true|really\?|are you sure|that'?s (?:not|wrong)|no[,.!]|but\b|why (?:not|would|do|are))/i;

function keep(c: { id: string; messages: { role: string; content: string }[] }): boolean {
  if (c.messages.some((m, i) => m.role === 'user' && i > 0 && CANDIDATE.test(m.content))) return true;
  return parseInt(sha256(`coevo-hh-uniform:${c.id}`).slice(0, 8), 16) / 2 ** 32 < 0.1;
}

if (process.argv[1]?.endsWith('build-hh.ts')) {
  const [dataDir, outFile = 'eval/corpus/hh-oasst.jsonl.gz'] = process.argv.slice(2);
  if (!dataDir) { console.error('usage: npx tsx eval/corpus/build-hh.ts <shared data dir> [out.jsonl.gz]'); process.exit(2); }
  const out: CorpusConversation[] = [];
  const seen = new Set<string>();
  for (const [src, dialogues, path] of [['hh-rlhf', loadHH(dataDir), `harmless-base/test.jsonl.gz (${HH_FILE})`], ['oasst', loadOasst(dataDir), `model/model_eval/manual/data/en_100_tree.jsonl (${OASST_FILE})`]] as const) {
    for (const d of dialogues) {
      const key = d.messages.map((m) => m.content.trim().slice(0, 200)).join('|');
      if (seen.has(key) || !keep(d)) continue;
      seen.add(key);
      out.push({
        id: d.id,
        source: src as CorpusConversation['source'],
        repo: (src === 'hh-rlhf' ? 'anthropics/hh-rlhf' : 'LAION-AI/Open-Assistant') as CorpusConversation['repo'],
        path: `${path} line ${d.source.line}${d.source.messageId ? ` message ${d.source.messageId}` : ''}`,
        split: splitOf(d.id),
        messages: d.messages.map((m) => ({ role: m.role, content: m.content, sha256: sha256(m.content) })),
      });
    }
  }
  // OpenAssistant gives one dialogue per follow-up: keep only the longest path, so no turn is labelled twice.
  const sig = (c: CorpusConversation) => c.messages.map((m) => m.sha256).join(',');
  const sigs = out.map(sig);
  const maximal = out.filter((c, i) => !sigs.some((t, j) => j !== i && t.length > sigs[i].length && t.startsWith(sigs[i] + ',')));
  out.length = 0;
  out.push(...maximal);
  writeFileSync(outFile, gzipSync(out.map((c) => JSON.stringify(c)).join('\n') + '\n', { level: 9 }));
  const turns = (s: string) => out.filter((c) => c.split === s).reduce((n, c) => n + c.messages.filter((m, i) => m.role === 'user' && c.messages[i + 1]?.role === 'assistant').length, 0);
  console.log(`${out.length} conversations; user turns with a reply: train ${turns('train')}, test ${turns('test')} → ${outFile}`);
}
