/**
 * Trains the learned back-off of the pushback tagger (analysis/dialogue/pushback-model.ts) on the labelled
 * dev, held-out and test splits — never on `final` — and writes analysis/dialogue/pushback-model.json.
 * Deterministic: fixed example order, plain batch-free SGD with L2, no randomness. The threshold is the
 * smallest of 0.5/0.6/0.7/0.8/0.9 whose 5-fold cross-validated precision (rules ∪ model, folds by
 * conversation) is at least 0.9.
 *
 *   npx tsx eval/train-pushback-model.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { hash53 } from '../model/ids';
import { parseLabelFile } from './chat-format';
import { pushbackFeatures, probability, type PushbackModel } from '../analysis/dialogue/pushback-model';
import { askedTheUser, detectCuePushback } from '../analysis/taggers/pushback';

const here = dirname(fileURLToPath(import.meta.url));
const SPLITS = ['dev', 'heldout', 'test'];
const EPOCHS = 30;
const RATE = 0.3;
const L2 = 1e-3;
/** Weights smaller than this are dropped from the shipped model (they change no decision at the threshold). */
const PRUNE = 0.08;

interface Example {
  features: string[];
  y: number;
  cue: boolean;
  group: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const split of SPLITS) {
    const items = parseLabelFile(readFileSync(join(here, `labels/${split}.jsonl`), 'utf8'), split);
    for (const it of items) {
      for (const l of it.labels) {
        const pos = it.conversation.messages.findIndex((m) => m.id === l.messageId);
        if (l.type !== 'user-pushback' || pos < 1) continue;
        const prev = it.conversation.messages[pos - 1].text;
        const user = it.conversation.messages[pos].text;
        out.push({
          features: pushbackFeatures(prev, user, askedTheUser(prev)),
          y: l.value ? 1 : 0,
          cue: !!detectCuePushback(prev, user),
          group: it.conversation.id.replace(/#rejected$/, ''),
        });
      }
    }
  }
  return out;
}

export function train(ex: readonly Example[]): Record<string, number> {
  const w: Record<string, number> = {};
  for (let e = 0; e < EPOCHS; e++) {
    for (const { features, y } of ex) {
      let z = 0;
      for (const f of features) z += w[f] ?? 0;
      const g = 1 / (1 + Math.exp(-z)) - y;
      for (const f of features) w[f] = (w[f] ?? 0) * (1 - RATE * L2) - RATE * g;
    }
  }
  return w;
}

function precision(ex: readonly Example[], p: readonly number[], th: number): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  ex.forEach((e, i) => {
    const pred = e.cue || p[i] >= th;
    if (pred && e.y) tp++;
    else if (pred) fp++;
    else if (e.y) fn++;
  });
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ex = examples();
  const fold = (g: string) => parseInt(hash53(g), 36) % 5;
  const cv = new Array<number>(ex.length).fill(0);
  for (let k = 0; k < 5; k++) {
    const w = train(ex.filter((e) => fold(e.group) !== k));
    const m: PushbackModel = { threshold: 1, trainedOn: '', weights: w };
    ex.forEach((e, i) => {
      if (fold(e.group) === k) cv[i] = probability(m, e.features);
    });
  }
  const ths = [0.5, 0.6, 0.7, 0.8, 0.9];
  for (const th of ths) {
    const s = precision(ex, cv, th);
    process.stdout.write(`cv th=${th}: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)}\n`);
  }
  const threshold = ths.find((th) => precision(ex, cv, th).precision >= 0.9) ?? 0.9;
  const full = train(ex);
  const weights: Record<string, number> = {};
  for (const k of Object.keys(full).sort()) if (Math.abs(full[k]) >= PRUNE) weights[k] = Math.round(full[k] * 1000) / 1000;
  const model: PushbackModel = { threshold, trainedOn: `${SPLITS.join('+')} (${ex.length} user turns, ${ex.filter((e) => e.y).length} pushbacks)`, weights };
  writeFileSync(join(here, '../analysis/dialogue/pushback-model.json'), JSON.stringify(model) + '\n');
  process.stdout.write(`threshold ${threshold}, ${Object.keys(weights).length} weights written\n`);
}
