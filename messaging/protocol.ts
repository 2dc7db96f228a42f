/**
 * The one typed protocol between Coevo's contexts. Every message name exists here and nowhere else.
 *
 * Trust: content scripts run inside assistant pages, so their payloads are low-trust: the background
 * validates each one (`validateCaptureSnapshot`) and ignores what fails. Requests that change or reveal
 * stored data beyond capture (settings, delete, state) are honoured only from Coevo's own extension pages
 * (`fromExtensionPage`).
 */
import { LIMITS, isSiteId } from '../model/validate';
import type { SiteId } from '../model/types';
import type { Settings } from '../storage/settings';

/** One message as the content script saw it; ids are assigned by the background. */
export interface CapturedMessage {
  role: 'user' | 'assistant';
  text: string;
  siteMessageId?: string;
  /** Epoch ms; null for history that was already on the page (time unknown). */
  time: number | null;
  timeSource: 'site' | 'observed' | 'unknown';
  model?: string;
  /** Variant of a regenerated reply / edited prompt currently shown, when the page says. */
  variant?: { index: number; count: number };
  extras?: { kind: 'thinking' | 'tool' | 'attachment' | 'citation' | 'other'; text: string }[];
}

/** The finished messages of one conversation as currently on the page (streaming replies excluded). */
export interface CaptureSnapshot {
  site: SiteId;
  siteConversationId: string;
  url: string;
  title?: string;
  model?: string;
  messages: CapturedMessage[];
}

export interface TabCaptureState {
  site: SiteId | null;
  /** Capturing right now on this tab. */
  capturing: boolean;
  reason?: 'paused' | 'site-off' | 'no-permission' | 'unsupported';
  conversationId?: string;
  messagesSeen?: number;
}

export interface PopupState {
  settings: Settings;
  counts: { conversations: number; messages: number; bySite: Partial<Record<SiteId, { conversations: number; messages: number }>> };
  /** Sites whose host permission is granted. */
  granted: SiteId[];
  tab?: TabCaptureState;
}

/**
 * What the background analysis is doing, for the person. Not a message: the background stores it (at most a few
 * times a second) in the `analysis` table under ANALYSIS_PROGRESS_KEY, and the popup and dashboard, which read the
 * store directly, poll that one row. A run cut short (the service worker stopped) leaves `running: true` behind;
 * `updatedAt` tells that it is stale. (`ui:` keys stay out of "export all data".)
 */
export interface AnalysisProgress {
  running: boolean;
  /** reading: loading stored conversations; analysing: running the taggers; saving: tags and the summary. */
  phase: 'reading' | 'analysing' | 'saving';
  /** Conversations analysed so far, of `total`. */
  done: number;
  total: number;
  startedAt: number;
  updatedAt: number;
  /** Estimated from the pace so far; null until there is a pace to go by. */
  secondsLeft: number | null;
  /** A rebuild of everything, or the queued conversations only. */
  rebuild: boolean;
}
export const ANALYSIS_PROGRESS_KEY = 'ui:analysis-progress';

export interface Protocol {
  /** content → background, on load and on navigation: may this page be captured? */
  'capture/hello': {
    req: { site: SiteId; url: string };
    /** `parkKey`: the key that seals this site's parked snapshots (capture/seal.ts), given only to a page of that site. */
    res: { capture: boolean; reason?: TabCaptureState['reason']; parkKey?: string };
  };
  /** content → background: store these finished messages (idempotent; retried until acknowledged). */
  'capture/snapshot': {
    req: CaptureSnapshot;
    res: { ok: true; conversationId: string; added: number; updated: number } | { ok: false; error: string };
  };
  /** extension page → background */
  'popup/state': { req: { tabId?: number }; res: PopupState };
  'settings/update': { req: Partial<Settings>; res: Settings };
  'data/delete-all': { req: { confirm: 'delete-all' }; res: { ok: boolean } };
  /**
   * extension page → background: analyse these conversations now (after an import or loading sample data,
   * which write to the store from the page), or everything outdated when no ids are given. Resolves when done.
   */
  'analysis/run': { req: { conversationIds?: string[] }; res: { ok: boolean; analysed: number; rebuilt: boolean; error?: string } };
  /** extension page → background: (re)register content scripts after a permission change. */
  'sites/sync': { req: Record<string, never>; res: { registered: SiteId[] } };
}

export type MessageType = keyof Protocol;
export type Req<K extends MessageType> = Protocol[K]['req'];
export type Res<K extends MessageType> = Protocol[K]['res'];

export interface Envelope<K extends MessageType = MessageType> {
  coevo: 1;
  type: K;
  payload: Req<K>;
}

const TYPES: ReadonlySet<string> = new Set<MessageType>([
  'capture/hello',
  'capture/snapshot',
  'popup/state',
  'settings/update',
  'data/delete-all',
  'sites/sync',
  'analysis/run',
]);

/** Message types a content script may send; everything else needs an extension page. */
export const CONTENT_SCRIPT_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['capture/hello', 'capture/snapshot']);

export function envelope<K extends MessageType>(type: K, payload: Req<K>): Envelope<K> {
  return { coevo: 1, type, payload };
}

export function isEnvelope(v: unknown): v is Envelope {
  const o = v as Envelope | null;
  return typeof o === 'object' && o !== null && o.coevo === 1 && typeof o.type === 'string' && TYPES.has(o.type);
}

/** Minimal sender shape (runtime.MessageSender) so this module does not depend on the browser API. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/** True when the message comes from one of Coevo's own pages (popup, dashboard), not a content script. */
export function fromExtensionPage(sender: SenderLike, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/** Bounds of what one content-script snapshot may carry, on top of the model's own LIMITS. */
export const CAPTURE_LIMITS = { extrasPerMessage: 32, snapshotChars: 16_000_000 } as const;
const EXTRA_KINDS: ReadonlySet<string> = new Set(['thinking', 'tool', 'attachment', 'citation', 'other']);

/**
 * Problems with a snapshot sent by a content script; empty = valid. This checks the wire shape and sizes; the
 * background then validates the conversation built from it with the model's own validator
 * (`conversationWithMessagesProblems`, background/capture.ts), the one that guards every stored row.
 */
export function validateCaptureSnapshot(v: unknown): string[] {
  const o = v as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) return ['snapshot: not an object'];
  const p: string[] = [];
  if (!isSiteId(o.site)) p.push('site: unknown');
  if (typeof o.siteConversationId !== 'string' || !o.siteConversationId || o.siteConversationId.length > LIMITS.idChars)
    p.push('siteConversationId: expected a non-empty string');
  if (typeof o.url !== 'string' || o.url.length > 4096) p.push('url: expected a string');
  else {
    try {
      if (new URL(o.url).protocol !== 'https:') p.push('url: expected https');
    } catch {
      p.push('url: not a URL');
    }
  }
  if (o.title !== undefined && (typeof o.title !== 'string' || o.title.length > LIMITS.titleChars)) p.push('title: expected a string');
  if (o.model !== undefined && (typeof o.model !== 'string' || o.model.length > LIMITS.idChars)) p.push('model: expected a string');
  if (!Array.isArray(o.messages) || o.messages.length > LIMITS.messages) {
    p.push('messages: expected an array');
    return p;
  }
  let total = 0;
  o.messages.forEach((m: unknown, i) => {
    const x = m as Record<string, unknown> | null;
    const at = `messages[${i}]`;
    if (typeof x !== 'object' || x === null) return p.push(`${at}: not an object`);
    if (x.role !== 'user' && x.role !== 'assistant') p.push(`${at}.role: expected user|assistant`);
    if (typeof x.text !== 'string' || x.text.length > LIMITS.textChars) p.push(`${at}.text: expected a string`);
    if (x.siteMessageId !== undefined && (typeof x.siteMessageId !== 'string' || x.siteMessageId.length > LIMITS.idChars))
      p.push(`${at}.siteMessageId: expected a string`);
    if (!(x.time === null || (typeof x.time === 'number' && Number.isFinite(x.time) && x.time > 0))) p.push(`${at}.time: expected ms or null`);
    if (x.timeSource !== 'site' && x.timeSource !== 'observed' && x.timeSource !== 'unknown') p.push(`${at}.timeSource: invalid`);
    if ((x.time === null) !== (x.timeSource === 'unknown')) p.push(`${at}.time: null exactly when timeSource is unknown`);
    if (x.model !== undefined && (typeof x.model !== 'string' || x.model.length > LIMITS.idChars)) p.push(`${at}.model: expected a string`);
    if (x.extras !== undefined) {
      if (!Array.isArray(x.extras) || x.extras.length > CAPTURE_LIMITS.extrasPerMessage)
        p.push(`${at}.extras: expected an array of at most ${CAPTURE_LIMITS.extrasPerMessage}`);
      else
        x.extras.forEach((e: unknown, j) => {
          const y = e as Record<string, unknown> | null;
          if (typeof y !== 'object' || y === null || !EXTRA_KINDS.has(y.kind as string) || typeof y.text !== 'string' || y.text.length > LIMITS.textChars)
            p.push(`${at}.extras[${j}]: expected {kind, text}`);
          else total += y.text.length;
        });
    }
    if (x.variant !== undefined) {
      const v = x.variant as Record<string, unknown> | null;
      const int = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= LIMITS.messages;
      if (typeof v !== 'object' || v === null || !int(v.index) || !int(v.count)) p.push(`${at}.variant: expected {index, count}`);
    }
    if (typeof x.text === 'string') total += x.text.length;
    return undefined;
  });
  if (total > CAPTURE_LIMITS.snapshotChars) p.push(`snapshot: more than ${CAPTURE_LIMITS.snapshotChars} characters of text`);
  return p;
}
