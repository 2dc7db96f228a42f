/**
 * Reads labelled conversations in the widely used chat format, one JSON object per line:
 *   {"id": "...", "messages": [{"role": "user"|"assistant", "content": "...", "timestamp"?: ...}],
 *    "labels": [{"index": 3, "type": "user-pushback", "value": true, "why"?: "..."}], "split"?: "<name>"}
 * and turns each into the normalized ConversationWithMessages the taggers take. Other keys are ignored.
 * Bad input fails with the file's line number; nothing is half-read.
 */
import { TAG_TYPES, type TagType } from '../model/tags';
import type { ConversationWithMessages } from '../model/types';
import { ChatFileError, readConversationFile } from '../cli/chatfile';

export interface GoldLabel {
  /** Position in the file's `messages` array, as given. */
  index: number;
  /** The id of that message in the normalized conversation (what tags cite). */
  messageId: string;
  type: TagType;
  value: boolean;
  why?: string;
}

export interface LabelledItem {
  conversation: ConversationWithMessages;
  labels: GoldLabel[];
  split: string;
}

export class LabelFileError extends Error {}

/**
 * One line: the conversation is read by the same reader as `npm run coevo -- analyze` (cli/chatfile.ts), so a
 * label file is exactly an analyze input plus `labels`; labels are then tied to message ids.
 */
function parseLabelLine(line: string, where: string): LabelledItem {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    throw new LabelFileError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new LabelFileError(`${where}: expected a JSON object`);
  if (!Array.isArray(raw.messages) || !raw.messages.length) throw new LabelFileError(`${where}: "messages" must be a non-empty array`);
  let read: ReturnType<typeof readConversationFile>;
  try {
    read = readConversationFile(line);
  } catch (e) {
    if (e instanceof ChatFileError) throw new LabelFileError(`${where}: ${e.message.replace(/^record 1:\s*/, '')}`);
    throw e;
  }
  if (!read || read.length !== 1) throw new LabelFileError(`${where}: not a chat-format conversation (each message needs a "role")`);
  const { conversation, givenIndex } = read[0];
  const idAt = new Map([...givenIndex].map(([id, i]) => [i, id]));
  const n = (raw.messages as unknown[]).length;
  const labels = (Array.isArray(raw.labels) ? raw.labels : []).map((l: unknown, k: number): GoldLabel => {
    const ll = l as Record<string, unknown>;
    if (!ll || !Number.isInteger(ll.index) || (ll.index as number) < 0 || (ll.index as number) >= n) {
      throw new LabelFileError(`${where}: labels[${k}].index must be a message index (0..${n - 1})`);
    }
    const messageId = idAt.get(ll.index as number);
    if (!messageId) throw new LabelFileError(`${where}: labels[${k}].index points at a message with role other than user/assistant`);
    if (!TAG_TYPES.includes(ll.type as TagType)) throw new LabelFileError(`${where}: labels[${k}].type "${String(ll.type)}" is not a tag type`);
    if (typeof ll.value !== 'boolean') throw new LabelFileError(`${where}: labels[${k}].value must be true or false`);
    return { index: ll.index as number, messageId, type: ll.type as TagType, value: ll.value, why: typeof ll.why === 'string' ? ll.why : undefined };
  });
  return { conversation, labels, split: typeof raw.split === 'string' && raw.split ? raw.split : 'all' };
}

export function parseLabelFile(text: string, name: string): LabelledItem[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => parseLabelLine(line, `${name}:${n}`));
}
