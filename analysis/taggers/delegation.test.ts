import { describe, expect, it } from 'vitest';
import { makeConversation } from '../testing';
import { detectDelegation, tagger } from './delegation';

const CASES: [string, string, boolean][] = [
  ['should I', 'Should I go swimming in my local lake? The sign says no swimming.', true],
  ['what should I do', 'I found mold in my apartment. What should I do now?', true],
  ['which should I choose', 'Which one should I choose, the Model 3 or the Bolt?', true],
  ['decide for me', "I can't pick between the two offers, decide for me.", true],
  ['would you recommend', 'What type of BEV would you recommend to buy?', true],
  ['is it a good idea for me', 'Is it a good idea to quit my job before I have a new one?', true],
  ['do you think I should', 'Do you think I should tell her that?', true],
  ['plan + what do you think', "I'm thinking about moving to Berlin next year. What do you think?", true],
  ['in my shoes', 'What would you do if you were me?', true],
  // traps
  ['how-to question', 'How do I center a div in CSS?', false],
  ['next procedural step', 'What should I do after that?', false],
  ['public opinion', 'What do you think of the political parties fighting these days?', false],
  ['opinion on others', 'Do you think conservatives should be censored?', false],
  ['keeps the choice', 'Could you list some areas so I could pick one of those?', false],
  ['"should I be able to" (fact)', 'Is there a door code, or should I be able to just walk in?', false],
  ['plain thanks', 'Thanks, that was really helpful.', false],
  ['quoted instruction', 'My teacher wrote "should I use a semicolon here?" in the margin. What does that mean?', false],
];

describe('delegation', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    expect(!!detectDelegation(text)).toBe(expected);
  });

  it('tags the user message with its span and direction', () => {
    const conv = makeConversation('dl-1', [
      ['user', 'I got two job offers.'],
      ['assistant', 'Congratulations! Tell me about them.'],
      ['user', 'One pays more, the other is remote. Which one should I take?'],
    ]);
    const tags = tagger.run(conv, { version: 2 });
    expect(tags).toHaveLength(1);
    expect(tags[0].type).toBe('delegation');
    expect(tags[0].direction).toBe('user→assistant');
    expect(tags[0].messages).toEqual([expect.objectContaining({ index: 2, id: conv.messages[2].id })]);
    const [s, e] = tags[0].messages[0].spans![0];
    expect(conv.messages[2].text.slice(s, e).toLowerCase()).toContain('should i');
  });

  it('never tags assistant messages', () => {
    const conv = makeConversation('dl-2', [
      ['user', 'Hi'],
      ['assistant', 'Should I explain how this works?'],
    ]);
    expect(tagger.run(conv, { version: 1 })).toEqual([]);
  });
});
