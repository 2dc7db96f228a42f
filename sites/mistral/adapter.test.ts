// @vitest-environment happy-dom
/** Mistral Le Chat adapter: message ids, the reasoning part, chrome dropped, streaming, grid tables. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('mistral');
const MAIN = 'think-two-turns';

describe('mistral adapter', () => {
  it('keeps message ids and the reasoning part apart from the answer', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.siteMessageId)).toEqual([
      'b1f0c3a2-0001-4d5e-8f90-1a2b3c4d5e6f',
      'b1f0c3a2-0002-4d5e-8f90-1a2b3c4d5e6f',
      'b1f0c3a2-0003-4d5e-8f90-1a2b3c4d5e6f',
      'b1f0c3a2-0004-4d5e-8f90-1a2b3c4d5e6f',
    ]);
    const first = page.messages[1];
    expect(first.extras).toEqual([{ kind: 'thinking', text: expect.stringMatching(/^Spaces in file names break word splitting/) }]);
    expect(first.text).not.toContain('word splitting');
    expect(page.messages[3].extras).toBeUndefined();
    expect(page.title).toBe('Bash loop over files with spaces');
  });

  it('drops chrome: copy buttons, code labels, timing, avatar, "Thought for"', () => {
    const all = adapter
      .parse(load(MAIN), new URL(expected(MAIN).url))
      .messages.map((m) => m.text)
      .join('\n');
    for (const noise of ['Copy', 'Thought for', '2.1s', 'Le Chat', 'Rewrite', 'Edit message']) expect(all).not.toContain(noise);
    expect(all).toContain('```bash\nshopt -s nullglob\nfor f in ./*.txt; do');
    expect(all).not.toMatch(/^bash$/m);
  });

  it('marks the last reply as streaming until its action row appears', () => {
    const doc = load(MAIN);
    const replies = doc.querySelectorAll('[data-message-author-role="assistant"]');
    replies[replies.length - 1].querySelector('[role="toolbar"]')!.remove();
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);
  });

  it('renders grid tables (data-rich-table-inner-html, role="table") as rows without changing the page', () => {
    const name = 'grid-tables';
    const doc = load(name);
    const before = doc.body.innerHTML;
    const page = adapter.parse(doc, new URL(expected(name).url));
    expect(page.messages[1].text).toContain('| Python | slow | needs an interpreter |');
    expect(page.messages[3].text).toContain('| Rust | about 0.4 MB |');
    expect(page.messages[0].text).not.toContain('cli-requirements.md');
    expect(doc.body.innerHTML).toBe(before);
  });
});
