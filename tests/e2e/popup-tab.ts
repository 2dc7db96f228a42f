/**
 * The extension's real action popup, opened on the active tab with `chrome.action.openPopup()` and driven over
 * CDP. Playwright does not list action popups as pages, so this attaches to the popup's target through the
 * (non-flattened) Target domain of another page's CDP session. Clicks go through `Runtime.evaluate` with
 * `userGesture: true`, which Chromium treats as a click by the person (permissions.request needs one).
 */
import type { CDPSession, Page } from 'playwright-core';
import { waitFor, type ExtensionSession } from './harness';

export interface ActionPopup {
  /** Evaluates an expression in the popup and returns its value. */
  evaluate<T = unknown>(expression: string, userGesture?: boolean): Promise<T>;
  text(): Promise<string>;
  /** Clicks the element, as a person's click (user gesture). */
  click(selector: string): Promise<void>;
  /** Focuses the element and presses a key on it through CDP's keyboard input (a real key event). */
  press(selector: string, key: 'Enter' | ' '): Promise<void>;
  close(): Promise<void>;
}

/** Opens the action popup on `tab` (brought to the front first) and attaches to it. */
export async function openActionPopup(s: ExtensionSession, tab: Page): Promise<ActionPopup> {
  await tab.bringToFront();
  const sw = await s.serviceWorker();
  await sw.evaluate(() => (globalThis as any).chrome.action.openPopup());
  const cdp: CDPSession = await s.context.newCDPSession(tab);
  const target = await waitFor(
    async () => ((await cdp.send('Target.getTargets')) as any).targetInfos.find((t: any) => t.url === `${s.extensionOrigin}popup.html`),
    { what: 'the action popup' },
  );
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false } as any)) as any;
  let nextId = 1;
  const pending = new Map<number, (m: any) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: any) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const call = (method: string, params: object) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) } as any).catch(reject);
    });
  const popup: ActionPopup = {
    async evaluate<T>(expression: string, userGesture = false) {
      const r = await call('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true, userGesture });
      if (r.exceptionDetails) throw new Error(`popup: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    text: () => popup.evaluate<string>('document.body.innerText'),
    async click(selector) {
      await waitFor(() => popup.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(selector)})`), { what: selector });
      await popup.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`, true);
    },
    async press(selector, key) {
      await waitFor(() => popup.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(selector)})`), { what: selector });
      await popup.evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
      const code = key === 'Enter' ? 'Enter' : 'Space';
      const base = { key, code, windowsVirtualKeyCode: key === 'Enter' ? 13 : 32, nativeVirtualKeyCode: key === 'Enter' ? 13 : 32 };
      await call('Input.dispatchKeyEvent', { type: 'keyDown', ...base, ...(key === 'Enter' ? { text: '\r' } : { text: ' ' }) });
      await call('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
    },
    async close() {
      await popup.evaluate('window.close()').catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
  await waitFor(() => popup.evaluate<boolean>("document.readyState === 'complete' && !!document.querySelector('[data-tab-status]')"), {
    what: 'the popup to render',
  });
  return popup;
}
