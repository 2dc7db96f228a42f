// @vitest-environment happy-dom
/** sites/query.ts: selector lists, outermost matches, the element to observe, variant counters. */
import { describe, expect, it } from 'vitest';
import {
  allMatches,
  commonAncestor,
  docOf,
  firstMatch,
  hasMatch,
  outermostMatches,
  outermostMatchesWithin,
  parseVariant,
  rootAroundMessages,
  variantIn,
} from './query';

const doc = (body: string) => new DOMParser().parseFromString(`<!doctype html><html><body>${body}</body></html>`, 'text/html');
const el = (html: string): Element => doc(`<div id="m">${html}</div>`).getElementById('m')!;
const ids = (els: Element[]) => els.map((e) => e.id);

describe('selector lists', () => {
  const root = el('<section class="a"><div class="b" id="x"><div class="b" id="y"></div></div></section><div class="b" id="z"></div>');

  it('firstMatch tries selectors in order, not in document order', () => {
    expect(firstMatch(root, ['.none', '.b'])!.id).toBe('x');
    expect(firstMatch(root, ['#z', '.b'])!.id).toBe('z');
    expect(firstMatch(root, ['.none'])).toBeNull();
  });

  it('allMatches lists every match once, in document order; hasMatch says whether there is one', () => {
    expect(ids(allMatches(root, ['#z', '.b']))).toEqual(['x', 'y', 'z']);
    expect(allMatches(root, [])).toEqual([]);
    expect(hasMatch(root, ['.none', '#y'])).toBe(true);
    expect(hasMatch(root, ['.none'])).toBe(false);
    expect(hasMatch(root, [])).toBe(false);
  });

  it('outermostMatches skips matches nested in another match', () => {
    expect(ids(outermostMatches(root, ['.b']))).toEqual(['x', 'z']);
    expect(ids(outermostMatches(root, ['#y', '#z']))).toEqual(['y', 'z']);
  });

  it('outermostMatchesWithin counts the root itself when it matches (one block handed over by the capture loop)', () => {
    const x = root.querySelector('#x')!;
    expect(ids(outermostMatchesWithin(x, ['.b']))).toEqual(['x']);
    expect(ids(outermostMatchesWithin(root, ['.b']))).toEqual(['x', 'z']);
    expect(outermostMatchesWithin(x, [])).toEqual([]);
  });
});

describe('page structure', () => {
  it('docOf finds the document of a document, an element and a fragment', () => {
    const d = doc('<p id="p">x</p>');
    expect(docOf(d)).toBe(d);
    expect(docOf(d.getElementById('p')!)).toBe(d);
    const fragment = document.createDocumentFragment();
    expect(docOf(fragment)).toBe(document);
  });

  it('commonAncestor is the nearest element holding all, null for none', () => {
    const root = el('<section class="a"><div class="b" id="x"><div class="b" id="y"></div></div></section><div class="b" id="z"></div>');
    expect(commonAncestor([root.querySelector('#y')!, root.querySelector('#z')!])).toBe(root);
    expect(commonAncestor([root.querySelector('#y')!])).toBe(root.querySelector('#x'));
    expect(commonAncestor([])).toBeNull();
  });

  it('rootAroundMessages: the first root selector around the first message, else its parent or the body', () => {
    const d = doc('<main id="main"><div id="list"><div class="msg">a</div><div class="msg">b</div></div></main>');
    expect(rootAroundMessages(d, ['.msg'], ['#none', 'main'])!.id).toBe('main');
    expect(rootAroundMessages(d, ['.msg'], ['#none'])!.id).toBe('list');
    expect(rootAroundMessages(d, ['.msg'], ['#none'], 'body')).toBe(d.body);
    expect(rootAroundMessages(d, ['.none'], ['main'])).toBeNull();
  });
});

describe('variant counters', () => {
  it('parseVariant reads "n/m" counters and rejects non-counters', () => {
    expect(parseVariant('2/3')).toEqual({ index: 1, count: 3 });
    expect(parseVariant('‹ 1 / 2 ›')).toEqual({ index: 0, count: 2 });
    expect(parseVariant('1/1')).toBeUndefined();
    expect(parseVariant('4/3')).toBeUndefined();
    expect(parseVariant('none')).toBeUndefined();
    expect(parseVariant(null)).toBeUndefined();
  });

  it('variantIn reads a counter outside the message content only', () => {
    const turn = el('<div class="msg"><p>Score: <span>1/2</span></p></div><div class="bar"><span>2/2</span></div>');
    const content = turn.querySelector('.msg')!;
    expect(variantIn(turn, [content])).toEqual({ index: 1, count: 2 });
    const noBar = el('<div class="msg"><span>1/2</span></div>');
    expect(variantIn(noBar, [noBar.querySelector('.msg')!])).toBeUndefined();
  });

  it('variantIn ignores a counter inside running text or an element with children', () => {
    expect(variantIn(el('<p>It scored 2/3 on the test.</p>'))).toBeUndefined();
    expect(variantIn(el('<div><span>2</span>/<span>3</span></div>'))).toBeUndefined();
    expect(variantIn(el('<div><button>‹</button><span>2 / 3</span><button>›</button></div>'))).toEqual({ index: 1, count: 3 });
  });
});
