/**
 * What of an import the retention rule ("keep N days", storage/retention.ts) would delete: conversations whose
 * latest known message is older than the window (retention goes by that time; conversations with no known time
 * are kept, so they are not counted). The import asks before storing history retention would then delete.
 */
import type { ConversationWithMessages } from '../model/types';

const DAY = 86_400_000;

export interface OlderHistory {
  conversations: number;
  messages: number;
  /** The oldest such conversation's latest message (epoch ms), null when none. */
  oldest: number | null;
}

/** The time before which retention deletes, or null when it keeps everything. */
export function retentionCutoff(retentionDays: number, now: number): number | null {
  return retentionDays > 0 ? now - retentionDays * DAY : null;
}

/** Latest known message time of each conversation read, to count later against any window (one number each). */
export class AgeTally {
  private latest: number[] = [];
  private messages: number[] = [];

  add(c: ConversationWithMessages): void {
    let last: number | null = null;
    for (const m of c.messages) if (m.time !== null && (last === null || m.time > last)) last = m.time;
    if (last === null) return;
    this.latest.push(last);
    this.messages.push(c.messages.length);
  }

  olderThan(cutoff: number | null): OlderHistory {
    const out: OlderHistory = { conversations: 0, messages: 0, oldest: null };
    if (cutoff === null) return out;
    for (let i = 0; i < this.latest.length; i++) {
      const t = this.latest[i]!;
      if (t >= cutoff) continue;
      out.conversations++;
      out.messages += this.messages[i]!;
      if (out.oldest === null || t < out.oldest) out.oldest = t;
    }
    return out;
  }
}
