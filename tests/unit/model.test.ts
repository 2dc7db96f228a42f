import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMessages } from '../../model/build';
import { identityText, messageIdFromContent } from '../../model/ids';
import { SITE_IDS } from '../../model/types';
import { conversationWithMessagesProblems } from '../../model/validate';

const schema = JSON.parse(readFileSync(join(__dirname, '../../model/conversation.schema.json'), 'utf8'));

describe('normalized model', () => {
  it('the JSON schema lists exactly the sites the code knows', () => {
    expect(schema.properties.site.enum).toEqual([...SITE_IDS]);
  });

  it('identity ignores markup, quotes, spacing and link targets but not words', () => {
    expect(identityText('**Delve** into “this” — see [docs](https://x.y)')).toBe(identityText('Delve into "this" - see docs'));
    expect(identityText('the cat sat')).not.toBe(identityText('the cat sat down'));
  });

  it('buildMessages chains parents, counts repeated texts apart and prefers site ids', () => {
    const ms = buildMessages('chatgpt:c1', [
      { role: 'user', text: 'ok' },
      { role: 'assistant', text: 'Sure.', siteMessageId: 'm-2', time: 5, timeSource: 'site' },
      { role: 'user', text: 'ok' },
    ]);
    expect(ms.map((m) => m.id)).toEqual([
      messageIdFromContent('chatgpt:c1', 'user', 'ok', 0),
      'chatgpt:c1#m-2',
      messageIdFromContent('chatgpt:c1', 'user', 'ok', 1),
    ]);
    expect(ms.map((m) => m.parentId)).toEqual([null, ms[0]!.id, ms[1]!.id]);
    expect(ms.map((m) => [m.time, m.timeSource])).toEqual([
      [null, 'unknown'],
      [5, 'site'],
      [null, 'unknown'],
    ]);
    expect(
      conversationWithMessagesProblems({
        id: 'chatgpt:c1',
        site: 'chatgpt',
        siteConversationId: 'c1',
        source: 'capture',
        createdAt: 5,
        updatedAt: 5,
        messages: ms,
      }),
    ).toEqual([]);
  });

  it.each([
    ['a wrong site', { site: 'myspace' }, 'site'],
    ['a message of another conversation', { messages: [{ ...buildMessages('x:y', [{ role: 'user', text: 'a' }])[0] }] }, 'conversationId'],
    ['a negative time', { createdAt: -1 }, 'createdAt'],
  ])('validation names the problem: %s', (_n, over, field) => {
    const base = { id: 'claude:a', site: 'claude', siteConversationId: 'a', source: 'import', createdAt: null, updatedAt: null, messages: [] };
    const problems = conversationWithMessagesProblems({ ...base, ...over });
    expect(problems.join(' ')).toContain(field);
  });
});
