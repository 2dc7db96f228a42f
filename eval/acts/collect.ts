/**
 * Brings annotators' batch files into the repository's label files, adding each label's provenance (the
 * message's SHA-256 from the corpus, the annotator, the batch):
 *
 *   npx tsx eval/acts/collect.ts <annotation dir>
 *
 * `<batch>.<annotator>.jsonl` files from annotators A1…A6 (first annotation, one per batch) become
 * eval/labels/acts/{train,test}.jsonl; annotator B's (the independent second annotation of part of the test
 * split) become second.jsonl, and the first annotation of those same turns first.jsonl. Where eval/labels/acts/adjudication.jsonl settles a disagreement, the settled
 * label replaces the first annotator's (the note says who settled it and why).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, LABEL_DIR, readLabels, type ActLabel } from './data';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx eval/acts/collect.ts <annotation dir>');
  process.exit(2);
}
const all = corpus();
const out: Record<'train' | 'test' | 'first' | 'second', ActLabel[]> = { train: [], test: [], first: [], second: [] };
for (const f of readdirSync(dir)
  .filter((f) => /^(?:[a-z]+-)?(?:train|test)-\d+\.\w+\.jsonl$/.test(f))
  .sort()) {
  const [batch, annotator] = f.split('.');
  for (const raw of readLabels(join(dir, f)) as any[]) {
    const c = all.get(raw.conv);
    if (!c) throw new Error(`${f}: unknown conversation ${raw.conv}`);
    const label: ActLabel & { batch: string } = {
      conv: raw.conv,
      i: raw.i,
      sha256: c.messages[raw.i].sha256,
      pushback: raw.pushback,
      concession: raw.concession,
      delegation: raw.delegation,
      outcome: raw.outcome,
      annotator,
      why: raw.why,
      batch,
    };
    if (annotator === 'B') out.second.push(label);
    else out[c.split].push(label);
  }
}
// The first annotation of the doubly annotated turns, kept as it was for the agreement figures.
const doubled = new Set(out.second.map((l) => `${l.conv}#${l.i}`));
out.first = out.test.filter((l) => doubled.has(`${l.conv}#${l.i}`));
const adjFile = join(LABEL_DIR, 'adjudication.jsonl');
if (existsSync(adjFile)) {
  const settled = new Map(readLabels(adjFile).map((l) => [`${l.conv}#${l.i}`, l]));
  out.test = out.test.map((l) => settled.get(`${l.conv}#${l.i}`) ?? l);
}
const key = (l: ActLabel) => `${l.conv}#${String(l.i).padStart(4, '0')}`;
for (const [name, labels] of Object.entries(out)) {
  labels.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  writeFileSync(join(LABEL_DIR, `${name}.jsonl`), labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  console.log(`${name}: ${labels.length} labelled user turns`);
}
