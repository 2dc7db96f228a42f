// A conversation view shows each tag's card once (under its last evidence message) and highlights every piece of
// evidence; evidence in other conversations (cross-time tags) is not placed here.
import { describe, expect, it } from 'vitest';
import { buildMessages } from '../../model/build';
import type { Tag } from '../../model/tags';
import { tagsByMessage } from './conversation-tags';

const id = 'claude:c1';
const messages = buildMessages(id, [
  { role: 'user', text: 'what is a modal filter', time: 1 },
  { role: 'assistant', text: 'A modal filter blocks through traffic.', time: 2 },
  { role: 'user', text: 'No, that is wrong.', time: 3 },
  { role: 'assistant', text: 'You are right, sorry.', time: 4 },
]);
const tag = (tid: string, refs: Tag['messages'], data?: Tag['data']): Tag => ({
  id: tid,
  type: 'user-pushback',
  conversationId: id,
  messages: refs,
  direction: 'user→assistant',
  confidence: 0.9,
  explanation: 'x',
  version: 4,
  data,
});

describe('tagsByMessage', () => {
  it('puts one card per tag, under its last evidence message, and highlights all evidence', () => {
    const push = tag('p', [
      { index: 1, id: messages[1]!.id },
      { index: 2, id: messages[2]!.id, spans: [[0, 3]] },
    ]);
    const uptake = tag(
      'u',
      [
        { index: 1, id: messages[1]!.id },
        { index: 0, id: messages[0]!.id },
      ],
      { term: 'modal filter' },
    );
    const other = tag('x', [
      { conversationId: 'claude:other', index: 0, id: 'claude:other#1' },
      { index: 3, id: messages[3]!.id },
    ]);
    const m = tagsByMessage([push, uptake, other], { id, messages });
    const cards = [...m.values()].flatMap((e) => e.cards.map((c) => c.id)).sort();
    expect(cards).toEqual(['p', 'u', 'x']);
    expect(m.get(messages[2]!.id)!.cards.map((c) => c.id)).toEqual(['p']);
    expect(m.get(messages[1]!.id)!.cards.map((c) => c.id)).toEqual(['u']);
    expect(m.get(messages[3]!.id)!.cards.map((c) => c.id)).toEqual(['x']);
    expect(m.get(messages[0]!.id)).toEqual({ cards: [], spans: [[10, 22]], evidence: true });
    expect(m.get(messages[2]!.id)!.spans).toEqual([[0, 3]]);
    expect(m.get(messages[1]!.id)!.evidence).toBe(true);
  });
});
