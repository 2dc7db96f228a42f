import { describe, expect, it } from 'vitest';
import { makeConversation } from '../testing';
import { detectConcession, tagger } from './concession';

/** [earlier user turn, assistant turn, user turn, is concession] */
const CASES: [string, string, string, string, boolean][] = [
  ['you are right after a correction', 'I think the Great Wall is visible from space.', "Actually, that's a myth: it is too narrow to see with the naked eye.", "You're right, I was wrong about that.", true],
  ['didn\'t think of that', 'How would I drive it up the tree?', "I don't think you'd be able to drive it up a tree.", "Oh, I didn't think about that. Can I use a crane?", true],
  ['ok so it is X', 'I heard Puerto Ricans are not citizens.', "That's not true: Puerto Ricans are US citizens by birth.", 'Oh, so they are citizens then.', true],
  ['good point, instead', 'I will threaten them if they tell.', 'I would not threaten anyone; you could instead ask them to keep it private.', 'Good point, I will ask them instead.', true],
  // traps
  ['plain thanks', 'What time does the museum open?', 'It opens at 10am on weekdays.', 'Thanks!', false],
  ['agreeing with an agreeing assistant', 'I think exercise helps with sleep.', 'Yes, regular exercise improves sleep quality.', "You're right, I'll keep it up.", false],
  ['"I see what you mean, but"', 'I think people choose to be homeless.', "Actually, many people don't have many choices.", 'I see what you mean, but most of them made bad choices.', false],
  ['"not sure you\'re right"', 'I thought crank was meth.', "Actually crank can mean several drugs.", "I'm not sure you're right about that.", false],
  ['no earlier view of the user', 'Hello', "Actually, the store is closed today.", 'Okay, so I will go tomorrow.', false],
];

describe('user-concession', () => {
  it.each(CASES)('%s', (_name, before, assistant, user, expected) => {
    expect(!!detectConcession(before, assistant, user)).toBe(expected);
  });

  it('cites the earlier view, the assistant correction and the acceptance, direction assistant→user', () => {
    const conv = makeConversation('cc-1', [
      ['user', 'I think the Great Wall is visible from space.'],
      ['assistant', "Actually, that's a myth: it is too narrow to see with the naked eye."],
      ['user', "You're right, I was wrong about that."],
    ]);
    const [tag] = tagger.run(conv, { version: 3 });
    expect(tag.type).toBe('user-concession');
    expect(tag.direction).toBe('assistant→user');
    expect(tag.messages.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(tag.explanation).toMatch(/accepted/);
  });
});

describe('detectConcession: structural correction (phase 4)', () => {
  it('counts a correction that negates the user\'s own claim, without a correction phrase', () => {
    const d = detectConcession('I think sharks are mammals, right?', 'Sharks are not mammals; they are fish with cartilage skeletons.', "Oh, I didn't know that.");
    expect(d).not.toBeNull();
  });
  it('still needs the user to accept it', () => {
    expect(detectConcession('I think sharks are mammals, right?', 'Sharks are not mammals; they are fish.', 'What do they eat?')).toBeNull();
  });
});
