/**
 * The capture loop: watches one assistant page through its site adapter and turns what the person sees into
 * snapshots of finished messages for the background. It owns every observer and timer of capture (adapters
 * are pure); the content script (entrypoints/capture.ts) only wires it to the browser.
 *
 * Cost model (what keeps a streaming reply cheap, see bench/capture.ts):
 * - One MutationObserver on the adapter's root (the message list), never the whole document. Its callback
 *   only stamps "dirty since/last change" and arms one timer: O(1) per streamed update, no DOM reads.
 * - The page is parsed only after the root has been quiet for `quietMs`, or at most every `maxWaitMs` while
 *   it keeps changing and no reply is known to be streaming, inside requestIdleCallback when available.
 *   While the adapter reports a reply streaming, mutations do not trigger parses; a slow timer re-checks.
 * - A 1 s watchdog re-finds the root when the site replaced it and notices URL changes the navigation
 *   event missed (content scripts cannot see the page's history.pushState).
 *
 * Finished: a message is final when the adapter does not flag it streaming and, for the last assistant
 * reply, its text has not changed for `stableMs` and the page shows no reply in progress. A snapshot holds
 * the longest prefix of final messages (the background merges full sets by identity, so re-sending the
 * same messages after a re-render or a revisit changes nothing).
 *
 * Time: messages on the page when a conversation is entered (load or in-app navigation), or that appear
 * within `historyGraceMs` of it, or above already-known messages (scroll-back), are history: time null /
 * 'unknown' unless the adapter read the site's own time ('site'). Messages that appear later are
 * 'observed' at the first DOM change that brought them. A new chat whose id the site assigns after the first
 * send (ChatGPT "/" → "/c/<id>") keeps its observed times across that URL change.
 */
import { buildMessages } from '../model/build';
import { conversationId } from '../model/ids';
import type { CaptureSnapshot, CapturedMessage } from '../messaging/protocol';
import type { ParsedMessage, ParsedPage, SiteAdapter } from '../sites/types';
import { IncrementalReader } from './incremental';

export interface LoopDeps {
  adapter: SiteAdapter;
  doc: Document;
  /** The page's current URL (location.href). */
  href(): string;
  /** May this page be captured now (settings: paused, site switch)? */
  hello(url: string): Promise<boolean>;
  /** Hands a snapshot (and its messages' identity keys) to the outbox. */
  emit(snapshot: CaptureSnapshot, keys: ReadonlySet<string>): void;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` when the main thread is idle (requestIdleCallback) or on the next frame; defaults to direct. */
  idle?(fn: () => void): void;
  MutationObserver: typeof MutationObserver;
  log?(msg: string): void;
  quietMs?: number;
  maxWaitMs?: number;
  stableMs?: number;
  historyGraceMs?: number;
  watchdogMs?: number;
  /** Longest piece of parsing per task when a long conversation is first read (ms). */
  sliceMs?: number;
}

export interface LoopStats {
  mutations: number;
  parses: number;
  snapshots: number;
  lastParseMs: number;
}

interface Known {
  time: number | null;
  timeSource: CapturedMessage['timeSource'];
}

export class CaptureLoop {
  readonly stats: LoopStats = { mutations: 0, parses: 0, snapshots: 0, lastParseMs: 0 };
  private readonly reader: IncrementalReader;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly stableMs: number;
  private readonly graceMs: number;
  private readonly sliceMs: number;

  private url = '';
  private allowed = false;
  private stopped = false;
  private root: Element | null = null;
  private observer: MutationObserver | null = null;
  private watchdog: unknown = null;
  private timer: unknown = null;
  private timerAt = 0;

  // Per conversation (reset on navigation).
  private enteredAt = 0;
  /** Identity key → time already assigned (history or observed), so re-renders keep it. */
  private known = new Map<string, Known>();
  /** True when this conversation continues a new chat whose id the site assigned after the first send. */
  private continued = false;
  /** Identity keys of the conversation left by the last navigation: while the page still shows exactly
   * those messages, the new conversation's content has not rendered yet (URL changes before the DOM). */
  private previousKeys = '';
  private lastSent = '';
  private tail = { key: '', text: '', since: 0 };
  private lastStreaming = false;

  // Dirty tracking (mutation callback writes only these).
  private dirtySince = 0;
  private lastChange = 0;
  private helloSeq = 0;

  constructor(private readonly d: LoopDeps) {
    this.quietMs = d.quietMs ?? 400;
    this.maxWaitMs = d.maxWaitMs ?? 3000;
    this.stableMs = d.stableMs ?? 1500;
    this.graceMs = d.historyGraceMs ?? 2500;
    this.reader = new IncrementalReader(d.adapter, d.now);
    this.sliceMs = d.sliceMs ?? 12;
  }

  /** Starts watching (asks the background first). */
  async start(): Promise<void> {
    this.watchdog = this.d.setTimeout(() => this.tick(), this.d.watchdogMs ?? 1000);
    await this.enter(this.d.href(), false);
  }

  stop(): void {
    this.stopped = true;
    this.unbind();
    if (this.timer !== null) this.d.clearTimeout(this.timer);
    if (this.watchdog !== null) this.d.clearTimeout(this.watchdog);
  }

  /** Called by the content script on in-app navigation (wxt:locationchange, popstate) and by the watchdog. */
  async navigated(href: string = this.d.href()): Promise<void> {
    if (href === this.url || this.stopped) return;
    const prevId = this.conversationIdOf(this.url);
    const nextId = this.conversationIdOf(href);
    if (prevId === nextId && prevId !== null) {
      // Same conversation, another URL (query, hash): nothing to reset.
      this.url = href;
      return;
    }
    // No parse of the "old" page here: by the time the URL change is seen, the DOM may already show the new
    // conversation, and reading it under the old id would mix the two. Finished messages were sent already.
    // A new chat gets its id after the first send: its messages were observed live, keep their times.
    await this.enter(href, true, prevId === null && this.url !== '');
  }

  /** Re-asks the background whether capture is allowed (e.g. when the tab becomes visible again). */
  async recheckPermission(): Promise<void> {
    const was = this.allowed;
    const seq = ++this.helloSeq;
    const ok = await this.d.hello(this.url).catch(() => was);
    if (seq !== this.helloSeq || this.stopped) return;
    this.allowed = ok;
    if (ok && !was) this.bind();
    if (!ok && was) this.unbind();
  }

  /** Parses now (tests, bench, and pagehide). */
  flush(): void {
    if (this.allowed && this.root) this.check(true);
  }

  // ---------------------------------------------------------------------------------------------------

  private conversationIdOf(href: string): string | null {
    try {
      return href ? this.d.adapter.conversationIdFromUrl(new URL(href)) : null;
    } catch {
      return null;
    }
  }

  private async enter(href: string, navigation: boolean, continued = false): Promise<void> {
    this.url = href;
    this.enteredAt = this.d.now();
    this.continued = continued;
    this.previousKeys = navigation && !continued ? this.lastKeys : '';
    if (!continued) {
      this.known = new Map();
      this.pendingTimes = new Map();
    }
    this.lastSent = '';
    this.reader.reset();
    this.tail = { key: '', text: '', since: 0 };
    this.lastStreaming = false;
    const seq = ++this.helloSeq;
    let ok = false;
    try {
      ok = await this.d.hello(href);
    } catch (e) {
      this.d.log?.(`hello failed: ${String((e as Error)?.message ?? e)}`);
      ok = false;
    }
    if (seq !== this.helloSeq || this.stopped) return;
    this.allowed = ok;
    if (!ok) return this.unbind();
    this.bind();
    // History already on the page: read it once the page has settled.
    this.markDirty(this.d.now());
    if (navigation) this.arm(this.quietMs);
  }

  private bind(): void {
    const root = this.d.adapter.root(this.d.doc);
    if (root === this.root && this.observer) return;
    this.unbind();
    if (!root) return;
    this.root = root;
    this.reader.reset();
    this.observer = new this.d.MutationObserver(this.onMutations);
    this.observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-is-streaming', 'aria-busy', 'data-state', 'data-message-id', 'data-testid'],
    });
    this.markDirty(this.d.now());
  }

  private unbind(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.root = null;
  }

  /** The whole per-update cost of a streamed token: a few stores and, rarely, one timer. */
  private readonly onMutations = (records: MutationRecord[]): void => {
    this.stats.mutations++;
    for (const r of records) this.reader.touch(r.target);
    this.markDirty(this.d.now());
  };

  private markDirty(t: number): void {
    if (this.dirtySince === 0) this.dirtySince = t;
    this.lastChange = t;
    if (this.timer === null) this.arm(this.quietMs);
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    const at = this.d.now() + ms;
    if (this.timer !== null) {
      if (this.timerAt <= at) return;
      this.d.clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = this.d.setTimeout(this.onTimer, ms);
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    if (!this.allowed || this.stopped) return;
    const now = this.d.now();
    const quietFor = now - this.lastChange;
    const dirtyFor = this.dirtySince ? now - this.dirtySince : 0;
    if (this.dirtySince && quietFor < this.quietMs) {
      // Still changing. While a reply is known to be streaming, wait for quiet (its end); otherwise parse at
      // least every maxWaitMs so prompts and earlier replies are not held back by an endless stream.
      const due = this.lastStreaming ? this.maxWaitMs : Math.max(0, this.maxWaitMs - dirtyFor);
      if (due > 0) {
        this.arm(Math.min(this.quietMs - quietFor, due) || 1);
        return;
      }
    }
    const run = () => this.check(false);
    if (this.d.idle) this.d.idle(run);
    else run();
  };

  private tick(): void {
    if (this.stopped) return;
    this.watchdog = this.d.setTimeout(() => this.tick(), this.d.watchdogMs ?? 1000);
    const href = this.d.href();
    if (href !== this.url) {
      void this.navigated(href);
      return;
    }
    if (!this.allowed) return;
    // The site may have replaced the message list (route change, re-mount): observe the new one.
    if (!this.root || !this.root.isConnected || this.d.adapter.root(this.d.doc) !== this.root) this.bind();
  }

  /** Parses the page and emits a snapshot when the set of finished messages changed. */
  private check(force: boolean): void {
    // A URL change not yet handled: never read the page under the previous conversation's id.
    if (this.d.href() !== this.url) {
      void this.navigated(this.d.href());
      return;
    }
    if (!this.root || !this.root.isConnected) {
      this.bind();
      if (!this.root) return;
    }
    const t0 = this.d.now();
    let page: ParsedPage | null;
    let url: URL;
    try {
      url = new URL(this.url);
      page = this.reader.read(this.root, url, this.sliceMs);
    } catch (e) {
      this.d.log?.(`parse failed: ${String((e as Error)?.message ?? e)}`);
      return;
    }
    if (!page) {
      // A long conversation read for the first time: continue in the next idle slice (no long task).
      const again = () => this.allowed && !this.stopped && this.check(force);
      if (this.d.idle) this.d.idle(again);
      else this.d.setTimeout(again, 0);
      return;
    }
    const changedSince = this.dirtySince || t0;
    this.dirtySince = 0;
    this.stats.parses++;
    this.stats.lastParseMs = this.d.now() - t0;
    this.lastStreaming = page.streaming;

    const siteConversationId = page.siteConversationId ?? this.d.adapter.conversationIdFromUrl(url);
    const msgs = page.messages.filter((m) => m.text.trim() || m.extras?.length);
    // Identity keys as the background computes them, under a fixed conversation prefix so that a new chat
    // keeps its keys when the site assigns its id.
    const ids = buildMessages(conversationId(this.d.adapter.id, '_'), msgs).map((m) => m.id);
    const allKeys = ids.join('\n');
    if (this.previousKeys && allKeys === this.previousKeys) return;
    this.previousKeys = '';
    this.lastKeys = allKeys;

    // The final prefix: stop at the first message still being written.
    let finalCount = 0;
    let hold = false;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      if (m.streaming) break;
      const last = i === msgs.length - 1;
      if (last && m.role === 'assistant') {
        if (page.streaming) break;
        if (this.tail.key !== `${i}` || this.tail.text !== m.text) this.tail = { key: `${i}`, text: m.text, since: this.lastChange || t0 };
        if (t0 - this.tail.since < this.stableMs && !force) {
          this.arm(this.stableMs - (t0 - this.tail.since));
          // Only a short wait: send nothing now rather than the same messages minus the reply twice.
          hold = true;
          break;
        }
      }
      finalCount = i + 1;
    }
    // The end of a stream is not always a mutation inside the root (the stop button sits in the composer).
    if (page.streaming) this.arm(this.maxWaitMs);

    // Times: history vs observed.
    const inGrace = t0 - this.enteredAt < this.graceMs && !this.continued;
    let lastKnownPos = -1;
    for (let i = 0; i < msgs.length; i++) if (this.known.has(ids[i]!)) lastKnownPos = i;
    for (let i = 0; i < msgs.length; i++) {
      const id = ids[i]!;
      if (this.known.has(id)) continue;
      const m = msgs[i]!;
      let k: Known;
      if (m.time !== undefined && Number.isFinite(m.time) && m.time > 0) k = { time: m.time, timeSource: 'site' };
      else if (this.pendingTimes.has(i)) k = this.pendingTimes.get(i)!;
      else if (inGrace || i < lastKnownPos) k = { time: null, timeSource: 'unknown' };
      else k = { time: changedSince, timeSource: 'observed' };
      // Only remember times of messages that are final or at least started; a streaming reply's key changes
      // with its text, so its first-seen time is kept by position below.
      if (i < finalCount) this.known.set(id, k);
      else if (!this.pendingTimes.has(i)) this.pendingTimes.set(i, k);
    }
    for (const [pos, k] of this.pendingTimes) {
      if (pos < finalCount) {
        if (!this.known.has(ids[pos]!)) this.known.set(ids[pos]!, k);
        this.pendingTimes.delete(pos);
      } else if (pos >= msgs.length) this.pendingTimes.delete(pos);
    }

    if (hold || !siteConversationId || finalCount === 0) return;
    const messages: CapturedMessage[] = msgs.slice(0, finalCount).map((m, i) => toCaptured(m, this.known.get(ids[i]!)!));
    const snapshot: CaptureSnapshot = { site: this.d.adapter.id, siteConversationId, url: this.url, messages };
    if (page.title) snapshot.title = page.title;
    if (page.model) snapshot.model = page.model;
    const signature = JSON.stringify(snapshot);
    if (signature === this.lastSent) return;
    this.lastSent = signature;
    this.stats.snapshots++;
    this.d.emit(snapshot, new Set(ids.slice(0, finalCount)));
  }

  /** First-seen times of messages not final yet, by position (their identity key changes while streaming). */
  private pendingTimes = new Map<number, Known>();
  private lastKeys = '';
}

function toCaptured(m: ParsedMessage, k: Known): CapturedMessage {
  const out: CapturedMessage = { role: m.role, text: m.text, time: k.time, timeSource: k.time === null ? 'unknown' : k.timeSource };
  if (m.siteMessageId) out.siteMessageId = m.siteMessageId;
  if (m.model) out.model = m.model;
  if (m.variant) out.variant = m.variant;
  if (m.extras?.length) out.extras = m.extras;
  return out;
}
