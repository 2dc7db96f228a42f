/**
 * The learned conversational-act model: calibrated probabilities for the five acts of the codebook
 * (../shared/reference/codebook.md) on every user turn and every assistant reply of a conversation.
 *
 * - User turn → P(pushback), P(concession), P(delegation): one logistic regression each over the features of
 *   features.ts.
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
import { replyFeatures, userTurnFeatures, type Turn } from './features';

export const USER_ACTS = ['pushback', 'concession', 'delegation'] as const;
export const REPLY_ACTS = ['capitulation', 'held'] as const;
export type UserAct = (typeof USER_ACTS)[number];
export type ReplyAct = (typeof REPLY_ACTS)[number];
export type Act = UserAct | ReplyAct;

export interface Head {
  bias: number;
  weights: Record<string, number>;
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

export const ACT_MODEL = WEIGHTS as unknown as ActModel;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

export function rawScore(head: Head, features: readonly string[]): number {
  let z = head.bias;
  for (const f of features) z += head.weights[f] ?? 0;
  return z;
}

export function calibrate(c: Calibration, raw: number): number {
  return sigmoid(c.a * logit(raw) + c.b);
}

export interface TurnActs {
  index: number;
  pushback: number;
  concession: number;
  delegation: number;
}

export interface ReplyActs {
  index: number;
  /** Index of the user turn the reply answers. */
  userIndex: number;
  capitulation: number;
  held: number;
}

export interface ConversationActs {
  user: TurnActs[];
  replies: ReplyActs[];
}

/** Uncalibrated user-turn probabilities (training uses these to fit the calibration). */
export function userTurnRaw(model: ActModel, turns: readonly Turn[], i: number): Record<UserAct, number> {
  const f = userTurnFeatures(turns, i);
  return {
    pushback: sigmoid(rawScore(model.heads.pushback, f)),
    concession: sigmoid(rawScore(model.heads.concession, f)),
    delegation: sigmoid(rawScore(model.heads.delegation, f)),
  };
}

/** Uncalibrated reply probabilities given the (calibrated) pushback probability of the turn before. */
export function replyRaw(model: ActModel, turns: readonly Turn[], r: number, pPushback: number): Record<ReplyAct, number> {
  const f = replyFeatures(turns, r);
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
    const raw = userTurnRaw(model, turns, i);
    const p = (act: UserAct) => (model.disabled[act] ? 0 : calibrate(model.calibration[act], raw[act]));
    const acts: TurnActs = { index: i, pushback: p('pushback'), concession: p('concession'), delegation: p('delegation') };
    pb.set(i, acts.pushback);
    user.push(acts);
    const r = i + 1;
    if (turns[r]?.role !== 'assistant' || !isScorable(turns[r].text)) continue;
    const rr = replyRaw(model, turns, r, acts.pushback);
    replies.push({
      index: r,
      userIndex: i,
      capitulation: model.disabled.capitulation ? 0 : calibrate(model.calibration.capitulation, rr.capitulation),
      held: model.disabled.held ? 0 : calibrate(model.calibration.held, rr.held),
    });
  }
  return { user, replies };
}
