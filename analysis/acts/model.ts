/**
 * The learned conversational-act model: calibrated probabilities for the five acts of the codebook
 * (../shared/reference/codebook.md) on every user turn and every assistant reply of a conversation.
 *
 * - User turn → P(pushback), P(concession), P(delegation): one logistic regression each over the features of
 *   features.ts. The pushback head also reads the opening of the reply that follows, when there is one (an apology,
 *   "you're right", a changed answer): the turn is re-scored when its reply arrives.
 * - Assistant reply → P(capitulation), P(held position): the pushback probability of the user turn before it
 *   times the probability of each outcome given a pushback (a logistic regression over the reply's features,
 *   trained on the replies that follow labelled pushbacks). The pushback probability is an input, not a gate:
 *   a missed pushback lowers the outcome's probability instead of losing it.
 * - Every probability is calibrated (Platt scaling fitted on out-of-fold predictions of the training split),
 *   so a tag's confidence is the model's estimate of how often such a tag is right.
 *
 * Trained by `npm run train` (eval/acts/train.ts) on the labelled real dialogue in eval/labels/acts/; the
 * weights ship as weights.json next to this file and a test checks they are what the script produces.
 * Nothing here touches the network: it is arithmetic over the text already on the machine.
 */
import WEIGHTS from './weights.json';
import { nextReplyFeatures, replyFeatures, userTurnFeatures, type Turn } from './features';

export const USER_ACTS = ['pushback', 'concession', 'delegation'] as const;
const REPLY_ACTS = ['capitulation', 'held'] as const;
export type UserAct = (typeof USER_ACTS)[number];
export type ReplyAct = (typeof REPLY_ACTS)[number];
export type Act = UserAct | ReplyAct;

/**
 * One logistic regression: the weight of feature f is `w[index.get(f)]` (heads of one side share the index).
 * Absent features weigh 0.
 */
export interface Head {
  bias: number;
  index: ReadonlyMap<string, number>;
  w: Float32Array;
}

export function weightOf(head: Head, feature: string): number {
  const i = head.index.get(feature);
  return i === undefined ? 0 : head.w[i];
}

export interface Calibration {
  /** p = σ(a · logit(raw) + b) */
  a: number;
  b: number;
}

export interface ActModel {
  /** Training data and settings, for the record (eval/acts/train.ts). */
  trainedOn: string;
  heads: Record<UserAct, Head> & { capGivenPushback: Head; heldGivenPushback: Head };
  calibration: Record<Act, Calibration>;
  /** Threshold per act with the best out-of-fold F1 on the training split (for the record; the shown default is a setting). */
  thresholds: Record<Act, number>;
  /** Acts the training data cannot support, with the reason: never tagged (probability 0). */
  disabled: Partial<Record<Act, string>>;
}

/**
 * The shipped form (weights.json): one feature list per side and, per head, the weights aligned with it as integers
 * ×10⁴ — compact to ship and quick to load (one Map per side, typed arrays), unlike an object with 90,000 keys.
 */
export interface StoredActModel {
  trainedOn: string;
  vocab: { user: string[]; reply: string[] };
  heads: Record<UserAct | 'capGivenPushback' | 'heldGivenPushback', { bias: number; w: number[] }>;
  calibration: Record<Act, Calibration>;
  thresholds: Record<Act, number>;
  disabled: Partial<Record<Act, string>>;
}

const SCALE = 1e4;

export function loadModel(stored: StoredActModel): ActModel {
  const side = (names: string[]) => new Map(names.map((n, i) => [n, i]));
  const user = side(stored.vocab.user);
  const reply = side(stored.vocab.reply);
  const head = (h: { bias: number; w: number[] }, index: Map<string, number>): Head => ({ bias: h.bias, index, w: Float32Array.from(h.w, (x) => x / SCALE) });
  const hs = stored.heads;
  return {
    trainedOn: stored.trainedOn,
    heads: {
      pushback: head(hs.pushback, user),
      concession: head(hs.concession, user),
      delegation: head(hs.delegation, user),
      capGivenPushback: head(hs.capGivenPushback, reply),
      heldGivenPushback: head(hs.heldGivenPushback, reply),
    },
    calibration: stored.calibration,
    thresholds: stored.thresholds,
    disabled: stored.disabled,
  };
}

/** The shipped form of a model (what `npm run train` writes): features sorted, weights rounded to 10⁻⁴. */
export function storeModel(model: ActModel): StoredActModel {
  const side = (heads: Head[]) => {
    const names = [...heads[0].index.keys()].filter((f) => heads.some((h) => Math.round(weightOf(h, f) * SCALE) !== 0)).sort();
    return { names, w: heads.map((h) => names.map((f) => Math.round(weightOf(h, f) * SCALE))) };
  };
  const m = model.heads;
  const u = side([m.pushback, m.concession, m.delegation]);
  const r = side([m.capGivenPushback, m.heldGivenPushback]);
  const b = (h: Head) => Math.round(h.bias * SCALE) / SCALE;
  return {
    trainedOn: model.trainedOn,
    vocab: { user: u.names, reply: r.names },
    heads: {
      pushback: { bias: b(m.pushback), w: u.w[0] },
      concession: { bias: b(m.concession), w: u.w[1] },
      delegation: { bias: b(m.delegation), w: u.w[2] },
      capGivenPushback: { bias: b(m.capGivenPushback), w: r.w[0] },
      heldGivenPushback: { bias: b(m.heldGivenPushback), w: r.w[1] },
    },
    calibration: model.calibration,
    thresholds: model.thresholds,
    disabled: model.disabled,
  };
}

export const ACT_MODEL: ActModel = loadModel(WEIGHTS as unknown as StoredActModel);

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The sum of the weights of `features` (no bias). */
function sum(head: Head, features: readonly string[]): number {
  let z = 0;
  for (const f of features) {
    const i = head.index.get(f);
    if (i !== undefined) z += head.w[i];
  }
  return z;
}

function rawScore(head: Head, features: readonly string[]): number {
  return head.bias + sum(head, features);
}

function calibrate(c: Calibration, raw: number): number {
  return sigmoid(c.a * logit(raw) + c.b);
}

export interface TurnActs {
  index: number;
  /** The features the probabilities rest on (for the evidence's highlighted words). */
  features: string[];
  pushback: number;
  concession: number;
  delegation: number;
}

export interface ReplyActs {
  index: number;
  features: string[];
  /** Index of the user turn the reply answers. */
  userIndex: number;
  capitulation: number;
  held: number;
}

export interface ConversationActs {
  user: TurnActs[];
  replies: ReplyActs[];
}

/**
 * Uncalibrated user-turn probabilities. `next` are the features of the reply after the turn (replyFeatures), or
 * null when no reply follows (yet).
 */
function userTurnRaw(
  model: ActModel,
  turns: readonly Turn[],
  i: number,
  f: readonly string[] = userTurnFeatures(turns, i),
  next: readonly string[] | null = turns[i + 1]?.role === 'assistant' ? replyFeatures(turns, i + 1) : null,
): Record<UserAct, number> {
  return {
    pushback: sigmoid(rawScore(model.heads.pushback, f) + sum(model.heads.pushback, nextReplyFeatures(next))),
    concession: sigmoid(rawScore(model.heads.concession, f)),
    delegation: sigmoid(rawScore(model.heads.delegation, f)),
  };
}

/** Uncalibrated reply probabilities given the (calibrated) pushback probability of the turn before. */
function replyRaw(
  model: ActModel,
  turns: readonly Turn[],
  r: number,
  pPushback: number,
  f: readonly string[] = replyFeatures(turns, r),
): Record<ReplyAct, number> {
  return {
    capitulation: pPushback * sigmoid(rawScore(model.heads.capGivenPushback, f)),
    held: pPushback * sigmoid(rawScore(model.heads.heldGivenPushback, f)),
  };
}

/**
 * Calibrated act probabilities for every user turn and every assistant reply that answers a user turn.
 * Only English text is scored (the models learned English); other turns get no probabilities.
 */
export function scoreConversation(turns: readonly Turn[], model: ActModel = ACT_MODEL, isScorable: (text: string) => boolean = () => true): ConversationActs {
  const user: TurnActs[] = [];
  const replies: ReplyActs[] = [];
  const pb = new Map<number, number>();
  for (let i = 0; i < turns.length; i++) {
    if (turns[i].role !== 'user' || !isScorable(turns[i].text)) continue;
    const features = userTurnFeatures(turns, i);
    const r = i + 1;
    const hasReply = turns[r]?.role === 'assistant' && isScorable(turns[r].text);
    const replyF = hasReply ? replyFeatures(turns, r) : null;
    const raw = userTurnRaw(model, turns, i, features, replyF);
    const p = (act: UserAct) => (model.disabled[act] ? 0 : calibrate(model.calibration[act], raw[act]));
    const acts: TurnActs = { index: i, features, pushback: p('pushback'), concession: p('concession'), delegation: p('delegation') };
    pb.set(i, acts.pushback);
    user.push(acts);
    if (!replyF) continue;
    const rr = replyRaw(model, turns, r, acts.pushback, replyF);
    replies.push({
      index: r,
      features: replyF,
      userIndex: i,
      capitulation: model.disabled.capitulation ? 0 : calibrate(model.calibration.capitulation, rr.capitulation),
      held: model.disabled.held ? 0 : calibrate(model.calibration.held, rr.held),
    });
  }
  return { user, replies };
}
