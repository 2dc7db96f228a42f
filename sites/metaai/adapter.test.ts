// @vitest-environment happy-dom
/** Meta AI adapter: message ids and title, chrome dropped, streaming. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('metaai');
const MAIN = 'prompt-two-turns';

describe('metaai adapter', () => {
  it('keeps message ids and the title', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.siteMessageId)).toEqual([
      '3471902251664312_user',
      '3471902251664313_assistant',
      '3471902251664314_user',
      '3471902251664315_assistant',
    ]);
    expect(page.title).toBe('Weekend sourdough plan');
  });

  it('drops chrome: citation pills, thinking status, code header, action row', () => {
    const all = adapter
      .parse(load(MAIN), new URL(expected(MAIN).url))
      .messages.map((m) => m.text)
      .join('\n');
    for (const noise of ['kingarthurbaking', 'Thought for', 'Download file', 'Copy', 'Regenerate', 'Edit']) expect(all).not.toContain(noise);
    expect(all).toContain('```bash\nfor i in 1 2 3 4; do\n  sleep 1800\n');
    expect(all).not.toMatch(/^bash$/m);
  });

  it('marks the last reply as streaming until its action row appears', () => {
    const doc = load(MAIN);
    const replies = doc.querySelectorAll('[data-message-id$="_assistant"]');
    replies[replies.length - 1].querySelector('[aria-label="Message actions"]')!.remove();
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);
  });
});
