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

/** The conversational-act tags: their confidence is a calibrated probability (analysis/acts/). */
export const ACT_TAG_TYPES: readonly TagType[] = ['user-pushback', 'user-concession', 'delegation', 'assistant-capitulation', 'assistant-held-position'];

/**
 * Act tags are shown when the model gives them at least this chance of being right (a setting: 50 % shows more,
 * and more wrong ones; 85 % fewer). A wrong tag is a wrong claim about a person, so the default leans to precision;
 * `npm run eval` reports precision and recall at each choice.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.7;
export const CONFIDENCE_CHOICES = [0.5, 0.7, 0.85] as const;

/** Whether a tag passes the person's confidence setting (only act tags are filtered: the others have their own tests). */
export function shown(tag: Pick<Tag, 'type' | 'confidence'>, minConfidence: number = DEFAULT_MIN_CONFIDENCE): boolean {
  return !ACT_TAG_TYPES.includes(tag.type) || tag.confidence >= minConfidence;
}

/** The word a calibrated probability is put in, everywhere a person reads one. */
export function likelihood(p: number): 'very likely' | 'likely' | 'possibly' {
  return p >= 0.85 ? 'very likely' : p >= 0.7 ? 'likely' : 'possibly';
}
