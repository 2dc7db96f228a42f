/**
 * `user-concession` (assistant→user): the user accepts a view or correction the assistant put forward that
 * differs from what the user had said or assumed ("you're right, I was wrong", "oh, I didn't think of that",
 * "ok, so it's X not Y", "good point, I'll do that instead"). Three things must hold: the user's turn opens
 * with an acceptance phrase (not followed by "but"); the assistant's previous turn disagreed with or corrected
 * something (a correction phrase, or a negation of a content word of the user's own statement); and the user
 * had put a view or plan of their own on the table before. Plain thanks, or agreeing
 * with an assistant that agreed with them, is not a concession.
 */
import type { ConversationWithMessages } from '../../model/types';
import type { Tag } from '../../model/tags';
import type { ConversationTagger, TaggerContext } from '../types';
import { negatesAssistant } from '../dialogue/contradiction';
import { messageTime, ref, tagId } from '../evidence';
import { ACCEPT_BUT, ACCEPT_CUES, CONTRADICTION, USER_VIEW, findCues, fold, quote, spansOf, strongest, type CueHit } from '../dialogue/cues';

export const CONCESSION_THRESHOLD = 0.6;
/** Acceptance opens the turn. */
const OPENING = 160;

export function detectConcession(
  earlierUserText: string | undefined,
  assistantText: string,
  userText: string,
): { confidence: number; hits: CueHit[]; contradiction: [number, number] } | null {
  const user = fold(userText);
  const hits = findCues(user, ACCEPT_CUES).filter((h) => h.start < OPENING);
  const best = strongest(hits);
  if (!best || best.strength < CONCESSION_THRESHOLD) return null;
  // "I see what you mean, but…" keeps the user's position.
  if (ACCEPT_BUT.test(user.slice(best.start)) && best.id !== 'ill-instead') return null;
  if (/\b(?:not|n't) (?:sure|convinced)\b/i.test(user.slice(0, OPENING))) return null;
  const a = fold(assistantText);
  if (!earlierUserText || !USER_VIEW.test(fold(earlierUserText))) return null;
  const c = CONTRADICTION.exec(a);
  // The structural reading of "the assistant corrected the user": it negated a content word of the user's
  // own statement ("Sharks are mammals, right?" → "Sharks are not mammals"), whatever the wording.
  const neg = c ? null : negatesAssistant(earlierUserText, assistantText);
  if (!c && !neg) return null;
  return { confidence: best.strength, hits, contradiction: c ? [c.index, c.index + c[0].length] : [neg!.start, neg!.end] };
}

export const tagger: ConversationTagger = {
  kind: 'conversation',
  types: ['user-concession'],
  run(conv: ConversationWithMessages, ctx: TaggerContext): Tag[] {
    const out: Tag[] = [];
    const msgs = conv.messages;
    for (let i = 2; i < msgs.length; i++) {
      const u = msgs[i];
      const a = msgs[i - 1];
      const before = msgs[i - 2];
      if (u.role !== 'user' || a.role !== 'assistant' || before.role !== 'user') continue;
      const d = detectConcession(before.text, a.text, u.text);
      if (!d) continue;
      const spans = spansOf(d.hits);
      const evidence = [ref(before, i - 2), ref(a, i - 1, [d.contradiction]), ref(u, i, spans)];
      const time = messageTime(conv, u);
      out.push({
        id: tagId('user-concession', conv.id, evidence),
        type: 'user-concession',
        conversationId: conv.id,
        messages: evidence,
        direction: 'assistant→user',
        confidence: Math.round(d.confidence * 100) / 100,
        explanation: `After the assistant disagreed ("${quote(a.text, d.contradiction, 60)}"), you accepted its view: "${quote(u.text, spans[0], 70)}".`,
        ...(time != null ? { time } : {}),
        site: conv.site,
        data: { cues: [...new Set(d.hits.map((h) => h.id))] },
        version: ctx.version,
      });
    }
    return out;
  },
};
