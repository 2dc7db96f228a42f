/**
 * Coevo's own "export everything" file (Settings → Export all data, entrypoints/dashboard/exportData.ts) read
 * back: the backup's restore. The file is `{format: "coevo-export", …, conversations: [...], messages: [...],
 * tags, analysis, settings}`; json-stream yields the conversations, then the messages (a follow-on array).
 * Messages are exported in id order, and every message id starts with its conversation's id, so each
 * conversation's messages arrive together: a conversation is emitted when its messages end, and only
 * conversation headers (no text) are held meanwhile. Every record is checked by the model's validator; the
 * stored shape (ids, alternates, current path, source, times and where they came from) comes back as it was.
 * Verdicts and settings (arrays after the messages) are read as rows of the right shape into `ctx.extras`;
 * the store decides which settings a restore applies (storage/settings.ts). Tags and summaries are not read:
 * the analysis re-runs on the restored conversations, and tag ids are stable, so the verdicts meet their tags.
 */
import type { Conversation, ConversationWithMessages, Message } from '../model/types';
import { conversationProblems, messageProblems } from '../model/validate';
import { ImportError } from './errors';
import type { BackupExtras, ImportContext, JsonFormat, RecordConverter } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const looksLikeMessage = (v: Record<string, unknown>) => typeof v.conversationId === 'string' && typeof v.role === 'string';

/** A settings or verdict row of the backup, checked for shape; anything else is skipped and counted. */
function extraRow(wrapper: 'settings' | 'verdicts', v: unknown, ctx: ImportContext): void {
  const extras: BackupExtras = (ctx.extras ??= { settings: [], verdicts: [] });
  if (wrapper === 'settings' && isObj(v) && typeof v.key === 'string' && 'value' in v) {
    extras.settings.push({ key: v.key, value: v.value });
    return;
  }
  if (
    wrapper === 'verdicts' &&
    isObj(v) &&
    typeof v.tagId === 'string' &&
    typeof v.verdict === 'string' &&
    typeof v.tagType === 'string' &&
    typeof v.conversationId === 'string' &&
    typeof v.at === 'number'
  ) {
    extras.verdicts.push({ tagId: v.tagId, verdict: v.verdict, tagType: v.tagType, conversationId: v.conversationId, at: v.at });
    return;
  }
  ctx.skip(`${wrapper === 'settings' ? 'setting' : 'verdict'} of an unknown shape`);
}

export const coevoJson: JsonFormat = {
  kind: 'json',
  id: 'coevo-json',
  site: 'chatgpt',
  label: 'Coevo backup',
  matches(first, wrapper) {
    return (
      wrapper === 'conversations' &&
      isObj(first) &&
      typeof first.id === 'string' &&
      typeof first.siteConversationId === 'string' &&
      typeof first.source === 'string' &&
      !('messages' in first) &&
      !('mapping' in first) &&
      !('chat_messages' in first)
    );
  },
  create(ctx: ImportContext): RecordConverter {
    const headers = new Map<string, Conversation>();
    let current: { id: string; messages: Message[] } | null = null;
    let sawMessages = false;
    const flush = (): ConversationWithMessages[] => {
      if (!current) return [];
      const done = current;
      current = null;
      const header = headers.get(done.id);
      if (!header) {
        ctx.skip('messages of a conversation the backup does not list', done.messages.length);
        return [];
      }
      return [{ ...header, messages: done.messages.sort((a, b) => a.index - b.index) }];
    };
    return {
      item(value, n, wrapper) {
        if (wrapper === 'settings' || wrapper === 'verdicts') {
          extraRow(wrapper, value, ctx);
          return [];
        }
        if (!isObj(value)) throw new ImportError('malformed', `Record #${n} is not an object`, { file: ctx.file, item: n });
        if (looksLikeMessage(value)) {
          sawMessages = true;
          const problems = messageProblems(value, `message #${n}`);
          if (problems.length) throw new ImportError('malformed', problems.slice(0, 3).join('; '), { file: ctx.file, item: n });
          const m = value as unknown as Message;
          if (current && current.id === m.conversationId) {
            current.messages.push(m);
            return [];
          }
          const out = flush();
          current = { id: m.conversationId, messages: [m] };
          return out;
        }
        if (sawMessages) return []; // not a message inside the messages list: nothing of ours
        const problems = conversationProblems(value, `conversation #${n}`);
        if (problems.length) throw new ImportError('malformed', problems.slice(0, 3).join('; '), { file: ctx.file, item: n });
        headers.set(value.id as string, value as unknown as Conversation);
        return [];
      },
      end() {
        const out = flush();
        if (!sawMessages && headers.size)
          throw new ImportError('malformed', 'This Coevo backup lists conversations but no messages; it looks cut off', { file: ctx.file });
        return out;
      },
    };
  },
};
