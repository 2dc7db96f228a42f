/**
 * The one normalized conversation shape. Capture, import, analysis, the CLI and (later) donation all
 * speak it. The JSON schema in `model/conversation.schema.json` documents the same shape for people
 * and tools outside this repository; `model/validate.ts` checks it at runtime.
 */

/** Every assistant site Coevo knows. Adding a site starts here (see README, "Adding a site"). */
export const SITE_IDS = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity', 'deepseek', 'grok', 'mistral', 'poe', 'huggingchat', 'metaai'] as const;
export type SiteId = (typeof SITE_IDS)[number];

/** Human-readable names, one per site (a missing entry fails to compile). */
export const SITE_NAMES: Record<SiteId, string> = {
  chatgpt: 'ChatGPT',
  claude: 'Claude',
  gemini: 'Gemini',
  copilot: 'Microsoft Copilot',
  perplexity: 'Perplexity',
  deepseek: 'DeepSeek',
  grok: 'Grok',
  mistral: 'Mistral Le Chat',
  poe: 'Poe',
  huggingchat: 'HuggingChat',
  metaai: 'Meta AI',
};

export type Role = 'user' | 'assistant';

/**
 * Where a conversation came from.
 * - `capture`: read live from the assistant's page by the content script.
 * - `import`: read from an official data export (`format` says which).
 * - `sample`: the built-in synthetic classroom dataset (never mixed with a person's own data).
 * - `file`: a generic chat file given to the CLI (JSON lines `{id, messages:[{role, content}]}`).
 */
export type SourceKind = 'capture' | 'import' | 'sample' | 'file';

/**
 * Where a message's time came from, so that nobody mistakes "when Coevo saw it" for "when it was said".
 * - `export`: the export file's own timestamp (the true time).
 * - `site`: the site's own data on the page (e.g. a timestamp attribute or embedded JSON).
 * - `observed`: Coevo watched it being sent/streamed, so capture time ≈ send time.
 * - `unknown`: history already on the page when it loaded; `time` is null.
 */
export type TimeSource = 'export' | 'site' | 'observed' | 'unknown';

export interface Message {
  /** Stable id: `${conversationId}#${siteMessageId}` when the site/export has one, else a content key (see ids.ts). */
  id: string;
  conversationId: string;
  role: Role;
  /** Clean plain text: no screen-reader labels or UI chrome; code blocks kept as fenced ``` text. */
  text: string;
  /** Epoch milliseconds, or null when unknown. */
  time: number | null;
  timeSource: TimeSource;
  /** The site's or export's own id for this message, when it has one. */
  siteMessageId?: string;
  /**
   * Branching: the id of the message this one answers or follows. Regenerated replies and edited prompts
   * share a parent; `current` marks the branch the person last saw / the export's current path.
   */
  parentId?: string | null;
  /** True when on the conversation's current path (the default). Alternate branches are kept with false. */
  current: boolean;
  /** Position on the current path (0-based), or among its siblings' path for alternates. Used for ordering. */
  index: number;
  /** The model the site or export names for this reply, when shown. */
  model?: string;
  /** Non-text parts kept apart from `text` (e.g. thinking, tool calls, attachments), for display only. */
  extras?: { kind: 'thinking' | 'tool' | 'attachment' | 'citation' | 'other'; text: string }[];
}

export interface Conversation {
  /** Stable id: `${site}:${siteConversationId}`. */
  id: string;
  site: SiteId;
  /** The site's own conversation id (from the URL or the export). */
  siteConversationId: string;
  url?: string;
  title?: string;
  /** The model the site shows for the conversation, when shown. */
  model?: string;
  source: SourceKind;
  /** For `source: 'import'`: the export format id, e.g. `chatgpt-json`, `claude-json`, `gemini-takeout-html`. */
  format?: string;
  /** Epoch ms of the first and last known message time (null when none known). */
  createdAt: number | null;
  updatedAt: number | null;
}

/** A conversation with its messages: the unit that flows through capture, import, CLI and analysis. */
export interface ConversationWithMessages extends Conversation {
  messages: Message[];
}

/** Version of this shape. Bump on any incompatible change and add a frozen example + migration. */
export const MODEL_VERSION = 1;
