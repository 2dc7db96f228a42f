/**
 * The content script's outbox: every snapshot the capture loop produces stays here until the background
 * acknowledges it, so a service worker that Chromium stopped (idle, update, crash) mid-reply loses nothing.
 *
 * - Sending wakes a stopped service worker; a failed or unanswered send is retried with exponential backoff
 *   (250 ms … 10 s) for as long as the page lives.
 * - A newer snapshot of the same conversation that contains every message of an older pending one makes
 *   the older one redundant (the background merges full sets); otherwise both are kept, in order, so a reply
 *   that was regenerated before the first version was acknowledged still reaches the store as a variant.
 * - When a send has not been acknowledged within `persistAfterMs`, or the page is being hidden, pending
 *   snapshots are also written to extension storage (`browser.storage.local`, written by the browser without
 *   the service worker), under a key of this page; the background drains such keys when it starts
 *   (background/outbox.ts), so even closing the tab right after a worker crash loses nothing. In the normal
 *   case (worker answers in milliseconds) nothing is written.
 *
 * Privacy and trust: storage.local belongs to the extension (the page cannot read it) and lives in the same
 * profile as the database the snapshot is going to anyway; but every content script of the extension can read
 * and write it, so what is parked there is sealed with this site's key (capture/seal.ts, capture/content.ts)
 * and the background accepts only what opens with it (background/outbox.ts).
 */
import type { CaptureSnapshot, Res } from '../messaging/protocol';

/** Prefix of the storage.local keys holding pending snapshots of one page (see background/outbox.ts). */
export const OUTBOX_KEY_PREFIX = 'coevo-outbox:';

export interface PersistedOutbox {
  savedAt: number;
  snapshots: CaptureSnapshot[];
}

export interface OutboxDeps {
  /** Sends one snapshot to the background; resolves with its answer, rejects/undefined when unreachable. */
  send(s: CaptureSnapshot): Promise<Res<'capture/snapshot'> | undefined>;
  /** Key/value persistence (browser.storage.local in the extension); optional. */
  persist?: {
    set(key: string, value: PersistedOutbox): Promise<void>;
    remove(key: string): Promise<void>;
  };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  /** A key unique to this page load. */
  pageKey: string;
  persistAfterMs?: number;
  log?(msg: string): void;
}

interface Entry {
  snapshot: CaptureSnapshot;
  /** Identity keys of its messages, for the "contains every message of" test. */
  keys: ReadonlySet<string>;
  attempts: number;
}

/** Errors after which retrying cannot help: the background refused the content, not the delivery. */
const FINAL_REFUSALS = /^(invalid snapshot|paused|site-off|not allowed)/;

export class Outbox {
  private entries: Entry[] = [];
  private sending = false;
  private retryTimer: unknown = null;
  private persistTimer: unknown = null;
  private persisted = false;
  private stopped = false;
  /** Snapshots acknowledged so far (for tests and the bench). */
  acked = 0;

  constructor(private readonly d: OutboxDeps) {}

  get pending(): number {
    return this.entries.length;
  }

  push(snapshot: CaptureSnapshot, keys: ReadonlySet<string>): void {
    if (this.stopped) return;
    const conv = snapshot.siteConversationId;
    // Drop pending snapshots this one makes redundant (same conversation, every message included). The one
    // being sent right now (index 0 while sending) stays: its delivery is already under way.
    this.entries = this.entries.filter(
      (e, i) =>
        (this.sending && i === 0) || e.snapshot.site !== snapshot.site || e.snapshot.siteConversationId !== conv || ![...e.keys].every((k) => keys.has(k)),
    );
    this.entries.push({ snapshot, keys, attempts: 0 });
    if (this.persisted) void this.save();
    this.pump();
  }

  /** Writes pending snapshots to storage now (page being hidden or unloaded). */
  flushToStorage(): void {
    if (this.entries.length) void this.save();
  }

  /** Stops sending; what is still unacknowledged is parked first (a stopped script must not drop it). */
  stop(): void {
    if (this.stopped) return;
    if (this.entries.length) void this.save();
    this.stopped = true;
    if (this.retryTimer !== null) this.d.clearTimeout(this.retryTimer);
    if (this.persistTimer !== null) this.d.clearTimeout(this.persistTimer);
  }

  private pump(): void {
    if (this.sending || this.retryTimer !== null || this.stopped) return;
    const entry = this.entries[0];
    if (!entry) return;
    this.sending = true;
    if (this.persistTimer === null && !this.persisted)
      this.persistTimer = this.d.setTimeout(() => {
        this.persistTimer = null;
        if (this.entries.length) void this.save();
      }, this.d.persistAfterMs ?? 1000);
    entry.attempts++;
    this.d
      .send(entry.snapshot)
      .then(
        (res) => {
          if (res && (res.ok || FINAL_REFUSALS.test(res.error))) {
            if (!res.ok) this.d.log?.(`snapshot refused: ${res.error}`);
            return true;
          }
          return false;
        },
        (err) => {
          this.d.log?.(`send failed (attempt ${entry.attempts}): ${String(err?.message ?? err)}`);
          return false;
        },
      )
      .then((done) => {
        this.sending = false;
        if (done) {
          this.acked++;
          this.entries = this.entries.filter((e) => e !== entry);
          if (!this.entries.length) this.settled();
          else if (this.persisted) void this.save();
          this.pump();
        } else {
          const delay = Math.min(10_000, 250 * 2 ** Math.min(entry.attempts - 1, 6));
          this.retryTimer = this.d.setTimeout(() => {
            this.retryTimer = null;
            this.pump();
          }, delay);
        }
      });
  }

  private settled(): void {
    if (this.persistTimer !== null) {
      this.d.clearTimeout(this.persistTimer);
      this.persistTimer = null;
    }
    if (this.persisted) {
      this.persisted = false;
      void this.d.persist?.remove(this.key).catch(() => undefined);
    }
  }

  private get key(): string {
    return OUTBOX_KEY_PREFIX + this.d.pageKey;
  }

  private async save(): Promise<void> {
    if (!this.d.persist) return;
    this.persisted = true;
    try {
      await this.d.persist.set(this.key, { savedAt: this.d.now(), snapshots: this.entries.map((e) => e.snapshot) });
      // Acknowledged meanwhile: do not leave a stale copy behind.
      if (!this.entries.length) await this.d.persist.remove(this.key);
    } catch (e) {
      this.d.log?.(`could not persist the outbox: ${String((e as Error)?.message ?? e)}`);
    }
  }
}
