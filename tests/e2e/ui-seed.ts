/**
 * Seeding Coevo's IndexedDB from an extension page, for the UI end-to-end tests and the dashboard benchmark.
 * Rows go straight into the object stores Dexie created (the page must have opened the database first, so
 * the schema exists); the page is then reloaded to show them. Written behind Dexie's back, they are not in the
 * maintained counts row (storage/counts.ts), so a call that writes conversations or messages deletes that row in the
 * same transaction: the next reader counts them, as after any such write.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './harness';

export type Rows = Partial<Record<'conversations' | 'messages' | 'tags' | 'analysis' | 'settings', unknown[]>>;

/** Writes rows into the named database in one transaction per call. */
export async function putRows(page: Page, dbName: string, rows: Rows): Promise<void> {
  await page.evaluate(
    async ({ dbName, rows }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(dbName);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const names = Object.keys(rows);
      const counted = (names.includes('conversations') || names.includes('messages')) && db.objectStoreNames.contains('meta');
      await new Promise<void>((res, rej) => {
        const tx = db.transaction(counted ? [...names, 'meta'] : names, 'readwrite');
        for (const n of names) {
          const store = tx.objectStore(n);
          for (const row of (rows as Record<string, unknown[]>)[n]!) store.put(row);
        }
        if (counted) tx.objectStore('meta').delete('counts');
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
      });
      db.close();
    },
    { dbName, rows },
  );
}

/** Row counts of every table of a database (as the page sees them). */
export async function countRows(page: Page, dbName: string): Promise<Record<string, number>> {
  return page.evaluate(async (dbName) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open(dbName);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const out: Record<string, number> = {};
    for (const n of Array.from(db.objectStoreNames)) {
      out[n] = await new Promise<number>((res, rej) => {
        const q = db.transaction(n).objectStore(n).count();
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
    }
    db.close();
    return out;
  }, dbName);
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page and returns serious and critical violations. The script is evaluated through the
 * DevTools protocol because extension pages' CSP forbids injected <script> tags.
 */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (globalThis as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as any[]).map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')) }));
  });
  return violations.filter((v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical');
}

const SHOTS = join(ROOT, 'docs', 'screenshots');

/** Waits until every chart on screen is drawn (chart.js loads with the first chart, after the page's first render). */
export async function chartsDrawn(p: Page): Promise<void> {
  await p.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('[data-chart]')).every((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom < 0 || r.top > innerHeight || el.hasAttribute('data-drawn');
      }),
    undefined,
    { timeout: 30_000 },
  );
}

/** Saves a screenshot into docs/screenshots/NAME.png once the charts on screen are drawn; checks it stays small. */
export async function shot(p: Page, name: string, maxBytes = 300_000): Promise<void> {
  await chartsDrawn(p);
  const path = join(SHOTS, `${name}.png`);
  await p.screenshot({ path, fullPage: false });
  expect(statSync(path).size).toBeLessThan(maxBytes);
}
