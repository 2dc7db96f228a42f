/**
 * The analysis version stamped on every tag and on the stored history state. Bump it whenever a tagger, word
 * list or threshold changes what is emitted: the extension then re-analyses the history in the background.
 */
export const ANALYSIS_VERSION = 6;
