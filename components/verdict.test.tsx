// @vitest-environment happy-dom
// "Is this right? Yes / No / Not sure" on a tag card and in the evidence view: buttons reachable by Tab, the choice
// stored by tag id, pressing it again withdraws it, and a "No" says the tag is now hidden.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tag } from '../model/tags';
import { CoevoDB } from '../storage/db';
import { loadVerdicts } from '../storage/verdicts';
import { TagCard } from './TagCard';
import { useVerdictStore, VerdictContext } from './Verdict';

const tag: Tag = {
  id: 'delegation:claude:c1:3',
  type: 'delegation',
  conversationId: 'claude:c1',
  messages: [{ index: 3, id: 'claude:c1#3' }],
  direction: 'user→assistant',
  confidence: 0.9,
  explanation: 'You asked which one to take.',
  version: 4,
};

let db: CoevoDB;
let host: HTMLElement;
afterEach(async () => {
  render(null, host);
  db?.close();
  await Dexie.delete('verdict-ui');
});

function Harness() {
  const store = useVerdictStore(db);
  return <VerdictContext.Provider value={store}>{store.loaded && <TagCard tag={tag} href="#/tag/x" />}</VerdictContext.Provider>;
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 100 && !f(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(f()).toBe(true);
};

describe('VerdictControl', () => {
  it('stores the person’s answer by tag id, shows it pressed, and withdraws it on a second press', async () => {
    db = new CoevoDB('verdict-ui');
    host = document.createElement('div');
    document.body.appendChild(host);
    render(<Harness />, host);
    await until(() => !!host.querySelector('[data-verdict-choice]'));
    expect(host.querySelector('legend')!.textContent).toBe('Is this right?');
    const buttons = [...host.querySelectorAll<HTMLButtonElement>('[data-verdict-choice]')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Yes', 'No', 'Not sure']);
    // Keyboard: real buttons (focusable, Enter/Space activate them), outside the link.
    expect(buttons.every((b) => b.tagName === 'BUTTON' && b.type === 'button' && !b.closest('a'))).toBe(true);

    await act(() => buttons[1]!.click());
    await until(() => host.querySelector('[data-verdict]')!.getAttribute('data-verdict') === 'no');
    expect(buttons[1]!.getAttribute('aria-pressed')).toBe('true');
    expect(host.textContent).toContain('You said this is wrong');
    expect([...(await loadVerdicts(db))]).toEqual([[tag.id, 'no']]);
    expect((await db.verdicts.get(tag.id))!.tagType).toBe('delegation');

    await act(() => buttons[1]!.click());
    await until(() => host.querySelector('[data-verdict]')!.getAttribute('data-verdict') === 'unjudged');
    expect(await db.verdicts.count()).toBe(0);
  });
});
