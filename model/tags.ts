/**
 * An analysis tag is a claim about a person, so it always carries its evidence: the messages it rests on,
 * by id and by 0-based index into the conversation's messages (current path order), and one plain sentence.
 */
export const TAG_TYPES = [
  'term-uptake',
  'quoted-assistant',
  'ai-vocabulary-rise',
  'style-convergence',
  'user-pushback',
  'user-concession',
  'assistant-capitulation',
  'assistant-held-position',
  'delegation',
  'opinion-shift',
] as const;
export type TagType = (typeof TAG_TYPES)[number];

export type Direction = 'assistant→user' | 'user→assistant';

export interface EvidenceRef {
  /**
   * The conversation this message is in, when it is not the tag's own (tags about a change over time cite messages
   * across conversations: where an assistant used a word, and the person's later uses).
   */
  conversationId?: string;
  /** 0-based index into the conversation's messages, in the order given to the analysis. */
  index: number;
  id: string;
  /** Character spans inside the message text to highlight (start inclusive, end exclusive). */
  spans?: [number, number][];
}

export interface Tag {
  /** Stable: type + conversation + evidence, so re-analysis replaces rather than duplicates. */
  id: string;
  type: TagType;
  conversationId: string;
  /** For tags over a person's whole history (e.g. ai-vocabulary-rise) this is the conversation of the key evidence. */
  messages: EvidenceRef[];
  direction: Direction;
  /** 0..1 */
  confidence: number;
  /** One plain sentence a person can read. */
  explanation: string;
  /** Epoch ms of the key evidence message, when known. */
  time?: number;
  site?: string;
  /** Tag-specific details (the adopted term, effect size, LSM values…). */
  data?: Record<string, unknown>;
  /** analysis version that produced it */
  version: number;
}
