/**
 * Is a text English enough for the English-trained act models? A cheap test that runs on every message:
 * nearly all letters are Latin ASCII and, for texts of a few words or more, common English function words make
 * up a plausible share. Code and pastes pass (they are mostly ASCII); Chinese, Russian, Spanish prose do not.
 * Turns that fail are not tagged by English models, and the summary says how many were skipped.
 */
const STOP = new Set('the a an and or to of in is it you i that this for on with what how can be are my me your do not'.split(' '));

/** `maxChars`: only the opening is read (the default keeps long pastes cheap). */
export function isEnglish(text: string, maxChars = 2000): boolean {
  const t = text.length > maxChars ? text.slice(0, maxChars) : text;
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  const ascii = (t.match(/[A-Za-z]/g) ?? []).length;
  if (letters > 0 && ascii / letters < 0.9) return false;
  // Split at apostrophes too ("that's" → "that", "s"): short English replies are mostly such words.
  const words = t.toLowerCase().match(/[a-z]+/g) ?? [];
  // A few Latin words ("That's wrong, it's Canberra", "still broken") are read as English: too short to tell.
  return words.length < 8 || words.filter((w) => STOP.has(w)).length / words.length > 0.12;
}
