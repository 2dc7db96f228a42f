// term-uptake and quoted-assistant on small dialogues: what counts as uptake and each false-positive trap.
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../testing';
import { tagger } from './term-uptake';

const run = (...convs: ReturnType<typeof makeConversation>[]) => tagger.run(convs, { version: 1 });
const DAY = 86_400_000;

describe('term-uptake', () => {
  it('tags the first use of a word the assistant used, with both messages as evidence', () => {
    const c = makeConversation('a', [
      ['user', 'my sourdough bread is always flat, what am I doing wrong?'],
      ['assistant', 'A flat loaf usually means the dough was underproofed or the starter was weak. Try a longer autolyse.'],
      ['user', 'ok so how long should the autolyse take?'],
    ]);
    const tags = run(c).filter((t) => t.type === 'term-uptake');
    expect(tags.map((t) => (t.data as { term: string }).term)).toEqual(['autolyse']);
    const [t] = tags;
    expect(t.direction).toBe('assistant→user');
    expect(t.messages.map((m) => m.index)).toEqual([1, 2]);
    const user = c.messages[2].text;
    const [s, e] = t.messages[1].spans![0];
    expect(user.slice(s, e)).toBe('autolyse');
    expect(t.explanation).toMatch(/autolyse/);
  });

  it('does not tag words the user had used before (any inflection), common words, or names', () => {
    const early = makeConversation('e', [
      ['user', 'I was autolysing the dough yesterday and talking to Marguerite about recipes'],
      ['assistant', 'Nice.'],
    ]);
    const c = makeConversation(
      'b',
      [
        ['user', 'bread question again'],
        ['assistant', 'Autolyse it first, then ask Henrietta, whose bakery uses a similar method with better results.'],
        ['user', 'I will autolyse, ask Henrietta and compare the results and the method'],
      ],
      { start: Date.UTC(2025, 0, 2) },
    );
    const tags = run(early, c).filter((t) => t.type === 'term-uptake');
    expect(tags).toEqual([]);
  });

  it('does not tag a pasted assistant reply; tags it as quoted-assistant instead', () => {
    const c = makeConversation('q', [
      ['user', 'explain mitochondria'],
      ['assistant', 'Mitochondria are membrane-bound organelles that generate most of the chemical energy needed to power the cell through oxidative phosphorylation.'],
      ['user', 'my teacher said "organelles that generate most of the chemical energy needed to power the cell" is wrong?'],
    ]);
    const tags = run(c);
    expect(tags.filter((t) => t.type === 'term-uptake')).toEqual([]);
    const q = tags.filter((t) => t.type === 'quoted-assistant');
    expect(q).toHaveLength(1);
    expect(q[0].messages.map((m) => m.index)).toEqual([1, 2]);
    const [s, e] = q[0].messages[1].spans![0];
    expect(c.messages[2].text.slice(s, e)).toBe('organelles that generate most of the chemical energy needed to power the cell');
  });

  it('does not tag a question about what the word means', () => {
    const c = makeConversation('m', [
      ['user', 'why is my code slow'],
      ['assistant', 'Your function is not memoized, so the recursion recomputes everything.'],
      ['user', 'what does memoized mean'],
    ]);
    expect(run(c).filter((t) => t.type === 'term-uptake')).toEqual([]);
  });

  it('finds uptake across conversations of a term the assistants use habitually, evidence in the later conversation', () => {
    const a = makeConversation('x1', [
      ['user', 'how do I plan my garden'],
      ['assistant', 'Think about companion planting: marigolds next to tomatoes deter pests.'],
    ]);
    const a2 = makeConversation('x1b', [
      ['user', 'what goes well with beans'],
      ['assistant', 'Companion planting again helps: corn gives beans a pole.'],
    ], { start: Date.UTC(2025, 0, 1) + DAY });
    const b = makeConversation('x2', [['user', 'I tried companion planting this year and it worked']], { start: Date.UTC(2025, 0, 1) + 3 * DAY });
    // Met in one earlier conversation only: not enough to claim uptake.
    expect(run(a, b).filter((t) => t.type === 'term-uptake')).toEqual([]);
    const tags = run(a, a2, b).filter((t) => t.type === 'term-uptake');
    expect(tags).toHaveLength(1);
    expect(tags[0].conversationId).toBe(b.id);
    expect((tags[0].data as { term: string }).term).toBe('companion planting');
    expect(tags[0].messages).toEqual([{ index: 0, id: b.messages[0].id, spans: [[8, 26]] }]);
    expect((tags[0].data as { lastMet: { conversationId: string } }).lastMet.conversationId).toBe(a2.id);
  });
});

describe('term-uptake mentions', () => {
  it('does not tag a sentence that points back at the assistant’s wording', () => {
    const c = makeConversation('y', [
      ['user', 'how do I store onions'],
      ['assistant', 'Keep them somewhere dark and well ventilated, away from potatoes, to avoid sprouting.'],
      ['user', 'you said ventilated, does a cupboard count?'],
    ]);
    expect(tagger.run([c], { version: 1 }).filter((t) => t.type === 'term-uptake')).toEqual([]);
  });
});
