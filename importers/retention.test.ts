// What of an import retention would delete: by each conversation's latest known message, as retention goes.
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../analysis/testing';
import { AgeTally, retentionCutoff } from './retention';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 2);

describe('retention warning counts', () => {
  it('counts conversations whose latest message is older than the window, with their messages', () => {
    const tally = new AgeTally();
    tally.add(
      makeConversation(
        'old',
        [
          ['user', 'a'],
          ['assistant', 'b'],
        ],
        { start: now - 400 * DAY },
      ),
    );
    tally.add(
      makeConversation(
        'older',
        [
          ['user', 'a'],
          ['assistant', 'b'],
          ['user', 'c'],
        ],
        { start: now - 800 * DAY },
      ),
    );
    // Started long ago but went on recently: retention keeps it (it goes by the last message).
    tally.add(
      makeConversation(
        'long',
        [
          ['user', 'a'],
          ['assistant', 'b'],
        ],
        { start: now - 500 * DAY, stepMs: 480 * DAY },
      ),
    );
    tally.add(makeConversation('new', [['user', 'a']], { start: now - 2 * DAY }));
    const undated = makeConversation('undated', [['user', 'a']]);
    tally.add({ ...undated, messages: undated.messages.map((m) => ({ ...m, time: null, timeSource: 'unknown' as const })) });

    expect(tally.olderThan(retentionCutoff(365, now))).toEqual({ conversations: 2, messages: 5, oldest: now - 800 * DAY + 2 * 60_000 });
    expect(tally.olderThan(retentionCutoff(600, now))).toEqual({ conversations: 1, messages: 3, oldest: now - 800 * DAY + 2 * 60_000 });
    // Keep forever: nothing is older than the window.
    expect(retentionCutoff(0, now)).toBeNull();
    expect(tally.olderThan(retentionCutoff(0, now))).toEqual({ conversations: 0, messages: 0, oldest: null });
  });
});
