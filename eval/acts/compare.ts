/**
 * The act report (as `npm run eval` prints it) for two act models on the same labelled split, for a before/after:
 *
 *   npx tsx eval/acts/compare.ts <before-weights.json> [--split test|train]
 *
 * The "after" model is the shipped one (analysis/acts/weights.json). Both are scored by the current feature code:
 * features a model has no weight for count zero, so older weights score exactly as they did when they shipped.
 * Used once per model change on the frozen test split, after every choice was made on the training split.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACT_MODEL, loadModel, type Act, type ActModel, type StoredActModel } from '../../analysis/acts/model';
import { DEFAULT_MIN_CONFIDENCE } from '../../analysis/acts/tags';
import { LABEL_DIR, loadSplit, readLabels } from './data';
import { ACTS, formatActReport, itemsOf, kappa, scoreAct, type ActScore } from './report';

const args = process.argv.slice(2);
const before = args.find((a) => !a.startsWith('--'));
const split = args.includes('--split') && args[args.indexOf('--split') + 1] === 'train' ? 'train' : 'test';
if (!before) {
  console.error('usage: npx tsx eval/acts/compare.ts <before-weights.json> [--split test|train]');
  process.exit(2);
}
const convs = loadSplit(split);
const first = readLabels(join(LABEL_DIR, 'first.jsonl'));
const second = readLabels(join(LABEL_DIR, 'second.jsonl'));
const kappas = Object.fromEntries(ACTS.map((a) => [a, kappa(first, second, a)]));
const turns = convs.reduce((n, c) => n + c.labels.length, 0);
for (const [name, model] of [
  ['before', loadModel(JSON.parse(readFileSync(before, 'utf8')) as StoredActModel)],
  ['after (shipped)', ACT_MODEL],
] as [string, ActModel][]) {
  const items = itemsOf(convs, model);
  const scores = Object.fromEntries(ACTS.map((a) => [a, scoreAct(items[a], DEFAULT_MIN_CONFIDENCE)])) as Record<Act, ActScore>;
  process.stdout.write(
    formatActReport(`${name} — ${split} split: ${turns} labelled user turns in ${convs.length} conversations`, scores, kappas, items, model) + '\n',
  );
}
