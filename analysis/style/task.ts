/**
 * A coarse task label for a conversation — `code`, `writing` or `other` — from its text alone. The style tagger
 * compares the person's style with the assistant's only within the same kind of task, so a history that moves from
 * coding chats to writing chats is not read as the person's style converging (issue 9: a task switch is the
 * commonest false "convergence").
 */
export type Task = 'code' | 'writing' | 'other';

const CODE =
  /\b(?:python|javascript|typescript|java|c\+\+|sql|html|css|bash|regex|function|def|class|import|compile|error:|traceback|stack ?trace|api|json|script|code|bug|debug)\b|[{};]\s*$/im;
const WRITING =
  /\b(?:write|rewrite|re-write|essay|story|poem|lyrics|email|e-mail|letter|paraphrase|summari[sz]e|translate|proofread|edit (?:this|my)|cover letter|blog|article|paragraph|caption|slogan|speech)\b/i;

/** The task of a conversation: code if any message looks like code work, else writing if the person asks for text. */
export function taskOf(messages: readonly { role: string; text: string }[]): Task {
  let writing = false;
  for (const m of messages) {
    if (m.text.includes('```') || (m.role === 'user' && CODE.test(m.text))) return 'code';
    if (m.role === 'user' && WRITING.test(m.text)) writing = true;
  }
  return writing ? 'writing' : 'other';
}

/**
 * The task of a conversation from the person's first message alone: what the taggers use, because it is known as
 * soon as the conversation starts and never changes as it grows (so incremental and batch analysis agree).
 */
export function taskOfOpening(firstUserText: string): Task {
  if (firstUserText.includes('```') || CODE.test(firstUserText)) return 'code';
  return WRITING.test(firstUserText) ? 'writing' : 'other';
}

export function taskIndex(t: Task): number {
  return t === 'code' ? 0 : t === 'writing' ? 1 : 2;
}
