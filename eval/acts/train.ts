/**
 * `npm run train`: trains the conversational-act model (analysis/acts/model.ts) on the TRAIN split of the
 * labelled real dialogue (eval/labels/acts/train.jsonl) — never on the test split — and writes
 * analysis/acts/weights.json. Deterministic: the same labels and seed give byte-identical weights (a test
 * checks the committed weights are what this produces).
 *
 * 1. User-turn heads (pushback, concession, delegation): logistic regression; the L2 strength is chosen per
 *    head by 5-fold cross-validation grouped by conversation (out-of-fold log loss). The pushback head also reads
 *    the opening of the reply after the turn (features.ts nextReplyFeatures); the other two read the turn only.
 * 2. Outcome heads (capitulation / held position given a pushback): trained on the replies that follow
 *    labelled pushbacks; the tag probability is P(pushback) × P(outcome | pushback), so a missed pushback
 *    lowers an outcome's probability instead of hiding it.
 * 3. Calibration: Platt scaling of each act's out-of-fold probabilities; thresholds: best out-of-fold F1.
 *
 * The features, the epochs and the model form were chosen by grouped cross-validation on this training split
 * (eval/acts/cv.ts, which prints the comparison), never on the test split.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextReplyFeatures, replyFeatures, userTurnFeatures } from '../../analysis/acts/features';
import { USER_ACTS, storeModel, type Act, type ActModel, type Head, type UserAct } from '../../analysis/acts/model';
import { loadSplit, type ActLabel, type LabelledConversation } from './data';
import { bestThreshold, calibrated, fitPlatt, foldOf, logLoss, predict, trainLogReg, type Example, type Trained, Vocab } from './logreg';

const SEED = 20261202;
const FOLDS = 5;
/** Passes over the data: 3 gave the lowest cross-validated log loss and the highest average precision of 3, 6 and 12 for every head (eval/acts/cv.ts). */
const EPOCHS = 3;
const L2_GRID = [1e-4, 1e-3, 1e-2];
/** A feature must occur in at least this many training examples to get a weight. */
const MIN_COUNT = 2;
/**
 * An act with fewer positive training examples than this is not tagged at all: a model cannot learn it, and
 * a calibration fitted on a handful of positives would claim a certainty nobody measured.
 */
export const MIN_POSITIVES = 30;

interface Raw {
  features: string[];
  /** Features of the reply after a user turn, for the pushback head (nextReplyFeatures). */
  next?: string[];
  group: string;
  label: ActLabel;
}

const flag = (v: 0 | 1 | '?') => (v === '?' ? null : v);

function examplesFor(rows: readonly Raw[], vocab: Vocab, y: (l: ActLabel) => 0 | 1 | null): Example[] {
  const out: Example[] = [];
  for (const r of rows) {
    const v = y(r.label);
    if (v !== null) out.push({ x: vocab.encode(r.features), y: v, group: r.group });
  }
  return out;
}

/** Out-of-fold predictions for `examples`, with the L2 strength that gives the lowest out-of-fold log loss. */
function crossValidate(examples: readonly Example[], nFeatures: number): { l2: number; oof: number[] } {
  let best: { l2: number; oof: number[]; loss: number } | null = null;
  for (const l2 of L2_GRID) {
    const oof = new Array<number>(examples.length).fill(0);
    for (let k = 0; k < FOLDS; k++) {
      const train = examples.filter((e) => foldOf(e.group, FOLDS) !== k);
      const m = trainLogReg(train, nFeatures, { l2, epochs: EPOCHS, seed: SEED + k });
      examples.forEach((e, i) => {
        if (foldOf(e.group, FOLDS) === k) oof[i] = predict(m, e.x);
      });
    }
    const loss = logLoss(
      oof,
      examples.map((e) => e.y),
    );
    if (!best || loss < best.loss - 1e-9) best = { l2, oof, loss };
  }
  return best!;
}

function toHead(m: Trained, vocab: Vocab): Head {
  // Rounded as shipped (10⁻⁴), so the trained model and the loaded one score alike.
  // Weights below 10⁻³ are dropped: they move no probability and would only grow the shipped file.
  return { bias: Math.round(m.bias * 1e4) / 1e4, index: vocab.ids, w: Float32Array.from(m.w, (x) => (Math.abs(x) < 1e-3 ? 0 : Math.round(x * 1e4) / 1e4)) };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function trainActModel(train: readonly LabelledConversation[]): ActModel {
  // --- user turns ---
  const replyOf = (c: LabelledConversation, i: number) => (c.turns[i + 1]?.role === 'assistant' ? replyFeatures(c.turns, i + 1) : null);
  const replyByTurn = new Map<string, string[] | null>();
  for (const c of train) for (const l of c.labels) replyByTurn.set(`${c.id}#${l.i}`, replyOf(c, l.i));
  const userRows: Raw[] = train.flatMap((c) =>
    c.labels.map((l) => ({ features: userTurnFeatures(c.turns, l.i), next: nextReplyFeatures(replyByTurn.get(`${c.id}#${l.i}`)!), group: c.id, label: l })),
  );
  const userVocab = new Vocab(
    userRows.map((r) => [...r.features, ...r.next!]),
    MIN_COUNT,
  );
  const heads = {} as ActModel['heads'];
  const calibration = {} as Record<Act, { a: number; b: number }>;
  const thresholds = {} as Record<Act, number>;
  const settings: string[] = [];
  /** Calibrated out-of-fold pushback probability per labelled user turn (conv#i). */
  const oofPushback = new Map<string, number>();
  const disabled: Partial<Record<Act, string>> = {};
  for (const act of USER_ACTS) {
    const rows = act === 'pushback' ? userRows.map((r) => ({ ...r, features: [...r.features, ...r.next!] })) : userRows;
    const ex = examplesFor(rows, userVocab, (l) => flag(l[act]));
    const positives = ex.filter((e) => e.y).length;
    if (positives < MIN_POSITIVES) disabled[act] = `${positives} positive examples in ${ex.length} labelled training turns (at least ${MIN_POSITIVES} needed)`;
    const cv = crossValidate(ex, userVocab.names.length);
    const ys = ex.map((e) => e.y);
    const platt = fitPlatt(cv.oof, ys);
    calibration[act] = { a: round(platt.a), b: round(platt.b) };
    const cal = cv.oof.map((p) => calibrated(calibration[act], p));
    thresholds[act] = bestThreshold(cal, ys);
    heads[act as UserAct] = toHead(trainLogReg(ex, userVocab.names.length, { l2: cv.l2, epochs: EPOCHS, seed: SEED }), userVocab);
    settings.push(`${act} l2=${cv.l2}`);
    if (act === 'pushback') {
      let j = 0;
      for (const r of userRows) if (flag(r.label.pushback) !== null) oofPushback.set(`${r.group}#${r.label.i}`, cal[j++]);
    }
  }

  // --- replies ---
  const replyRows: Raw[] = train.flatMap((c) =>
    c.labels.filter((l) => c.turns[l.i + 1]?.role === 'assistant').map((l) => ({ features: replyByTurn.get(`${c.id}#${l.i}`)!, group: c.id, label: l })),
  );
  const afterPushback = replyRows.filter((r) => r.label.pushback === 1 && r.label.outcome !== '?');
  const replyVocab = new Vocab(
    afterPushback.map((r) => r.features),
    MIN_COUNT,
  );
  /** Replies scored for the final tags: every labelled reply whose label is decided. */
  const scored = replyRows.filter((r) => r.label.pushback !== '?' && r.label.outcome !== '?' && oofPushback.has(`${r.group}#${r.label.i}`));
  for (const [act, head, want] of [
    ['capitulation', 'capGivenPushback', 'cap'],
    ['held', 'heldGivenPushback', 'held'],
  ] as const) {
    const ex = examplesFor(afterPushback, replyVocab, (l) => (l.outcome === want ? 1 : 0));
    const positives = ex.filter((e) => e.y).length;
    if (positives < MIN_POSITIVES)
      disabled[act] = `${positives} positive examples in ${ex.length} labelled replies to pushback (at least ${MIN_POSITIVES} needed)`;
    const cv = crossValidate(ex, replyVocab.names.length);
    // Out-of-fold P(outcome | pushback) for every scored reply, from the fold model that never saw its conversation.
    const foldModels = Array.from({ length: FOLDS }, (_, k) =>
      trainLogReg(
        ex.filter((e) => foldOf(e.group, FOLDS) !== k),
        replyVocab.names.length,
        { l2: cv.l2, epochs: EPOCHS, seed: SEED + k },
      ),
    );
    const raw = scored.map((r) => oofPushback.get(`${r.group}#${r.label.i}`)! * predict(foldModels[foldOf(r.group, FOLDS)], replyVocab.encode(r.features)));
    const ys = scored.map((r) => (r.label.pushback === 1 && r.label.outcome === want ? 1 : 0));
    const platt = fitPlatt(raw, ys);
    calibration[act] = { a: round(platt.a), b: round(platt.b) };
    thresholds[act] = bestThreshold(
      raw.map((p) => calibrated(calibration[act], p)),
      ys,
    );
    heads[head] = toHead(trainLogReg(ex, replyVocab.names.length, { l2: cv.l2, epochs: EPOCHS, seed: SEED }), replyVocab);
    settings.push(`${act} l2=${cv.l2}`);
  }
  const turns = train.reduce((n, c) => n + c.labels.length, 0);
  return {
    trainedOn: `eval/labels/acts/train.jsonl: ${turns} labelled user turns in ${train.length} conversations; seed ${SEED}; ${settings.join(', ')}`,
    heads,
    calibration,
    thresholds,
    disabled,
  };
}

export const WEIGHTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../analysis/acts/weights.json');

export function serialize(model: ActModel): string {
  return JSON.stringify(storeModel(model)) + '\n';
}

if (process.argv[1]?.endsWith('train.ts')) {
  const t0 = Date.now();
  const model = trainActModel(loadSplit('train'));
  writeFileSync(WEIGHTS_FILE, serialize(model));
  const stored = storeModel(model);
  const n = Object.values(stored.heads).reduce((s, h) => s + h.w.filter((x) => x !== 0).length, 0);
  console.log(
    `${model.trainedOn}\n${n} weights → analysis/acts/weights.json (${(serialize(model).length / 1024).toFixed(0)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log('thresholds', model.thresholds);
}
