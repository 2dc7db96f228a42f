/**
 * Writes the corpus as reading batches for annotators: whole conversations, long messages shortened in the
 * middle (the act is in what the user says about the reply, not in the 3,000th character of a paste), about
 * 90 labelable user turns per batch, one split per batch. Deterministic.
 *
 *   npx tsx eval/corpus/batches.ts <corpus.jsonl.gz> <out dir> [name prefix]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sha256, type CorpusConversation } from './build';

export function readCorpus(file: string): CorpusConversation[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function shorten(text: string, head: number, tail: number): string {
  const t = text.trim();
  return t.length <= head + tail + 200 ? t : `${t.slice(0, head)}\n[… ${t.length - head - tail} characters omitted …]\n${t.slice(-tail)}`;
}

export const labelable = (c: CorpusConversation) =>
  c.messages.flatMap((m, i) => (m.role === 'user' && c.messages[i + 1]?.role === 'assistant' ? [i] : []));

if (process.argv[1]?.endsWith('batches.ts')) {
  const [file, outDir, prefix = ''] = process.argv.slice(2);
  const corpus = readCorpus(file);
  mkdirSync(outDir, { recursive: true });
  const order = (c: CorpusConversation) => sha256(`coevo-batch-1:${c.id}`);
  const index: string[] = [];
  for (const split of ['test', 'train'] as const) {
    const convs = corpus.filter((c) => c.split === split).sort((a, b) => (order(a) < order(b) ? -1 : 1));
    let batch: CorpusConversation[] = [];
    let n = 0;
    let k = 0;
    const flush = () => {
      if (!batch.length) return;
      const name = `${prefix}${split}-${String(++k).padStart(3, '0')}`;
      const text = batch.map((c) => {
        const want = labelable(c);
        return [`=== CONVERSATION ${c.id} (${c.source}) — label USER turns: ${want.join(', ')} ===`,
          ...c.messages.map((m, i) => `[${i}] ${m.role.toUpperCase()}: ${m.role === 'user' ? shorten(m.content, 1800, 500) : shorten(m.content, 1400, 500)}`)].join('\n\n');
      }).join('\n\n\n');
      writeFileSync(join(outDir, `${name}.txt`), text + '\n');
      index.push(`${name}\t${batch.length}\t${n}`);
      batch = [];
      n = 0;
    };
    for (const c of convs) {
      batch.push(c);
      n += labelable(c).length;
      if (n >= 90) flush();
    }
    flush();
  }
  writeFileSync(join(outDir, `${prefix}index.tsv`), index.join('\n') + '\n');
  console.log(`${index.length} batches → ${outDir}`);
}
