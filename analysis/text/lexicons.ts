/**
 * Small hand-written lexicons of our own (MIT, this project): the LSM negation category that the open Noble &
 * Fernández lists lack, and the hedge / politeness / certainty markers used as style features. Multi-word
 * entries are matched as token sequences by `classes.ts`.
 */

/** LSM's ninth category. Contractions are single tokens in our tokenizer. */
export const NEGATIONS = [
  'no',
  'not',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'nowhere',
  'cannot',
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "can't",
  "couldn't",
  "shouldn't",
  "haven't",
  "hasn't",
  "hadn't",
  "mustn't",
  "needn't",
  "ain't",
  'dont',
  'cant',
  'wont',
  'isnt',
  'doesnt',
  'didnt',
] as const;

/** Hedges: the speaker marks uncertainty (after the politeness literature's Hedges lists, own selection). */
export const HEDGES = [
  'maybe',
  'perhaps',
  'probably',
  'possibly',
  'apparently',
  'presumably',
  'arguably',
  'somewhat',
  'seemingly',
  'might',
  'i think',
  'i guess',
  'i suppose',
  'i believe',
  'i feel like',
  'sort of',
  'kind of',
  'not sure',
  'it seems',
  'seems like',
  'in a way',
  'more or less',
  'to some extent',
  'i assume',
] as const;

/** Politeness markers (requests and gratitude). */
export const POLITENESS = [
  'please',
  'thanks',
  'thank you',
  'thx',
  'appreciate',
  'appreciated',
  'kindly',
  'sorry',
  'would you mind',
  'could you please',
  'if you could',
  'grateful',
  'cheers',
] as const;
