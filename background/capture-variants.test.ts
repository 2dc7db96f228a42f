// Capture snapshots through the background's store path: a regenerated reply and an edited prompt keep both
// versions, the one the page shows current, and the old branch's later messages leave the current path.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../messaging/protocol';
import { CoevoDB } from '../storage/db';
import { storeSnapshot } from './capture';

const m = (role: 'user' | 'assistant', text: string): CapturedMessage => ({ role, text, time: null, timeSource: 'unknown' });
const base = { site: 'claude' as const, siteConversationId: 'v', url: 'https://claude.ai/chat/v' };
let n = 0;
async function db() {
  const d = new CoevoDB(`capture-variants-${n++}`);
  await d.open();
  return d;
}
const path = async (d: CoevoDB) =>
  (await d.messages.toArray())
    .filter((x) => x.current)
    .sort((a, b) => a.index - b.index)
    .map((x) => x.text);

describe('variants through capture snapshots', () => {
  it('an edited prompt: the old prompt and its old reply become alternates', async () => {
    const d = await db();
    await storeSnapshot(d, {
      ...base,
      messages: [
        m('user', 'first question here'),
        m('assistant', 'first answer text'),
        m('user', 'second question original'),
        m('assistant', 'reply to the original second question'),
      ],
    });
    await storeSnapshot(d, {
      ...base,
      messages: [
        m('user', 'first question here'),
        m('assistant', 'first answer text'),
        m('user', 'an edited and very different prompt'),
        m('assistant', 'a completely new reply about something else'),
      ],
    });
    expect(await path(d)).toEqual([
      'first question here',
      'first answer text',
      'an edited and very different prompt',
      'a completely new reply about something else',
    ]);
    const alternates = (await d.messages.toArray())
      .filter((x) => !x.current)
      .map((x) => x.text)
      .sort();
    expect(alternates).toEqual(['reply to the original second question', 'second question original']);
  });

  it('a regenerated reply, then switching back to the first version: both kept, the shown one current', async () => {
    const d = await db();
    const q = m('user', 'name a colour please');
    await storeSnapshot(d, { ...base, messages: [q, m('assistant', 'blue like the open sky')] });
    await storeSnapshot(d, { ...base, messages: [q, m('assistant', 'vermilion, a warm orange red pigment')] });
    expect(await path(d)).toEqual(['name a colour please', 'vermilion, a warm orange red pigment']);
    await storeSnapshot(d, { ...base, messages: [q, m('assistant', 'blue like the open sky')] });
    expect(await path(d)).toEqual(['name a colour please', 'blue like the open sky']);
    expect(await d.messages.count()).toBe(3);
  });
});
