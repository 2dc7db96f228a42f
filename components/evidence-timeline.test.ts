// A cross-time tag's evidence: the cited messages of every conversation, with context, in date order.
import { describe, expect, it } from 'vitest';
import type { Tag } from '../model/tags';
import { makeConversation } from '../analysis/testing';
import { evidenceTimeline, otherConversations } from './EvidenceView';
import { shownByDefault } from './tagMeta';

const DAY = 86_400_000;
const a = makeConversation(
  'a',
  [
    ['user', 'how do I fix a tap'],
    ['assistant', 'It is a straightforward fix.'],
  ],
  { start: Date.UTC(2025, 0, 1) },
);
const b = makeConversation(
  'b',
  [
    ['user', 'that was straightforward'],
    ['assistant', 'Great.'],
  ],
  { start: Date.UTC(2025, 0, 1) + 9 * DAY },
);
const tag: Tag = {
  id: 't',
  type: 'term-uptake',
  conversationId: b.id,
  direction: 'assistant→user',
  confidence: 0.8,
  explanation: 'x',
  version: 4,
  messages: [
    { conversationId: a.id, index: 1, id: a.messages[1].id },
    { conversationId: b.id, index: 0, id: b.messages[0].id, spans: [[13, 28]] },
  ],
};

describe('evidence timeline', () => {
  it('shows the assistant message where the word was met and the later use, across conversations, in date order', () => {
    expect(otherConversations(tag)).toEqual([a.id]);
    const tl = evidenceTimeline(tag, [b, a]);
    expect(tl.map((e) => [e.conversation.id, e.message.index, e.evidence])).toEqual([
      [a.id, 0, false],
      [a.id, 1, true],
      [b.id, 0, true],
      [b.id, 1, false],
    ]);
    expect(tl[2].spans).toEqual([[13, 28]]);
  });

  it('hides by default the tags that failed their null models', () => {
    const types = shownByDefault([
      { type: 'term-uptake' },
      { type: 'ai-vocabulary-rise' },
      { type: 'style-convergence' },
      { type: 'opinion-shift' },
    ] as const).map((t) => t.type);
    expect(types).toEqual(['term-uptake', 'opinion-shift']);
  });
});
