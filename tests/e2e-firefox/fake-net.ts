/**
 * The whole network Firefox sees in the end-to-end tests: one HTTP proxy on 127.0.0.1 that answers every request
 * itself and never opens a connection anywhere. Fixture pages are served at the assistants' real hostnames
 * (https://chatgpt.com/… in the address bar, bytes from this process); anything else is refused and recorded.
 *
 * Why a proxy: Firefox has no `--host-resolver-rules`. Its manual proxy settings (prefs set in harness.ts, with
 * `network.proxy.failover_direct` off and localhost not exempted) send every http, https and WebSocket request here,
 * so no test traffic can leave the machine even for a host nobody mapped. HTTPS arrives as CONNECT host:443; the
 * tunnel is handed to an in-process TLS server with a throw-away self-signed certificate (made with `openssl` per run,
 * in a temporary folder removed at stop), which the BiDi session accepts (`acceptInsecureCerts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeRequest {
  /** Full URL (https://host/path?query), or `CONNECT host:port` for a tunnel refused before TLS. */
  url: string;
  served: boolean;
}

export type Body = string | Buffer | (() => string | Buffer);

export interface FakeNet {
  /** 127.0.0.1 port of the proxy (set as Firefox's http and ssl proxy). */
  port: number;
  /** Serves `body` at exactly this URL's origin + path (any query). Call again to replace. */
  serve(url: string, body: Body, contentType?: string): void;
  /** Every request seen, in order. */
  requests: FakeRequest[];
  /** Requests no fixture answered (each was refused with 403 or a closed tunnel). */
  unserved(): FakeRequest[];
  stop(): Promise<void>;
}

function throwAwayCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'coevo-ff-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=coevo-e2e.invalid',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeNet(): Promise<FakeNet> {
  const routes = new Map<string, { body: Body; contentType: string }>();
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const keyOf = (u: URL) => `${u.protocol}//${u.host}${u.pathname}`;
  const hosts = () => new Set([...routes.keys()].map((k) => new URL(k).host));

  const answer = (url: URL, res: ServerResponse) => {
    const route = routes.get(keyOf(url));
    requests.push({ url: url.href, served: !!route });
    if (!route) {
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('blocked by the Coevo e2e fake network');
      return;
    }
    const body = typeof route.body === 'function' ? route.body() : route.body;
    res.writeHead(200, { 'content-type': route.contentType, 'cache-control': 'no-store' }).end(body);
  };

  const { key, cert } = throwAwayCert();
  const tls = https.createServer({ key, cert }, (req: IncomingMessage, res) => {
    answer(new URL(req.url ?? '/', `https://${req.headers.host}`), res);
  });
  tls.on('tlsClientError', () => undefined);

  const proxy = http.createServer((req, res) => {
    // Plain http through a proxy carries the absolute URL.
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    }
    answer(url, res);
  });
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const host = target.endsWith(':443') ? target.slice(0, -4) : target;
    socket.on('error', () => undefined);
    if (!hosts().has(host)) {
      // No fixture on this host at all: refuse the tunnel (nothing is forwarded anywhere).
      requests.push({ url: `CONNECT ${target}`, served: false });
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    tls.emit('connection', socket);
  });

  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (proxy.address() as AddressInfo).port;

  return {
    port,
    requests,
    serve(url, body, contentType = 'text/html; charset=utf-8') {
      routes.set(keyOf(new URL(url)), { body, contentType });
    },
    unserved: () => requests.filter((r) => !r.served),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
      tls.close();
    },
  };
}

/**
 * Firefox's own background services (remote settings, add-on and media-plugin updates, safe browsing) that a
 * fresh profile calls despite the test prefs: refused by the fake network like everything without a fixture, and
 * named here so a test can require that nothing *else* was attempted.
 */
export function firefoxOwnTraffic(url: string): boolean {
  const host = url.startsWith('CONNECT ') ? url.slice(8).replace(/:\d+$/, '') : new URL(url).hostname;
  return /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net|getpocket\.com|openh264\.org|googleapis\.com|gvt1\.com)$/.test(host);
}
