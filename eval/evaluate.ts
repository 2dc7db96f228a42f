/**
 * Scores taggers against gold labels: per tag type and split, TP/FP/FN/TN, precision, recall and F1, plus the
 * list of errors. A tag "hits" a label when its type matches and its key message — the LAST evidence message
 * (the user turn for pushback/concession/delegation, the assistant reply for capitulation/held) — is the
 * labelled message (compared by message id). Tags on messages nobody labelled are not counted either way.
 */
import { shown, type Tag, type TagType } from '../model/tags';
import type { ConversationTagger } from '../analysis/types';
import type { LabelledItem } from './chat-format';

export interface TypeScore {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalError {
  split: string;
  type: TagType;
  kind: 'FP' | 'FN';
  conversationId: string;
  index: number;
  text: string;
  why?: string;
  explanation?: string;
}

export interface EvalReport {
  /** split → type → score */
  scores: Record<string, Partial<Record<TagType, TypeScore>>>;
  errors: EvalError[];
}

function keyMessageId(tag: Tag): string {
  return tag.messages[tag.messages.length - 1].id;
}

function ratio(a: number, b: number): number {
  return b === 0 ? NaN : a / b;
}

function score(tp: number, fp: number, fn: number, tn: number): TypeScore {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : NaN;
  return { n: tp + fp + fn + tn, tp, fp, fn, tn, precision, recall, f1 };
}

export function evaluate(items: readonly LabelledItem[], taggers: readonly ConversationTagger[], version: number): EvalReport {
  const counts = new Map<string, { tp: number; fp: number; fn: number; tn: number }>();
  const errors: EvalError[] = [];
  for (const item of items) {
    const tags = taggers.flatMap((t) => t.run(item.conversation, { version })).filter((t) => shown(t));
    for (const label of item.labels) {
      const hit = tags.find((t) => t.type === label.type && keyMessageId(t) === label.messageId);
      const key = `${item.split}\u0000${label.type}`;
      const c = counts.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
      if (hit && label.value) c.tp++;
      else if (hit) c.fp++;
      else if (label.value) c.fn++;
      else c.tn++;
      counts.set(key, c);
      if (!!hit !== label.value) {
        errors.push({
          split: item.split,
          type: label.type,
          kind: hit ? 'FP' : 'FN',
          conversationId: item.conversation.id,
          index: label.index,
          text: item.conversation.messages.find((m) => m.id === label.messageId)?.text ?? '',
          why: label.why,
          explanation: hit?.explanation,
        });
      }
    }
  }
  const scores: EvalReport['scores'] = {};
  for (const [key, c] of counts) {
    const [split, type] = key.split('\u0000') as [string, TagType];
    (scores[split] ??= {})[type] = score(c.tp, c.fp, c.fn, c.tn);
  }
  return { scores, errors };
}
