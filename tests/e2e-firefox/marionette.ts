/**
 * A minimal Marionette client (Firefox's own WebDriver transport, TCP on 127.0.0.1) for the extension's pages.
 *
 * Why not WebDriver BiDi: Firefox's BiDi does not script or report moz-extension:// contexts yet (its remote agent
 * skips "extension contexts until we support debugging webextensions", Mozilla bug 1755014, as of firefox-esr 153).
 * Marionette drives both extension pages and web pages. Navigating to moz-extension:// needs Firefox started with
 * `--remote-allow-system-access` (test profiles only).
 *
 * Protocol: messages are `<byte length>:<json>`; a command is [0, id, name, params], its answer [1, id, error, result].
 */
import { connect, type Socket } from 'node:net';

class Marionette {
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; name: string }>();
  private greeted!: Promise<void>;
  private constructor(private readonly socket: Socket) {}

  static async connect(port: number, timeoutMs = 60_000): Promise<Marionette> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        const m = new Marionette(socket);
        m.listen();
        await m.greeted;
        return m;
      } catch (e) {
        if (Date.now() > end) throw new Error(`Marionette did not answer on 127.0.0.1:${port}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private listen() {
    let greet!: () => void;
    let fail!: (e: Error) => void;
    this.greeted = new Promise((res, rej) => ((greet = res), (fail = rej)));
    let first = true;
    this.socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (;;) {
        const colon = this.buf.indexOf(0x3a);
        if (colon < 0) return;
        const len = Number(this.buf.subarray(0, colon).toString());
        if (this.buf.length < colon + 1 + len) return;
        const msg = JSON.parse(this.buf.subarray(colon + 1, colon + 1 + len).toString('utf8'));
        this.buf = this.buf.subarray(colon + 1 + len);
        if (first) {
          first = false;
          greet();
          continue;
        }
        const [, id, error, result] = msg as [number, number, any, any];
        const p = this.pending.get(id);
        if (!p) continue;
        this.pending.delete(id);
        if (error) p.reject(new Error(`${p.name}: ${error.error}: ${error.message}`));
        else p.resolve(result);
      }
    });
    const closed = (e?: Error) => {
      fail(e ?? new Error('closed'));
      for (const p of this.pending.values()) p.reject(new Error(`${p.name}: Marionette connection closed`));
      this.pending.clear();
    };
    this.socket.on('error', closed);
    this.socket.on('close', () => closed());
  }

  send<T = any>(name: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, name });
      this.socket.write(`${body.length}:`);
      this.socket.write(body);
    });
  }

  close() {
    this.socket.destroy();
  }
}

/** One Marionette session: a window (tab) handle per extension page. */
export class MarionetteSession {
  private constructor(readonly m: Marionette) {}

  static async start(port: number, timeoutMs: number): Promise<MarionetteSession> {
    const m = await Marionette.connect(port, timeoutMs);
    // Marionette takes the capabilities themselves as parameters (geckodriver merges alwaysMatch/firstMatch first).
    await m.send('WebDriver:NewSession', { acceptInsecureCerts: true, pageLoadStrategy: 'normal', timeouts: { pageLoad: 60_000, script: 60_000 } });
    return new MarionetteSession(m);
  }

  /** Installs an unpacked extension folder as a temporary add-on (as about:debugging does); returns its id. */
  async installTemporaryAddon(path: string): Promise<string> {
    const r = await this.m.send<{ value: string } | string>('Addon:Install', { path, temporary: true });
    return typeof r === 'string' ? r : r.value;
  }

  /** Asks Firefox to quit (the process exits; the caller waits for it). */
  async quit() {
    await this.m.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
    this.m.close();
  }

  async newTab(): Promise<string> {
    const r = await this.m.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab', focus: true });
    return r.handle;
  }
  async switchTo(handle: string) {
    await this.m.send('WebDriver:SwitchToWindow', { handle, focus: true });
  }
  async navigate(url: string) {
    await this.m.send('WebDriver:Navigate', { url });
  }
  /** Runs `body` (a function body; `arguments` are the args) in the current page and returns its value. */
  async exec<T = any>(body: string, args: unknown[] = []): Promise<T> {
    return (await this.m.send<{ value: T }>('WebDriver:ExecuteScript', { script: body, args })).value;
  }
  /** Runs an async function body (`await` allowed) in the current page and returns what it resolves to. */
  async execAsync<T = any>(body: string, args: unknown[] = []): Promise<T> {
    const script = `const done = arguments[arguments.length - 1]; (async (...args) => { ${body} })(...Array.from(arguments).slice(0, -1)).then((v) => done({ ok: v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const r = (await this.m.send<{ value: { ok?: T; err?: string } }>('WebDriver:ExecuteAsyncScript', { script, args, scriptTimeout: 60_000 })).value;
    if (r && 'err' in r && r.err) throw new Error(`in page: ${r.err}`);
    return r.ok as T;
  }
  async find(css: string): Promise<object> {
    return this.m.send('WebDriver:FindElement', { using: 'css selector', value: css });
  }
  /** A real click through Firefox's input path (it carries user activation, as permissions.request needs). */
  async click(css: string) {
    const el: any = await this.find(css);
    const id = el.value ?? el;
    await this.m.send('WebDriver:ElementClick', { id: id['element-6066-11e4-a52e-4f735466cecf'] ?? Object.values(id)[0] });
  }
  /** Types into an element; for <input type=file> the text is the file's absolute path. */
  async sendKeys(css: string, text: string) {
    const el: any = await this.find(css);
    const id = el.value ?? el;
    await this.m.send('WebDriver:ElementSendKeys', { id: id['element-6066-11e4-a52e-4f735466cecf'] ?? Object.values(id)[0], text });
  }
  /** Closes the current tab and makes another one current (a session needs a live current window). */
  async closeTab() {
    const left = await this.m.send<string[] | { value: string[] }>('WebDriver:CloseWindow');
    const handles = Array.isArray(left) ? left : left.value;
    if (handles.length) await this.switchTo(handles[0]);
  }
  async end() {
    await this.m.send('WebDriver:DeleteSession').catch(() => undefined);
    this.m.close();
  }
}
