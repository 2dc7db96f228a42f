// opinion-shift: explicit stance flips with the assistant's stance in between, and the traps around it.
import { describe, expect, it } from 'vitest';
import { makeConversation, type Turn } from '../testing';
import { extractStances, tagger } from './opinion-shift';

const DAY = 86_400_000;
const history = (...turnLists: Turn[][]) => turnLists.map((t, i) => makeConversation(`o${i}`, t, { start: Date.UTC(2025, 2, 1) + i * DAY }));

describe('extractStances', () => {
  it.each([
    ['user', 'I think nuclear power is dangerous.', 'is:nuclear power|saf', -1],
    ['user', "I don't think nuclear power is safe", 'is:nuclear power|saf', -1],
    ['user', 'Honestly I believe that nuclear power is safe.', 'is:nuclear power|saf', 1],
    ['user', 'Python is better than Java for scripts.', 'cmp:java|python|better', -1],
    ['assistant', 'Java is better than Python here.', 'cmp:java|python|better', 1],
    // An antonym inside a short predicate reads as the positive word negated: one proposition, two stances.
    ['user', 'I think a four-day week is a bad idea.', 'is:four-day week|good idea', -1],
    ['assistant', 'A four-day week is a good idea.', 'is:four-day week|good idea', 1],
    // "for most people" is not a report of others' views, and a leading discourse marker is not the subject.
    ['assistant', 'Honestly, remote work is good for most people, and the evidence for that is solid.', 'is:remot work|good', 1],
    ['assistant', 'Actually, static typing is a good idea in most cases.', 'is:static typ|good idea', 1],
  ] as const)('%s: %s', (role, text, key, pol) => {
    const [s] = extractStances(text, role);
    expect(s.key).toBe(key);
    expect(s.polarity).toBe(pol);
  });
  it.each([
    ['user', 'Is python better than java?'],
    ['user', 'I think it is great.'],
    ['user', 'I really like tofu'],
    ['user', 'nuclear power is dangerous'],
    ['user', 'If nuclear power is safe, why worry?'],
    ['assistant', 'Some people argue nuclear power is dangerous.'],
    ['assistant', 'Nuclear power might be safe.'],
    ['assistant', 'Many people feel nuclear power is dangerous.'],
    ['assistant', 'Critics argue that nuclear power is dangerous.'],
  ] as const)('no stance: %s: %s', (role, text) => {
    expect(extractStances(text, role)).toEqual([]);
  });
});

describe('opinion-shift', () => {
  it('tags a flip after the assistant stated the new stance, with all three statements as evidence', () => {
    const convs = history(
      [
        ['user', 'I think nuclear power is dangerous. What are the risks?'],
        ['assistant', 'The main risks are accidents and waste.'],
      ],
      [
        ['user', 'tell me about reactor safety'],
        ['assistant', 'Nuclear power is safe by most measures: deaths per terawatt-hour are lower than for coal.'],
        ['user', 'Interesting. So I now think nuclear power is safe after all.'],
      ],
    );
    const tags = tagger.run(convs, { version: 1 });
    expect(tags).toHaveLength(1);
    const t = tags[0];
    expect(t.type).toBe('opinion-shift');
    expect(t.conversationId).toBe(convs[1].id);
    // All three statements, the earlier one in its own conversation.
    expect(t.messages.map((m) => [m.conversationId, m.index])).toEqual([
      [convs[0].id, 0],
      [convs[1].id, 1],
      [convs[1].id, 2],
    ]);
    const d = t.data as { before: { conversationId: string; index: number } };
    expect(d.before).toMatchObject({ conversationId: convs[0].id, index: 0 });
    expect(t.explanation).toMatch(/nuclear power is dangerous/);
  });

  it('does not tag a flip the assistant did not argue for, nor a repeated stance', () => {
    const noAssistant = history(
      [
        ['user', 'I think nuclear power is dangerous.'],
        ['assistant', 'Many people feel that way.'],
      ],
      [
        ['user', 'I think nuclear power is safe.'],
        ['assistant', 'Ok.'],
      ],
    );
    expect(tagger.run(noAssistant, { version: 1 })).toEqual([]);
    const same = history(
      [
        ['user', 'I think nuclear power is dangerous.'],
        ['assistant', 'Nuclear power is dangerous in some ways.'],
      ],
      [
        ['user', 'I still think nuclear power is dangerous.'],
        ['assistant', 'Ok.'],
      ],
    );
    expect(tagger.run(same, { version: 1 })).toEqual([]);
  });
});
