// Tests for the structural dispute signals (negation of the other turn's content, doubt questions, reply acknowledgement).
import { describe, expect, it } from 'vitest';
import { SPEAKER_SUBJECT, negatesAssistant } from './contradiction';
import { detectCuePushback } from '../taggers/pushback';
import { detectDelegation } from '../taggers/delegation';
import { classifyReply } from '../taggers/capitulation';

describe('negatesAssistant', () => {
  it('finds the user negating a content word the assistant asserted', () => {
    const a = 'On the first page you should see the administration logo in a big green box.';
    const span = negatesAssistant(a, "I can't see anything though.");
    expect(span).not.toBeNull();
    expect("I can't see anything though.".slice(span!.start, span!.end)).toBe("can't see");
  });
  it('ignores negations of words the assistant did not use, questions, and the user\'s own state', () => {
    const a = 'You could try the community garden on Main Street.';
    expect(negatesAssistant(a, 'I never liked cooking much.')).toBeNull();
    expect(negatesAssistant(a, "Isn't the garden closed?")).toBeNull();
    expect(negatesAssistant('You probably want to know more about it.', "I don't want to know.")).toBeNull();
  });
  it('does not count agreeing with something the assistant itself negated', () => {
    expect(negatesAssistant('That is not legal in most states.', "Right, it's not legal here either.")).toBeNull();
  });
  it('can require an I/you subject (a denial between the speakers)', () => {
    const reply = "Don't make assumptions about me. I am not rude.";
    expect(negatesAssistant('You are rude', reply, SPEAKER_SUBJECT)).not.toBeNull();
    expect(negatesAssistant('That joke was funny', 'It does not sound like a funny idea to me.', SPEAKER_SUBJECT)).toBeNull();
  });
});

describe('generalised cue families (phase 4)', () => {
  const a = 'The fine-structure constant is about 1/137 and is dimensionless.';
  it('pushback: "you did not <verb>" statements, attributions disputed, short verdicts, incredulity', () => {
    expect(detectCuePushback(a, 'You did not explain how this relates to the speed of light!')).not.toBeNull();
    expect(detectCuePushback('Are you trying to commit a murder?', "I didn't say I wanted to commit a murder")).not.toBeNull();
    expect(detectCuePushback(a, 'You are rude')).not.toBeNull();
    expect(detectCuePushback(a, 'Seriously, can you give me the real number?')).not.toBeNull();
    expect(detectCuePushback(a, 'How can that be? It was sunny all week.')).not.toBeNull();
    expect(detectCuePushback(a, 'Since when is it dimensionless?')).not.toBeNull();
  });
  it('pushback: leaves praise, questions about the assistant and requests alone', () => {
    expect(detectCuePushback(a, "You're awesome")).toBeNull();
    expect(detectCuePushback(a, 'You are a robot, right?')).toBeNull();
    expect(detectCuePushback(a, "You didn't have to, but thanks?")).toBeNull();
    expect(detectCuePushback(a, 'your mother')).toBeNull();
    expect(detectCuePushback(a, 'How can I be sure to pass the exam?')).toBeNull();
  });
  it('delegation: the best thing for me, recommendations for my own use, worth it for me', () => {
    expect(detectDelegation('What is the best programming language for me to start learning to code?')).not.toBeNull();
    expect(detectDelegation('Can you recommend any resources to help me practice my Python skills?')).not.toBeNull();
    expect(detectDelegation('Is it worth it for me to renew the gym membership?')).not.toBeNull();
    expect(detectDelegation('What should I write in a letter to my landlord?')).not.toBeNull();
  });
  it('delegation: not a decision statement or a how-to recommendation', () => {
    expect(detectDelegation('I feel it is better for me just to walk away.')).toBeNull();
    expect(detectDelegation('Can you recommend how to set up the router?')).toBeNull();
    expect(detectDelegation('What should I type in the terminal?')).toBeNull();
  });
});

describe('outcome after pushback (phase 4)', () => {
  it('held position: the reply denies what the user asserted', () => {
    const f = classifyReply('Please eat more vegetables.', "Don't take it out on me. I am not rude.", ['you-are-verdict'], 'You are rude');
    expect(f?.outcome).toBe('assistant-held-position');
  });
  it('capitulation: an apology that goes on to supply what the user said was missing', () => {
    const before = 'In physics, the fine-structure constant is a dimensionless constant of about 1/137.';
    const reply = 'My apologies, let me elaborate on the relationship: alpha equals e squared over 4 pi epsilon0 hbar c, so the speed of light enters the denominator directly.';
    expect(classifyReply(before, reply, ['you-didnt'], 'You did not explain how this relates to the speed of light!')?.outcome).toBe('assistant-capitulation');
  });
  it('held position: "not programmed to" keeps a refusal', () => {
    const f = classifyReply('I cannot answer that.', "Well, you did ask me that, but I'm not programmed to answer it.", ['you-said'], 'But you just told me I can ask you that');
    expect(f?.outcome).toBe('assistant-held-position');
  });
});
