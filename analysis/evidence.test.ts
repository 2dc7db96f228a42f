// One way to build a tag: every tagger, conversation or history, files its tag under the assistant the summary
// counts the conversation's messages under (`siteKey`), so per-site rates see every tag.
import { describe, expect, it } from 'vitest';
import { analyze } from './engine';
import { makeTag, siteKey, UNKNOWN_SITE_FORMAT } from './evidence';
import { makeConversation } from './testing';

// A chat file that does not name its assistant: stored under site 'chatgpt' (a site id is required) but counted
// as 'unknown' in the summary (cli/chatfile.ts).
const unnamed = () => ({
  ...makeConversation('unnamed', [
    ['user', 'What is the capital of Australia?'],
    ['assistant', 'The capital of Australia is Sydney.'],
    ['user', "That's wrong, it's Canberra. Sydney is not the capital."],
    ['assistant', 'You are right, I apologize: the capital of Australia is Canberra.'],
  ]),
  format: UNKNOWN_SITE_FORMAT,
});

describe('makeTag', () => {
  it('takes the site from a conversation the way the summary does, or a site key as given', () => {
    const conv = unnamed();
    const base = {
      type: 'user-pushback' as const,
      conversationId: conv.id,
      messages: [{ index: 2, id: conv.messages[2].id }],
      direction: 'user→assistant' as const,
      confidence: 0.9,
      explanation: 'x',
      version: 1,
    };
    expect(makeTag({ ...base, of: conv }).site).toBe('unknown');
    expect(makeTag({ ...base, of: siteKey(makeConversation('n', [['user', 'hi']], { site: 'claude' })) }).site).toBe('claude');
    const noSite = makeTag({ ...base, of: undefined, time: null });
    expect('site' in noSite || 'time' in noSite).toBe(false);
    // The id follows the evidence, unless the tagger names what it is built from.
    expect(makeTag({ ...base, of: conv }).id).toBe(makeTag({ ...base, of: 'claude' }).id);
    expect(makeTag({ ...base, of: conv, idFrom: { key: 'k' } }).id).not.toBe(makeTag({ ...base, of: conv }).id);
  });

  it('an act tag on a chat file without an assistant counts in the per-site rates (it was filed under ChatGPT, with no messages there)', () => {
    const { tags, summary } = analyze([unnamed()], { minConfidence: 0.5 });
    const pushback = tags.filter((t) => t.type === 'user-pushback');
    expect(pushback.length).toBeGreaterThan(0);
    expect(pushback.every((t) => t.site === 'unknown')).toBe(true);
    const rates = summary.tagRates['user-pushback'];
    expect(rates.some((r) => r.site === 'unknown' && r.value > 0)).toBe(true);
    expect(rates.some((r) => r.site === 'chatgpt')).toBe(false);
  });
});

describe('ISO week keys', () => {
  it('match the ISO calendar at year ends', async () => {
    const { periodKey } = await import('./evidence');
    const at = (d: string) => periodKey(Date.parse(`${d}T12:00:00Z`), 'week');
    expect(at('2020-12-24')).toBe('2020-W52');
    expect(at('2020-12-31')).toBe('2020-W53');
    expect(at('2021-01-03')).toBe('2020-W53');
    expect(at('2021-01-04')).toBe('2021-W01');
    expect(at('2024-12-30')).toBe('2025-W01');
    expect(at('2024-12-23')).toBe('2024-W52');
    expect(at('2026-01-01')).toBe('2026-W01');
    expect(at('2026-12-02')).toBe('2026-W49');
  });
});
