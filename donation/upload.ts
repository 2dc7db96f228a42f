/**
 * An upload with byte progress, for the Donate view: `fetch` reports nothing while a request body is being sent (and
 * Chromium streams request bodies only over HTTP/2, which a study's collector need not speak), so the page sends a
 * donation with XMLHttpRequest, whose `upload` events say how many bytes have left, and answers with a standard
 * `Response` so the rest of the protocol (donation/protocol.ts) is the same as with `fetch`. The service worker has no
 * XMLHttpRequest: its retries use `fetch`, without progress.
 *
 * Same guarantees as the `fetch` path: no cookies (withCredentials stays false), nothing cached, and a redirected
 * answer is refused (XMLHttpRequest follows redirects by itself, so this is checked on the final URL; the body is the
 * age ciphertext only, and another origin would still need this extension's host permission or its CORS consent).
 */
import type { Progress } from './protocol';

/** The part of XMLHttpRequest used here (a fake in unit tests). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body?: Document | XMLHttpRequestBodyInit | null): void;
  abort(): void;
  getAllResponseHeaders(): string;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly responseURL: string;
  withCredentials: boolean;
  timeout: number;
  upload: { addEventListener(type: 'progress' | 'load', fn: (e: { loaded: number; total: number; lengthComputable: boolean }) => void): void };
  addEventListener(type: 'load' | 'error' | 'timeout' | 'abort', fn: () => void): void;
}

export type XhrFactory = () => XhrLike;

function bodyLength(body: RequestInit['body']): number {
  if (body == null) return 0;
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  return 0;
}

function headersOf(raw: string): Headers {
  const h = new Headers();
  for (const line of raw.trim().split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return h;
}

/**
 * `fetch(url, init)` through XMLHttpRequest, calling `onProgress(sent, total)` as the body leaves (at least once at the
 * start and once when all of it was sent). Rejects with a TypeError on a network error, timeout or abort, like fetch.
 */
export function xhrFetch(
  url: string,
  init: RequestInit,
  onProgress?: Progress,
  make: XhrFactory = () => new XMLHttpRequest() as unknown as XhrLike,
  timeoutMs = 120_000,
): Promise<Response> {
  const total = bodyLength(init.body);
  return new Promise<Response>((resolve, reject) => {
    const xhr = make();
    let last = -1;
    const report = (sent: number) => {
      const s = Math.min(total, Math.max(0, sent));
      if (s === last) return;
      last = s;
      onProgress?.(s, total);
    };
    xhr.open(init.method ?? 'GET', url);
    xhr.withCredentials = false;
    xhr.timeout = timeoutMs;
    for (const [k, v] of new Headers(init.headers).entries()) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => report(e.loaded));
    xhr.upload.addEventListener('load', () => report(total));
    xhr.addEventListener('load', () => {
      // Compared as parsed URLs: a collector written as https://Donate.Example.org:443 is not a redirect.
      if (init.redirect === 'error' && xhr.responseURL && new URL(xhr.responseURL).href !== new URL(url).href) {
        reject(new TypeError(`the collector redirected the upload to ${xhr.responseURL}; refused`));
        return;
      }
      report(total);
      // A Response cannot carry status 0 or 1xx; those never reach 'load' here.
      resolve(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: headersOf(xhr.getAllResponseHeaders()) }));
    });
    xhr.addEventListener('error', () => reject(new TypeError('network error (upload interrupted)')));
    xhr.addEventListener('timeout', () => reject(new TypeError(`no answer in ${Math.round(timeoutMs / 1000)} s`)));
    xhr.addEventListener('abort', () => reject(new TypeError('upload aborted')));
    report(0);
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });
}
