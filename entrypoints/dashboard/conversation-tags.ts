/**
 * Where a conversation view shows each tag: every evidence message in this conversation is highlighted, but the tag's
 * card appears once, under the last of them (the key message: the reply that gave in, the later use of a word).
 * Before, a tag citing two messages showed its card twice.
 */
import type { Tag } from '../../model/tags';
import type { Message } from '../../model/types';
import { spansOfTerm } from '../../components/highlight';
import { tagTerm } from '../../components/tagMeta';

export interface MessageTags {
  /** Cards shown under this message. */
  cards: Tag[];
  /** Highlighted character spans of this message. */
  spans: [number, number][];
  /** This message is evidence for at least one tag. */
  evidence: boolean;
}

export function tagsByMessage(tags: readonly Tag[], conv: { id: string; messages: readonly Message[] }): Map<string, MessageTags> {
  const out = new Map<string, MessageTags>();
  const byId = new Map(conv.messages.map((m) => [m.id, m]));
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { cards: [], spans: [], evidence: false }));
    return e;
  };
  for (const tag of tags) {
    const term = tagTerm(tag.data);
    const here = tag.messages.filter((r) => (r.conversationId ?? tag.conversationId) === conv.id && byId.has(r.id));
    for (const ref of here) {
      const e = entry(ref.id);
      e.evidence = true;
      const text = byId.get(ref.id)!.text;
      e.spans.push(...(ref.spans?.length ? ref.spans : term ? spansOfTerm(text, term) : []));
    }
    const anchor = here.reduce<Message | undefined>((last, r) => {
      const m = byId.get(r.id)!;
      return !last || m.index > last.index ? m : last;
    }, undefined);
    if (anchor) entry(anchor.id).cards.push(tag);
  }
  return out;
}
