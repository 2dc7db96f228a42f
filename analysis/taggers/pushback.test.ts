import { describe, expect, it } from 'vitest';
import { makeConversation, type Turn } from '../testing';
import { detectPushback, tagger } from './pushback';

const ctx = { version: 7 };

/** [assistant turn, user reply, is pushback] — real-looking exchanges, incl. the false-positive traps. */
const CASES: [string, string, string, boolean][] = [
  ['factual dispute', 'Male ballerinas are called ballerinas too.', "That's not right, they're called danseurs.", true],
  ['not what I asked', 'Harassment can be physical, emotional or verbal.', "Yeah I know. That's not what I asked. I asked what works best online.", true],
  ['are you sure', 'The capital of Australia is Sydney.', 'Are you sure about that?', true],
  ['wrong!', 'Jimmy Hoffa used the Twinkie defense in 1971.', 'Wrong! That was Dan White.', true],
  ['does not work', 'Run `npm start` and the server will come up.', "That doesn't work, it crashes on start.", true],
  ['no after an assertion', 'You should just buy popcorn at the theater, it is cheaper.', 'No, those concession prices are a rip off.', true],
  ['not helpful', 'I can get you in, but not without jail time.', 'That is not very helpful.', true],
  ['objects to refusal', "I'm sorry, but I don't have that information.", "you can't think of any ways to make a person cry?", true],
  ['like I said', 'Try a free trial of a streaming service.', 'Like I said, I want it for free.', true],
  ['actually correction', "It's complicated because it is a personality trait.", 'Actually, it is an orifice.', true],
  ['you said X but', 'I am not taking sides.', 'You said I was too harsh, but now you are backtracking.', true],
  ['curly apostrophe', 'Go to duckduckgo.com, it is the dark web.', 'That’s not the dark web.', true],
  // traps
  ['new request', 'Here is a recipe for pancakes.', 'Great, now can you give me one for waffles?', false],
  ['refining own request', 'Here are some pranks with balloons.', 'I want to play a trick on the person IN the bathroom, but that balloon thing might work.', false],
  ['own typo', "I don't know, what do you mean by his email address?", 'Typo. I meant "what." What is his email address?', false],
  ['third party', 'Vaccines are tested for safety before approval.', "My uncle says that's wrong and they are not tested.", false],
  ['plain thanks', 'The train leaves at 9:40 from platform 2.', 'Thanks, that helps!', false],
  ['"no" answers a question', 'Have you heard of bump keys?', 'No, what are bump keys?', false],
  ['"no problem"', 'I could ask my contact, if you are fine with that.', 'No problem. What does he have?', false],
  ['apology-free follow-up', 'Legoland has rides and shows for kids.', 'What is the best time to arrive?', false],
];

describe('user-pushback', () => {
  it.each(CASES)('%s', (_name, assistant, user, expected) => {
    expect(!!detectPushback(assistant, user)).toBe(expected);
  });

  it('emits a tag with evidence, spans, direction and the context version', () => {
    const turns: Turn[] = [
      ['user', 'What is the capital of Australia?'],
      ['assistant', 'The capital of Australia is Sydney.'],
      ['user', "That's wrong, it's Canberra."],
    ];
    const conv = makeConversation('pb-1', turns);
    const [tag] = tagger.run(conv, ctx);
    expect(tag.type).toBe('user-pushback');
    expect(tag.direction).toBe('user→assistant');
    expect(tag.version).toBe(7);
    expect(tag.messages.map((m) => m.index)).toEqual([1, 2]);
    expect(tag.messages[1].id).toBe(conv.messages[2].id);
    const [s, e] = tag.messages[1].spans![0];
    expect(conv.messages[2].text.slice(s, e).toLowerCase()).toContain('wrong');
    expect(tag.time).toBe(conv.messages[2].time);
    expect(tag.confidence).toBeGreaterThan(0.5);
    expect(tag.confidence).toBeLessThanOrEqual(1);
    expect(tag.explanation).toMatch(/pushed back/);
    // Stable id: re-running gives the same tag id.
    expect(tagger.run(conv, ctx)[0].id).toBe(tag.id);
  });

  it('ignores a first user message (nothing to push back on)', () => {
    const conv = makeConversation('pb-2', [['user', "That's wrong, everyone knows it."]]);
    expect(tagger.run(conv, ctx)).toEqual([]);
  });
});
