// term-uptake and quoted-assistant: what counts as uptake (across conversations, beyond chance) and each trap.
import { describe, expect, it } from 'vitest';
import { makeConversation, type Turn } from '../testing';
import { lateChance, tagger } from './term-uptake';

const run = (convs: ReturnType<typeof makeConversation>[]) => tagger.run(convs, { version: 1 });
const uptakes = (convs: ReturnType<typeof makeConversation>[]) => run(convs).filter((t) => t.type === 'term-uptake');
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

/** The person's everyday messages (about 40 words each), none with the word under test. */
const FILLER = [
  'Can you help me plan a trip to the coast next month with my family, we have two kids and a dog and about a week.',
  'What is a good way to keep basil alive on a windowsill in winter, mine keeps dying after a couple of weeks here.',
  'I need a short note to my landlord about the heating, it has been broken since Monday and it is cold in here.',
  'How long should I boil eggs so the yolk is still soft, I always get it wrong and my kids complain every morning.',
  'Give me three ideas for a birthday present for my dad, he likes fishing, old films and long walks with the dog.',
];

/** `n` conversations, one a day from `day`, the person writing filler and the assistant replying with `reply(i)`. */
function history(n: number, day: number, reply: (i: number) => string, user: (i: number) => string = (i) => FILLER[i % FILLER.length]) {
  return Array.from({ length: n }, (_, i) =>
    makeConversation(
      `h${day + i}`,
      [
        ['user', user(i)],
        ['assistant', reply(i)],
      ] as Turn[],
      { start: T0 + (day + i) * DAY },
    ),
  );
}

const plain = () => 'Sure, here is a simple answer for you with a few ideas you could try this week.';

describe('term-uptake', () => {
  it('claims a word met in an assistant reply, absent before, then used spontaneously in several later conversations', () => {
    const before = history(20, 0, (i) => (i === 3 ? 'That is a straightforward fix: replace the washer and the tap stops dripping.' : plain()));
    const after = history(12, 20, plain, (i) => (i % 2 === 0 ? `${FILLER[i % FILLER.length]} It should be straightforward.` : FILLER[i % FILLER.length]));
    const tags = uptakes([...before, ...after]);
    expect(tags).toHaveLength(1);
    const t = tags[0];
    expect((t.data as { term: string }).term).toBe('straightforward');
    // Evidence: the assistant message where the word was met (its own conversation), the first use, later uses.
    expect(t.messages[0]).toMatchObject({ conversationId: before[3].id, index: 1 });
    expect(t.messages.slice(1).every((m) => m.conversationId && m.spans?.length)).toBe(true);
    expect(new Set(t.messages.map((m) => m.conversationId)).size).toBeGreaterThanOrEqual(3);
    expect(t.explanation).toMatch(/straightforward/);
    expect((t.data as { pValue: number }).pValue).toBeLessThan(0.05);
  });

  it('makes no claim when the person used the word early too (their own word), or used it from the start', () => {
    const before = history(
      20,
      0,
      (i) => (i === 0 ? 'That is a straightforward fix.' : plain()),
      (i) => (i === 5 ? `${FILLER[0]} Seems straightforward.` : FILLER[i % FILLER.length]),
    );
    const after = history(12, 20, plain, (i) => `${FILLER[i % FILLER.length]} It should be straightforward.`);
    expect(uptakes([...before, ...after])).toEqual([]);
  });

  it('makes no claim for an echo inside the exchange only (no later use in another conversation)', () => {
    const before = history(20, 0, plain);
    const echo = makeConversation(
      'echo',
      [
        ['user', FILLER[0]],
        ['assistant', 'This is straightforward once you book early.'],
        ['user', 'Ok, straightforward then, thanks.'],
      ],
      { start: T0 + 25 * DAY },
    );
    expect(uptakes([...before, echo])).toEqual([]);
  });

  it('makes no claim for a topic word or an everyday word, however it is timed', () => {
    const before = history(20, 0, (i) => (i === 2 ? 'Load it into a dataframe and set the default index.' : plain()));
    const after = history(12, 20, plain, (i) => `${FILLER[i % FILLER.length]} Then the dataframe default index.`);
    expect(uptakes([...before, ...after])).toEqual([]);
  });

  it('never counts a question about what the word means, or a word in quotation marks', () => {
    const before = history(20, 0, (i) => (i === 3 ? 'That is a straightforward fix.' : plain()));
    const after = history(12, 20, plain, (i) => (i % 2 ? `What does straightforward mean here?` : `You called it "straightforward" but ${FILLER[0]}`));
    expect(uptakes([...before, ...after])).toEqual([]);
  });

  it('tags a pasted assistant reply as quoted-assistant, not uptake', () => {
    const c = makeConversation('q', [
      ['user', 'explain mitochondria'],
      [
        'assistant',
        'Mitochondria are membrane-bound organelles that generate most of the chemical energy needed to power the cell through oxidative phosphorylation.',
      ],
      ['user', 'my teacher said "organelles that generate most of the chemical energy needed to power the cell" is wrong?'],
    ]);
    const tags = run([c]);
    expect(tags.filter((t) => t.type === 'term-uptake')).toEqual([]);
    const q = tags.filter((t) => t.type === 'quoted-assistant');
    expect(q).toHaveLength(1);
    const [s, e] = q[0].messages[1].spans![0];
    expect(c.messages[2].text.slice(s, e)).toBe('organelles that generate most of the chemical energy needed to power the cell');
  });

  it('computes the chance of a late start exactly', () => {
    expect(lateChance(10, 5, 1)).toBeCloseTo(0.5);
    expect(lateChance(10, 5, 2)).toBeCloseTo((5 / 10) * (4 / 9));
    expect(lateChance(10, 9, 2)).toBe(1);
  });
});
