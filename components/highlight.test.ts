import { describe, expect, it } from 'vitest';
import { splitBySpans, spansOfTerm } from './highlight';
import { csvField, toCsv } from './csv';

describe('splitBySpans', () => {
  it('marks the given spans and keeps every character once, in order', () => {
    const text = 'I made the import idempotent today';
    const pieces = splitBySpans(text, [[18, 28]]);
    expect(pieces).toEqual([
      { text: 'I made the import ', mark: false },
      { text: 'idempotent', mark: true },
      { text: ' today', mark: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });
  it('merges overlapping spans, sorts them and clips spans past the end', () => {
    expect(
      splitBySpans('abcdef', [
        [4, 99],
        [0, 2],
        [1, 3],
      ]),
    ).toEqual([
      { text: 'abc', mark: true },
      { text: 'd', mark: false },
      { text: 'ef', mark: true },
    ]);
  });
  it('returns the whole text unmarked without spans, and one empty piece for empty text', () => {
    expect(splitBySpans('hello', undefined)).toEqual([{ text: 'hello', mark: false }]);
    expect(splitBySpans('', [[0, 3]])).toEqual([{ text: '', mark: false }]);
  });
});

describe('spansOfTerm', () => {
  it('finds whole-word, case-insensitive occurrences only', () => {
    const text = 'Modal filters work. modal filters again; modal filtersX not.';
    expect(spansOfTerm(text, 'modal filters')).toEqual([
      [0, 13],
      [20, 33],
    ]);
  });
  it('treats regex characters in the term literally', () => {
    expect(spansOfTerm('a (b) c', '(b)')).toEqual([[2, 5]]);
  });
});

describe('csv', () => {
  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe('-3');
    expect(toCsv(['x', 'y'], [[1, null]])).toBe('x,y\r\n1,\r\n');
  });
});
