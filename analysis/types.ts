/**
 * The contract of a tagger. Taggers are pure functions over normalized conversations (no wxt, browser or
 * Dexie imports): the extension runs them in the background, the CLI in Node, the eval on labelled data.
 *
 * Conversations handed to taggers contain only the current path, ordered by `index`; evidence indices
 * refer to positions in that `messages` array.
 */
import type { ConversationWithMessages } from '../model/types';
import type { Tag, TagType } from '../model/tags';

export interface TaggerContext {
  /** The analysis version stamped on every tag (bump in analysis/version.ts when any tagger changes). */
  version: number;
}

/** Looks at one conversation at a time: re-run only for conversations that changed. */
export interface ConversationTagger {
  kind: 'conversation';
  /** The tag types this tagger can emit. */
  types: readonly TagType[];
  run(conversation: ConversationWithMessages, ctx: TaggerContext): Tag[];
}

/** Needs the person's whole history (baselines over time); conversations are sorted by time. */
export interface HistoryTagger {
  kind: 'history';
  types: readonly TagType[];
  run(conversations: readonly ConversationWithMessages[], ctx: TaggerContext): Tag[];
}

export type Tagger = ConversationTagger | HistoryTagger;
