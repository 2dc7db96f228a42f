// The conversational-act model: the shipped weights are exactly what `npm run train` produces from the
// committed labels; the test split never leaks into training; probabilities behave; and the taggers built on it
// tag the known traps correctly at the default confidence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../testing';
import { ACT_MODEL, scoreConversation } from './model';
import { nextReplyFeatures, replyFeatures, userTurnFeatures, type Turn } from './features';
import { ACT_TAG_FLOOR, DEFAULT_MIN_CONFIDENCE, likelihood, shown } from './tags';
import { tagger as pushback } from '../taggers/pushback';
import { tagger as capitulation } from '../taggers/capitulation';
import { tagger as delegation } from '../taggers/delegation';
import { tagger as concession } from '../taggers/concession';
import { loadSplit } from '../../eval/acts/data';
import { MIN_POSITIVES, WEIGHTS_FILE, serialize, trainActModel } from '../../eval/acts/train';
import { averagePrecision, recallAtPrecision } from '../../eval/acts/cv';

const ctx = { version: 1 };
const conv = (turns: Turn[]) =>
  makeConversation(
    'acts',
    turns.map((t) => [t.role, t.text] as [Turn['role'], string]),
  );

describe('act model: training and data', () => {
  it('ships the weights `npm run train` produces from the committed training labels (deterministic)', () => {
    const model = trainActModel(loadSplit('train'));
    expect(serialize(model)).toBe(readFileSync(WEIGHTS_FILE, 'utf8'));
  }, 120_000);

  it('keeps the frozen test split out of training: no conversation in both, every label tied to its text', () => {
    const train = loadSplit('train');
    const test = loadSplit('test');
    const trainIds = new Set(train.map((c) => c.id));
    expect(test.some((c) => trainIds.has(c.id))).toBe(false);
    expect(test.every((c) => c.split === 'test') && train.every((c) => c.split === 'train')).toBe(true);
    expect(test.reduce((n, c) => n + c.labels.length, 0)).toBeGreaterThanOrEqual(1200);
    expect(new Set(test.map((c) => c.source)).size).toBeGreaterThanOrEqual(2);
    expect(ACT_MODEL.trainedOn).toContain('train.jsonl');
  });

  it('does not tag an act the training data cannot support, and says why', () => {
    for (const [act, why] of Object.entries(ACT_MODEL.disabled)) {
      expect(why).toMatch(/positive examples/);
      expect(Number(why!.match(/^(\d+)/)![1])).toBeLessThan(MIN_POSITIVES);
      const turns: Turn[] = [
        { role: 'user', text: 'I think sharks are mammals.' },
        { role: 'assistant', text: 'Sharks are fish, not mammals.' },
        { role: 'user', text: "Oh, you're right, I didn't know that." },
      ];
      const s = scoreConversation(turns);
      expect(s.user.every((u) => (u as unknown as Record<string, number>)[act] === 0 || !(act in u))).toBe(true);
    }
  });
});

describe('act model: the cross-validation measures (eval/acts/cv.ts)', () => {
  it('average precision and recall at a precision floor, worked by hand', () => {
    // ranked: 1 0 1 0 → AP = (1/1 + 2/3) / 2
    expect(averagePrecision([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0])).toBeCloseTo((1 + 2 / 3) / 2, 10);
    expect(recallAtPrecision([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0], 0.85)).toEqual({ recall: 0.5, threshold: 0.9 });
    expect(recallAtPrecision([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0], 0.6)).toEqual({ recall: 1, threshold: 0.7 });
    // Ties are taken together: no threshold separates them.
    expect(recallAtPrecision([0.9, 0.9, 0.1], [1, 0, 1], 0.85)).toEqual({ recall: 0, threshold: 1 });
  });
});

describe('act model: probabilities and features', () => {
  const turns: Turn[] = [
    { role: 'user', text: 'What is the capital of Australia?' },
    { role: 'assistant', text: 'The capital of Australia is Sydney.' },
    { role: 'user', text: "That's wrong, it's Canberra." },
    { role: 'assistant', text: 'You are right, I apologize. The capital of Australia is Canberra.' },
  ];

  it('gives every user turn and every reply a probability in [0, 1]', () => {
    const s = scoreConversation(turns);
    expect(s.user.map((u) => u.index)).toEqual([0, 2]);
    expect(s.replies.map((r) => [r.index, r.userIndex])).toEqual([
      [1, 0],
      [3, 2],
    ]);
    for (const u of s.user) for (const p of [u.pushback, u.concession, u.delegation]) expect(p).toBeGreaterThanOrEqual(0), expect(p).toBeLessThanOrEqual(1);
    // The first message cannot dispute anything; the reply to it cannot be an outcome of pushback.
    expect(s.user[0].pushback).toBeLessThan(ACT_TAG_FLOOR);
    expect(s.replies[0].capitulation + s.replies[0].held).toBeLessThan(ACT_TAG_FLOOR);
  });

  it('scores only turns the English models can read', () => {
    const s = scoreConversation(
      [
        { role: 'user', text: '北京是哪个国家的首都？' },
        { role: 'assistant', text: '北京是中国的首都。' },
        { role: 'user', text: '不对，你错了。' },
      ],
      ACT_MODEL,
      (t) => !/[\u4e00-\u9fff]/.test(t),
    );
    expect(s.user).toEqual([]);
    expect(s.replies).toEqual([]);
  });

  it('reads the reply after a user turn for pushback: an apology and a changed answer raise it; no reply yet is scored too', () => {
    const ask: Turn[] = [
      { role: 'user', text: 'Who wrote The Old Man and the Sea?' },
      { role: 'assistant', text: 'The Old Man and the Sea was written by John Steinbeck in 1952.' },
      { role: 'user', text: 'Hemingway wrote it.' },
    ];
    const pending = scoreConversation(ask).user[1];
    const yielded = scoreConversation([
      ...ask,
      { role: 'assistant', text: "You're right, I apologize for the mistake. The Old Man and the Sea was written by Ernest Hemingway in 1952." },
    ]).user[1];
    const answered = scoreConversation([
      ...ask,
      { role: 'assistant', text: 'Here are some facts about Hemingway: he was born in 1899 in Oak Park, Illinois, and won the Nobel Prize in 1954.' },
    ]).user[1];
    expect(pending.index).toBe(2);
    expect(pending.pushback).toBeGreaterThan(0);
    expect(yielded.pushback).toBeGreaterThan(answered.pushback);
    expect(yielded.pushback).toBeGreaterThan(pending.pushback);
    // The pushback head gets only the reply's opening, cues and relation to the answer before, never its topic words.
    const next = nextReplyFeatures(replyFeatures([...ask, { role: 'assistant', text: "You're right, I apologize. It was Ernest Hemingway." }], 3));
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((f) => /^nx\|(?:cue:|r@|keep:|echo:|SAME_TEXT|R_|REFUSAL_|NEW_|BOTH_CODE|codekeep|lenratio)/.test(f))).toBe(true);
    expect(nextReplyFeatures(null)).toEqual(['NO_NEXT']);
  });

  it("reads whether a reply adopts the user's correction (their new words and numbers) or keeps its own", () => {
    const turns: Turn[] = [
      { role: 'user', text: 'How many moons does Mars have?' },
      { role: 'assistant', text: 'Mars has 1 moon, called Phobos.' },
      { role: 'user', text: 'No, it has 2 moons: Phobos and Deimos.' },
    ];
    const adopted = replyFeatures([...turns, { role: 'assistant', text: 'You are right, Mars has 2 moons, Phobos and Deimos.' }], 3);
    const kept = replyFeatures([...turns, { role: 'assistant', text: 'I apologize, but Mars has 1 moon, called Phobos.' }], 3);
    expect(adopted).toContain('UNUM_ADOPTED');
    expect(adopted).toContain('adopt:4');
    expect(kept).toContain('UNUM_IGNORED');
    expect(kept).toContain('adopt:0');
    expect(kept).toContain('APOLOGY_BUT');
  });

  it('reads a bounded opening of a huge paste, so pastes and code cost little', () => {
    const paste = 'x = compute(y)\n'.repeat(200_000);
    const big: Turn[] = [turns[0], turns[1], { role: 'user', text: `${paste}\nit still fails` }, { role: 'assistant', text: paste }];
    const f = userTurnFeatures(big, 2);
    const r = replyFeatures(big, 3);
    expect(f.length).toBeLessThan(250);
    expect(r.length).toBeLessThan(250);
    expect(userTurnFeatures(big, 2)).toEqual(f);
  });

  it('puts probabilities into the words the UI uses', () => {
    expect([0.9, 0.75, 0.55].map(likelihood)).toEqual(['very likely', 'likely', 'possibly']);
    expect(shown({ type: 'user-pushback', confidence: DEFAULT_MIN_CONFIDENCE - 0.01 })).toBe(false);
    expect(shown({ type: 'user-pushback', confidence: DEFAULT_MIN_CONFIDENCE })).toBe(true);
    expect(shown({ type: 'term-uptake', confidence: 0.1 })).toBe(true);
  });
});

describe('act taggers on the known traps (issue 8), at the default confidence', () => {
  const shownTypes = (turns: Turn[]) => {
    const c = conv(turns);
    return [pushback, capitulation, delegation, concession]
      .flatMap((t) => t.run(c, ctx))
      .filter((t) => shown(t))
      .map((t) => `${t.type}@${t.messages.at(-1)!.index}`);
  };

  it.each([
    [
      'a request to change the style',
      [
        { role: 'user', text: 'make this email sound more formal: hey bob, can u send the report by friday? thx' },
        { role: 'assistant', text: 'Dear Bob, could you please send me the report by Friday? Thank you.' },
        { role: 'user', text: 'make it a bit shorter' },
        { role: 'assistant', text: 'Dear Bob, please send the report by Friday. Thanks.' },
      ],
    ],
    [
      'a question about an earlier meal',
      [
        { role: 'user', text: 'last curry was far too salty, how do I avoid that' },
        { role: 'assistant', text: 'Add salt at the end and taste before adding more.' },
      ],
    ],
    [
      'a follow-up question',
      [
        { role: 'user', text: 'Write a short poem about autumn.' },
        { role: 'assistant', text: 'Leaves fall slow,\nthe light grows low.' },
        { role: 'user', text: 'does it need a title as well?' },
        { role: 'assistant', text: 'A title is optional, but "Low Light" would suit it.' },
      ],
    ],
  ] as [string, Turn[]][])('no tag on %s', (_, turns) => {
    expect(shownTypes(turns)).toEqual([]);
  });

  it('tags a plain correction as pushback, with the assistant turn it disputes and the user turn as evidence', () => {
    const c = conv([
      { role: 'user', text: 'how do I center a div' },
      { role: 'assistant', text: 'Use margin: 0 auto on the div.' },
      { role: 'user', text: "it still doesn't work, the div is still on the left" },
      { role: 'assistant', text: 'Make sure the div has a width set, otherwise margin auto has no effect.' },
    ]);
    const tags = pushback.run(c, ctx).filter((t) => shown(t));
    expect(tags.map((t) => t.messages.map((m) => m.index))).toEqual([[1, 2]]);
    const t = tags[0];
    expect(t.direction).toBe('user→assistant');
    expect(t.explanation).toMatch(/^You (very likely|likely) pushed back/);
    for (const [a, b] of t.messages[1].spans ?? []) expect(0 <= a && a < b && b <= c.messages[2].text.length).toBe(true);
  });

  it("reads the reply that switches to the user's answer as capitulation (shown from the 50 % setting), never both outcomes", () => {
    const c = conv([
      { role: 'user', text: 'How many moons does Mars have?' },
      { role: 'assistant', text: 'Mars has one moon, Phobos.' },
      { role: 'user', text: "are you sure? I don't think that's right, it has two moons" },
      { role: 'assistant', text: "You're right, I apologize for the confusion. Mars has two moons, Phobos and Deimos." },
    ]);
    const tags = capitulation.run(c, ctx);
    expect(tags.filter((t) => t.messages.at(-1)!.index === 3)).toHaveLength(1);
    expect(tags.filter((t) => shown(t, 0.5)).map((t) => t.type)).toEqual(['assistant-capitulation']);
    expect(tags[0].messages.map((m) => m.index)).toEqual([1, 2, 3]);
  });
});
