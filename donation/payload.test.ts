import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../analysis/testing';
import { DONATION_LEVELS, donationProblems, type DonationPayload } from '../model/donation';
import type { Tag } from '../model/tags';
import { buildDonation, selectConversations, type BuildOptions } from './payload';

const JAN = Date.UTC(2026, 0, 10);
const MAR = Date.UTC(2026, 2, 10);
const a = makeConversation(
  'conv-a-123',
  [
    ['user', 'I am Ann Lind from Acme. Mail me at ann@acme.example or call +46 70 123 45 67.'],
    ['assistant', 'Sure, Ann. Here is a plan for your project.'],
    ['user', 'No, that is wrong: the deadline is Friday.'],
    ['assistant', 'You are right, the deadline is Friday.'],
  ],
  { site: 'chatgpt', start: JAN },
);
a.title = 'Plan for Acme';
const b = makeConversation(
  'conv-b-456',
  [
    ['user', 'What does my server 10.0.0.7 log? See https://logs.example/view?token=s3cret'],
    ['assistant', 'It logs requests.'],
  ],
  { site: 'claude', start: MAR },
);
const c = makeConversation(
  'conv-c-789',
  [
    ['user', 'A private question about my health.'],
    ['assistant', 'A careful answer.'],
  ],
  { site: 'gemini', start: MAR + 86_400_000 },
);
const all = [c, b, a];

const tagA: Tag = {
  id: 'tag-a',
  type: 'user-pushback',
  conversationId: a.id,
  messages: [{ index: 2, id: a.messages[2].id }],
  direction: 'user→assistant',
  confidence: 0.91,
  explanation: 'Ann pushed back on the deadline.',
  time: a.messages[2].time!,
  site: 'chatgpt',
  data: { p: 0.91, word: 'deadline', held: false },
  version: 4,
};
// A history tag that cites messages in two conversations: it may only leave when both are selected.
const tagAcross: Tag = {
  id: 'tag-x',
  type: 'term-uptake',
  conversationId: b.id,
  messages: [
    { conversationId: a.id, index: 1, id: a.messages[1].id },
    { index: 0, id: b.messages[0].id },
  ],
  direction: 'assistant→user',
  confidence: 0.8,
  explanation: 'A term moved across.',
  time: b.messages[0].time!,
  site: 'claude',
  version: 4,
};
const tagLow: Tag = { ...tagA, id: 'tag-low', confidence: 0.4, explanation: 'low confidence' };

const consent = { studyId: 'pilot', studySha256: 'f'.repeat(64), version: '1.0', at: JAN };
const base = (over: Partial<BuildOptions>): BuildOptions => ({
  level: 'conversations',
  consent,
  appVersion: '0.1.0',
  terms: ['Ann Lind', 'Acme'],
  now: MAR + 5 * 86_400_000,
  ...over,
});
const input = { conversations: all, tags: [tagA, tagAcross, tagLow] };

describe('selection', () => {
  it('filters by site, date range and conversation, oldest first', () => {
    expect(selectConversations(all).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(selectConversations(all, { sites: ['claude', 'gemini'] }).map((x) => x.id)).toEqual([b.id, c.id]);
    expect(selectConversations(all, { from: Date.UTC(2026, 1, 1), to: MAR + 1000 }).map((x) => x.id)).toEqual([b.id]);
    expect(selectConversations(all, { conversationIds: [c.id, a.id] }).map((x) => x.id)).toEqual([a.id, c.id]);
  });
});

describe('payload: conversations level', () => {
  const built = buildDonation(input, base({ level: 'conversations', selection: { sites: ['chatgpt', 'claude'] } }));
  const p = built.payload;

  it('is valid coevo-donation/1 and carries conversations only', () => {
    expect(donationProblems(p)).toEqual([]);
    expect(p.summary).toBeUndefined();
    expect(p.tags).toBeUndefined();
    expect(p.conversations!.map((x) => [x.id, x.site])).toEqual([
      ['c1', 'chatgpt'],
      ['c2', 'claude'],
    ]);
    expect(JSON.parse(built.json)).toEqual(p);
  });

  it('redacts before anything is serialized, and counts what it redacted', () => {
    expect(p.conversations![0].messages[0].content).toBe('I am [REDACTED] from [REDACTED]. Mail me at [EMAIL] or call [PHONE].');
    expect(p.conversations![0].title).toBe('Plan for [REDACTED]');
    expect(p.conversations![1].messages[0].content).toBe('What does my server [IP] log? See [URL]');
    expect(p.redaction).toEqual({ email: 1, phone: 1, url: 1, ip: 1, card: 0, iban: 0, term: 3 });
    for (const secret of ['ann@acme', 'Acme', 'Ann Lind', '123 45 67', '10.0.0.7', 's3cret']) expect(built.json).not.toContain(secret);
  });

  it("never sends the sites' ids, URLs or unselected conversations", () => {
    for (const leak of ['conv-a-123', 'conv-b-456', 'conv-c', 'private question', 'gemini']) expect(built.json).not.toContain(leak);
  });

  it('leaves out the rows removed in review, and their redaction counts', () => {
    const r = buildDonation(input, base({ level: 'conversations', selection: { sites: ['chatgpt', 'claude'] }, removed: [a.messages[0].id, `title|${a.id}`] }));
    expect(r.payload.conversations![0].messages.map((m) => m.content)).toEqual(a.messages.slice(1).map((m) => m.text));
    expect(r.payload.conversations![0].title).toBeUndefined();
    expect(r.payload.redaction).toEqual({ email: 0, phone: 0, url: 1, ip: 1, card: 0, iban: 0, term: 0 });
    expect(r.payload.scope!.removedRows).toBe(2);
    expect(
      r.rows
        .filter((x) => x.removed)
        .map((x) => x.key)
        .sort(),
    ).toEqual([a.messages[0].id, `title|${a.id}`].sort());
    // A conversation with every row removed is not sent at all.
    const none = buildDonation(input, base({ level: 'conversations', selection: { conversationIds: [b.id] }, removed: b.messages.map((m) => m.id) }));
    expect(none.payload.conversations).toEqual([]);
  });

  it('each kept row is exactly the text in the payload', () => {
    const texts = p.conversations!.flatMap((x) => x.messages.map((m) => m.content));
    expect(built.rows.filter((r) => r.kind === 'message').map((r) => r.text)).toEqual(texts);
  });
});

describe('payload: tags level', () => {
  it('carries tags with their cited messages only, redacted; numbers only in data', () => {
    const built = buildDonation(input, base({ level: 'tags', selection: { sites: ['chatgpt'] } }));
    const p = built.payload;
    expect(donationProblems(p)).toEqual([]);
    expect(p.conversations).toBeUndefined();
    expect(p.summary).toBeUndefined();
    expect(p.tags!.map((t) => t.type)).toEqual(['user-pushback']); // tag-x cites claude (unselected); tag-low is below 70 %
    const t = p.tags![0];
    expect(t.explanation).toBe('Ann pushed back on the deadline.');
    expect(t.evidence).toEqual([
      { conversation: 'c1', role: 'user', content: 'No, that is wrong: the deadline is Friday.', time: new Date(a.messages[2].time!).toISOString() },
    ]);
    expect(t.data).toEqual({ p: 0.91, held: false });
    // Only the cited message: the rest of the conversation stays home.
    expect(built.json).not.toContain('Here is a plan');
    expect(built.json).not.toContain('ann@acme');
  });

  it('a tag citing two conversations leaves only when both are selected', () => {
    const p = buildDonation(input, base({ level: 'tags', selection: { sites: ['chatgpt', 'claude'] } })).payload;
    expect(p.tags!.map((t) => t.type).sort()).toEqual(['term-uptake', 'user-pushback']);
    const x = p.tags!.find((t) => t.type === 'term-uptake')!;
    expect(x.evidence.map((e) => e.conversation)).toEqual(['c1', 'c2']);
    expect(x.evidence[1].content).toContain('[URL]');
  });

  it("carries the person's verdict on each tag (null when not judged), in the payload and in the review rows", () => {
    const verdicts = new Map([
      ['tag-a', 'no' as const],
      ['tag-x', 'yes' as const],
    ]);
    const built = buildDonation({ ...input, verdicts }, base({ level: 'tags' }));
    expect(donationProblems(built.payload)).toEqual([]);
    expect(built.payload.tags!.map((t) => [t.type, t.verdict])).toEqual([
      ['user-pushback', 'no'],
      ['term-uptake', 'yes'],
    ]);
    expect(built.rows.filter((r) => r.kind === 'tag').map((r) => [r.key, r.verdict])).toEqual([
      ['tag-a', 'no'],
      ['tag-x', 'yes'],
    ]);
    const unjudged = buildDonation(input, base({ level: 'tags' })).payload;
    expect(unjudged.tags!.every((t) => t.verdict === null)).toBe(true);
    expect(JSON.stringify(unjudged.tags![0])).toContain('"verdict":null');
  });

  it('removes a tag row', () => {
    const p = buildDonation(input, base({ level: 'tags', removed: ['tag-a'] })).payload;
    expect(p.tags!.map((t) => t.type)).toEqual(['term-uptake']);
  });
});

describe('payload: summary level', () => {
  const built = buildDonation({ conversations: all }, base({ level: 'summary' }));
  const p = built.payload;

  it('is valid and carries figures only: no text, no words, no ids', () => {
    expect(donationProblems(p)).toEqual([]);
    expect(p.tags).toBeUndefined();
    expect(p.conversations).toBeUndefined();
    expect(p.summary!.totals.conversations).toBe(3);
    expect(p.summary!.totals.userMessages).toBe(4);
    expect(p.summary!.userMessages.filter((x) => x.site === 'all').map((x) => [x.period, x.value])).toEqual([
      ['2026-01', 2],
      ['2026-03', 2],
    ]);
    for (const w of ['deadline', 'Friday', 'health', 'careful', 'requests', 'Acme', 'token', 'wrong']) expect(built.json).not.toContain(w);
    expect(built.json).not.toContain('conv-');
    expect(built.json).not.toContain('"content"');
    expect(p.redaction).toEqual({ email: 0, phone: 0, url: 0, ip: 0, card: 0, iban: 0, term: 0 });
  });

  it('a removed figure is left out', () => {
    const key = built.rows.find((r) => r.label === 'userMessages' && r.key.endsWith('|2026-01|all'))!.key;
    const r = buildDonation({ conversations: all }, base({ level: 'summary', removed: [key] })).payload;
    expect(r.summary!.userMessages.find((x) => x.period === '2026-01' && x.site === 'all')).toBeUndefined();
    expect(r.scope!.removedRows).toBe(1);
  });
});

describe('payload validator and schema', () => {
  const ok = buildDonation(input, base({ level: 'tags' })).payload;

  it.each([
    ["a level carrying another level's content", { conversations: [] }, /level "tags": carries "tags" only/],
    ['a wrong schema', { schema: 'coevo-donation/9' }, /^schema/],
    ['a bad consent hash', { consent: { ...ok.consent, studySha256: 'xyz' } }, /consent\.studySha256/],
    ['a missing redaction count', { redaction: { ...ok.redaction, iban: undefined } }, /redaction\.iban/],
    ['a site id instead of c1', { tags: [{ ...ok.tags![0], conversation: 'chatgpt:conv-a-123' }] }, /tags\[0\]\.conversation/],
    ['words in data', { tags: [{ ...ok.tags![0], data: { word: 'deadline' } }] }, /tags\[0\]\.data/],
    ['a verdict that is not yes/no/unsure/null', { tags: [{ ...ok.tags![0], verdict: 'maybe' }] }, /tags\[0\]\.verdict/],
  ])('rejects %s', (_n, over, re) => {
    const p = donationProblems({ ...ok, ...over } as DonationPayload);
    expect(p.join('\n')).toMatch(re);
  });

  it("rejects words in the summary level's AI-vocabulary figures", () => {
    const s = buildDonation({ conversations: all }, base({ level: 'summary' })).payload;
    const bad = {
      ...s,
      summary: {
        ...s.summary!,
        aiVocabulary: [{ period: '2026-01', value: 1, projected: null, ratioLow95: null, ratioHigh95: null, rising: false, words: 10, topWords: ['delve'] }],
      },
    };
    expect(donationProblems(bad).join('\n')).toMatch(/topWords: not allowed/);
  });

  it('the open JSON schema accepts every level built here and rejects what the validator rejects', () => {
    const schema = JSON.parse(readFileSync(new URL('../model/donation.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const level of DONATION_LEVELS) {
      const p = buildDonation(input, base({ level })).payload;
      expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ ...ok, conversations: [] })).toBe(false);
    expect(validate({ ...ok, tags: [{ ...ok.tags![0], data: { word: 'deadline' } }] })).toBe(false);
    expect(validate({ ...ok, consent: { ...ok.consent, studySha256: 'xyz' } })).toBe(false);
    // Verdicts: each of the three answers and null pass; anything else fails; an older payload without one passes.
    for (const verdict of ['yes', 'no', 'unsure', null]) expect(validate({ ...ok, tags: [{ ...ok.tags![0], verdict }] })).toBe(true);
    expect(validate({ ...ok, tags: [{ ...ok.tags![0], verdict: 'maybe' }] })).toBe(false);
    const { verdict: _v, ...older } = ok.tags![0];
    expect(validate({ ...ok, tags: [older] })).toBe(true);
    expect(donationProblems({ ...ok, tags: [older] })).toEqual([]);
  });

  it('the open JSON schema documents the same version, fields and levels', () => {
    const schema = JSON.parse(readFileSync(new URL('../model/donation.schema.json', import.meta.url), 'utf8'));
    expect(schema.properties.schema.const).toBe('coevo-donation/1');
    expect(schema.properties.level.enum).toEqual([...DONATION_LEVELS]);
    for (const k of Object.keys(ok)) expect(Object.keys(schema.properties)).toContain(k);
    expect(schema.required).toEqual(['schema', 'studyId', 'consent', 'level', 'createdAt', 'app', 'redaction']);
    expect(Object.keys(schema.properties.redaction.properties)).toEqual(Object.keys(ok.redaction));
    expect(schema.properties.summary.properties.aiVocabulary.items.additionalProperties).toBe(false);
  });
});
