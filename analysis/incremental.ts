/**
 * The incremental form of a history tagger: a compact, structured-clone-able state (plain objects, arrays, Maps,
 * Sets and typed arrays only, so the extension can keep it in IndexedDB) that is fed conversations in time
 * order and can be updated with one new message without revisiting the rest of the history.
 */
import type { ConversationWithMessages } from '../model/types';
import type { Tag, TagType } from '../model/tags';
import type { HistoryTagger, TaggerContext } from './types';

export interface HistoryAccumulator<S> {
  init(): S;
  /**
   * Feeds messages `from`… of `conv` (messages before `from` were fed earlier). `conv.messages` is the current
   * path in index order. Conversations (and new messages) must arrive in time order.
   */
  add(state: S, conv: ConversationWithMessages, from: number, ctx: TaggerContext): void;
  /** All tags this tagger currently emits for the history fed so far. */
  tags(state: S, ctx: TaggerContext): Tag[];
}

export interface IncrementalHistoryTagger<S = unknown> extends HistoryTagger {
  accumulator: HistoryAccumulator<S>;
}

/** Builds the batch `run` from the accumulator, so batch and incremental results are the same by construction. */
export function historyTagger<S>(types: readonly TagType[], accumulator: HistoryAccumulator<S>): IncrementalHistoryTagger<S> {
  return {
    kind: 'history',
    types,
    accumulator: accumulator as HistoryAccumulator<S>,
    run(conversations, ctx) {
      const s = accumulator.init();
      for (const c of conversations) accumulator.add(s, c, 0, ctx);
      return accumulator.tags(s, ctx);
    },
  };
}
