/**
 * The background's message handler, as a plain function of its dependencies so tests can call it
 * without a browser. `entrypoints/background.ts` wires it to runtime.onMessage.
 */
import {
  CONTENT_SCRIPT_TYPES,
  fromExtensionPage,
  isEnvelope,
  type CaptureSnapshot,
  type MessageType,
  type Req,
  type Res,
  type SenderLike,
  type TabCaptureState,
} from '../messaging/protocol';
import type { SiteId } from '../model/types';
import { isSiteId } from '../model/validate';
import { SITES } from '../sites/registry';
import { clearData, type CoevoDB } from '../storage/db';
import { counts } from '../storage/queries';
import { getSettings, isConfidenceChoice, updateSettings } from '../storage/settings';
import { parkSecret, rotateParkSecret } from '../storage/secrets';
import { OUTBOX_KEY_PREFIX } from '../capture/outbox';
import { siteKey } from '../capture/seal';
import { checkedSnapshot, storeSnapshot } from './capture';

export interface BackgroundDeps {
  db: CoevoDB;
  extensionId: string;
  /** e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
  /** Sites whose host permission is granted. */
  grantedSites(): Promise<SiteId[]>;
  /** Registers content scripts for enabled + granted sites; returns them. */
  syncContentScripts(): Promise<SiteId[]>;
  /** Called with conversation ids whose stored messages changed (analysis is scheduled from here). */
  onStored?(conversationIds: string[]): void;
  /** Queues conversations for analysis and runs it now; resolves when done. */
  analyseNow?(conversationIds: string[]): Promise<{ analysed: number; rebuilt: boolean }>;
  /** Recomputes the stored summary from the stored tags (after the confidence setting changed). */
  resummarize?(): Promise<void>;
  /** Called after all data was deleted. */
  onDeletedAll?(): void;
  /** Per-tab capture state, as last reported by that tab's content script. */
  tabs: Map<number, TabCaptureState>;
  /** Where content scripts park snapshots (browser.storage.local); emptied by delete-all. */
  parked?: { get(): Promise<Record<string, unknown>>; remove(keys: string[]): Promise<void> };
  log?: (msg: string) => void;
}

const senderUrl = (sender: SenderLike) => sender.url ?? sender.tab?.url;

/** True when the sender is a page on one of the site's own hosts (the URL is set by the browser, not the page). */
function fromSiteHost(sender: SenderLike, site: SiteId): boolean {
  const from = senderUrl(sender);
  return !!from && SITES[site].hosts.includes(hostOf(from));
}

/**
 * Validates and stores one snapshot whose origin is already established (a live one checked by sender, or a
 * parked one opened with its site's key): the same checks and the same merge for both.
 */
export async function acceptSnapshot(p: unknown, deps: BackgroundDeps, tabId?: number): Promise<Res<'capture/snapshot'>> {
  const checked = checkedSnapshot(p);
  if (!('conversation' in checked)) {
    deps.log?.(`ignored an invalid capture snapshot: ${checked.problems.slice(0, 3).join('; ')}`);
    return { ok: false, error: `invalid snapshot: ${checked.problems[0]}` };
  }
  const s = p as CaptureSnapshot;
  const settings = await getSettings(deps.db);
  if (settings.paused || !settings.sites[s.site]) return { ok: false, error: settings.paused ? 'paused' : 'site-off' };
  const r = await storeSnapshot(deps.db, checked.conversation);
  if (tabId !== undefined) deps.tabs.set(tabId, { site: s.site, capturing: true, conversationId: r.conversationId, messagesSeen: s.messages.length });
  if (r.changed.length) deps.onStored?.(r.changed);
  return { ok: true, conversationId: r.conversationId, added: r.messagesAdded, updated: r.messagesUpdated };
}

/**
 * Delete all, in every place Coevo keeps the person's data (tests/unit/delete-all.test.ts lists them): the
 * database's data tables including staged imports, snapshots parked in storage.local (and the secret that
 * sealed them, so a copy written meanwhile can never be opened), the per-tab state, and the analysis
 * runner's in-memory state (onDeletedAll). Settings stay, as the Settings page says.
 */
export async function deleteEverywhere(deps: BackgroundDeps): Promise<void> {
  await clearData(deps.db);
  await rotateParkSecret(deps.db);
  if (deps.parked) {
    const keys = Object.keys(await deps.parked.get()).filter((k) => k.startsWith(OUTBOX_KEY_PREFIX));
    if (keys.length) await deps.parked.remove(keys);
  }
  deps.tabs.clear();
  deps.onDeletedAll?.();
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

type Handler<K extends MessageType> = (payload: Req<K>, sender: SenderLike, deps: BackgroundDeps) => Promise<Res<K>>;

const handlers: { [K in MessageType]: Handler<K> } = {
  async 'capture/hello'(p, sender, deps) {
    if (!isSiteId(p?.site)) return { capture: false, reason: 'unsupported' };
    const site = p.site;
    // Only a page of the site itself may ask for that site (and so receive its parking key).
    if (!fromSiteHost(sender, site)) {
      deps.log?.(`refused a ${site} hello from ${senderUrl(sender) ?? 'a sender without a URL'}`);
      return { capture: false, reason: 'unsupported' };
    }
    const settings = await getSettings(deps.db);
    const reason: TabCaptureState['reason'] = settings.paused ? 'paused' : !settings.sites[site] ? 'site-off' : undefined;
    if (sender.tab?.id !== undefined) deps.tabs.set(sender.tab.id, { site, capturing: !reason, reason });
    return reason ? { capture: false, reason } : { capture: true, parkKey: await siteKey(await parkSecret(deps.db), site) };
  },

  async 'capture/snapshot'(p, sender, deps) {
    // A page may only write conversations of its own site (a compromised page cannot pose as another assistant).
    // By host, not by path: a retried snapshot may arrive after the tab moved on to another page of the site.
    // A sender without a URL is refused: parked snapshots take their own, sealed path (acceptParked).
    if (!isSiteId(p?.site) || !fromSiteHost(sender, p.site)) {
      deps.log?.(`ignored a ${String(p?.site)} snapshot sent from ${senderUrl(sender) ?? 'a sender without a URL'}`);
      return { ok: false, error: 'snapshot site does not match the page' };
    }
    return acceptSnapshot(p, deps, sender.tab?.id);
  },

  async 'popup/state'(p, _sender, deps) {
    const [settings, c, granted] = await Promise.all([getSettings(deps.db), counts(deps.db), deps.grantedSites()]);
    const tab = p.tabId !== undefined ? deps.tabs.get(p.tabId) : undefined;
    return { settings, counts: c, granted, ...(tab ? { tab } : {}) };
  },

  async 'settings/update'(p, _sender, deps) {
    const patch: Parameters<typeof updateSettings>[1] = {};
    if (typeof p.paused === 'boolean') patch.paused = p.paused;
    if (typeof p.retentionDays === 'number' && p.retentionDays >= 0) patch.retentionDays = Math.floor(p.retentionDays);
    if (isConfidenceChoice(p.minConfidence)) patch.minConfidence = p.minConfidence;
    if (p.sites && typeof p.sites === 'object')
      patch.sites = Object.fromEntries(Object.entries(p.sites).filter(([, v]) => typeof v === 'boolean')) as typeof patch.sites;
    const before = await getSettings(deps.db);
    const next = await updateSettings(deps.db, patch);
    await deps.syncContentScripts();
    // The summary counts only the tags the person chose to see.
    if (next.minConfidence !== before.minConfidence) await deps.resummarize?.();
    return next;
  },

  async 'data/delete-all'(p, _sender, deps) {
    if (p.confirm !== 'delete-all') return { ok: false };
    await deleteEverywhere(deps);
    return { ok: true };
  },

  async 'analysis/run'(p, _sender, deps) {
    const ids = Array.isArray(p?.conversationIds) ? p.conversationIds.filter((x): x is string => typeof x === 'string') : [];
    if (!deps.analyseNow) return { ok: false, analysed: 0, rebuilt: false, error: 'analysis is not available' };
    try {
      return { ok: true, ...(await deps.analyseNow(ids)) };
    } catch (e) {
      return { ok: false, analysed: 0, rebuilt: false, error: e instanceof Error ? e.message : String(e) };
    }
  },

  async 'sites/sync'(_p, _sender, deps) {
    return { registered: await deps.syncContentScripts() };
  },
};

/**
 * Handles one runtime message. Returns undefined for anything that is not Coevo's (so other listeners may
 * answer) and refuses extension-page-only requests from content scripts.
 */
export async function handleMessage(msg: unknown, sender: SenderLike, deps: BackgroundDeps): Promise<unknown> {
  if (!isEnvelope(msg)) return undefined;
  const trusted = fromExtensionPage(sender, deps.extensionId, deps.extensionOrigin);
  if (!trusted && !CONTENT_SCRIPT_TYPES.has(msg.type)) {
    deps.log?.(`refused ${msg.type} from ${sender.url ?? 'an unknown sender'}`);
    return { ok: false, error: 'not allowed from this context' };
  }
  if (msg.type === 'capture/hello' || msg.type === 'capture/snapshot') {
    if (sender.id !== deps.extensionId) return undefined;
  }
  const handler = handlers[msg.type] as Handler<MessageType>;
  return handler(msg.payload as never, sender, deps);
}
