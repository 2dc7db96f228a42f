// Tokenizer, stemmer, sentence splitter and word classes.
import { describe, expect, it } from 'vitest';
import { maskCode, stem, tokenize } from './tokenize';
import { splitSentences } from './sentences';
import { countClasses, intern, internTokens, N_CLASSES, CLASS_HEDGE, CLASS_POLITE } from './classes';

describe('tokenize', () => {
  it('lower-cases words, keeps contractions and hyphenated words, reports offsets', () => {
    const text = 'Don’t use well-known APIs, e.g. GPT-4!';
    const t = tokenize(text);
    expect(t.words).toEqual(["don't", 'use', 'well-known', 'apis', 'e', 'g', 'gpt-4']);
    expect([...t.starts].map((s, i) => text.slice(s, t.ends[i]))).toEqual(['Don’t', 'use', 'well-known', 'APIs', 'e', 'g', 'GPT-4']);
  });
  it('masks code but keeps offsets', () => {
    const text = 'see `fooBar` and\n```\nconst x = 1\n```\nend';
    const masked = maskCode(text);
    expect(masked.length).toBe(text.length);
    expect(tokenize(masked).words).toEqual(['see', 'and', 'end']);
  });
});

describe('stem', () => {
  it.each([
    ['simmering', 'simmer'],
    ['simmered', 'simmer'],
    ['simmers', 'simmer'],
    ['making', 'mak'],
    ['makes', 'mak'],
    ['studies', 'study'],
    ['studied', 'study'],
    ['running', 'run'],
    ['installed', 'install'],
    ['class', 'class'],
  ])('%s → %s', (w, s) => expect(stem(w)).toBe(s));
});

describe('splitSentences', () => {
  it('splits on final punctuation and line breaks, not on abbreviations', () => {
    const text = 'Dr. Smith came. Did he?\n- a list item\nDone, e.g. now';
    expect(splitSentences(text).map(([a, b]) => text.slice(a, b))).toEqual(['Dr. Smith came.', 'Did he?', '- a list item', 'Done, e.g. now']);
  });
});

describe('classes', () => {
  it('counts LSM categories, multi-word entries, hedges and politeness', () => {
    const ids = tokenize('I think the cat is not here, of course. Thank you please').words.map(intern);
    const out = new Float64Array(N_CLASSES);
    countClasses(ids, out);
    expect(out[0]).toBe(2); // ppron: i, you
    expect(out[2]).toBe(1); // article: the
    expect(out[7]).toBe(1); // negate: not
    expect(out[CLASS_HEDGE]).toBe(1); // i think
    expect(out[CLASS_POLITE]).toBe(2); // thank you, please
    expect(out[4]).toBeGreaterThanOrEqual(2); // adverbs: here, of course
  });
});

describe('internTokens (the char-code scanner used by features.ts)', () => {
  it('gives exactly the ids and offsets of tokenize + intern, including non-ASCII, marks and surrogates', () => {
    const texts = [
      "Don't re-run the well-known café-au-lait test, o’Neill; it’s naïve 1-2-3 a--b it's' ’tis",
      'MiXeD CaSe ABC abc Abc ÜNÏCÖDÉ Straße İstanbul ΣΊΣΥΦΟΣ ǅemal ＡＢＣ ١٢ ⅷ',
      "e\u0301te\u0301 x-\u0301y ab'\u0301 😀x 𝒜lpha \ud800z \udc00 end-",
      '',
    ];
    for (const t of texts) {
      const a = tokenize(t);
      const b = internTokens(t);
      expect(Array.from(b.ids)).toEqual(a.words.map(intern));
      expect(Array.from(b.starts)).toEqual(Array.from(a.starts));
      expect(Array.from(b.ends)).toEqual(Array.from(a.ends));
    }
  });
});
