/**
 * `npm run coevo -- parse-page --url <page URL> <file.html>`: reads a saved assistant page with the same site
 * adapter the extension uses and prints the normalized conversation (source "capture") as JSON. Message ids
 * come from model/build.ts exactly as the background assigns them (the site's id when the page has one, else a
 * content key); times stay null/"unknown" because a saved page only shows history.
 */
import { readFileSync, statSync } from 'node:fs';
import { Window } from 'happy-dom';
import { buildConversation } from '../model/build';
import type { ConversationWithMessages } from '../model/types';
import { SITES, adapterForUrl } from '../sites/registry';

export const summary = 'parse a saved assistant page (.html) into the normalized conversation JSON';

const USAGE = `usage: npm run coevo -- parse-page --url <page URL> <file.html>

  --url <URL>   the address the page was saved from, e.g. https://chatgpt.com/c/<id>; it picks the site
                adapter and gives the conversation id
  <file.html>   the saved page (File > Save page as…, or the element's outerHTML)

Prints the conversation as JSON on stdout. Exit 2 when the file is missing, no adapter serves the URL, the URL
has no conversation id, or the page holds no messages.
`;

/** Thrown for bad input; `run` turns it into a message on stderr and exit code 2. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { url: string; file: string } {
  let url: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--url') {
      url = argv[++i];
      if (!url) throw new UsageError('--url needs a value');
    } else if (a.startsWith('--url=')) url = a.slice('--url='.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (!url) throw new UsageError('missing --url <page URL>');
  if (files.length !== 1) throw new UsageError(files.length ? 'give exactly one HTML file' : 'missing <file.html>');
  return { url, file: files[0]! };
}

/** Parses `html` saved from `pageUrl` into a normalized conversation, or throws UsageError saying why not. */
export async function parsePage(html: string, pageUrl: string): Promise<{ conversation: ConversationWithMessages; streaming: boolean }> {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    throw new UsageError(`not a URL: ${pageUrl}`);
  }
  const adapter = adapterForUrl(url);
  if (!adapter) {
    const hosts = Object.values(SITES)
      .flatMap((a) => a.hosts)
      .join(', ');
    throw new UsageError(`no site adapter for ${url.href} (supported hosts: ${hosts})`);
  }
  const siteConversationId = adapter.conversationIdFromUrl(url);
  if (!siteConversationId) throw new UsageError(`${url.href} has no ${adapter.id} conversation id (open the chat, then save it)`);

  // Scripts, stylesheets and frames stay unloaded: only the saved markup is read, nothing is fetched.
  const window = new Window({
    url: url.href,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: { disableChildFrameNavigation: true, disableChildPageNavigation: true, disableMainFrameNavigation: true },
    },
  });
  // happy-dom reports each unloaded iframe on its virtual console; nothing there concerns the parse.
  window.console.error = () => undefined;
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    const root = adapter.root(doc) ?? doc;
    const page = adapter.parse(root, url);
    const parsed = page.messages.filter((m) => m.text.trim());
    if (!parsed.length) throw new UsageError(`no ${adapter.id} messages found in the page (is it a saved ${adapter.id} chat?)`);
    // A saved page shows history: when each message was said is unknown unless the page states it.
    const conversation = buildConversation(
      { site: adapter.id, siteConversationId, source: 'capture', url: url.href, title: page.title, model: page.model },
      parsed.map((m) => ({
        role: m.role,
        text: m.text,
        siteMessageId: m.siteMessageId,
        time: m.time ?? null,
        timeSource: m.time !== undefined ? ('site' as const) : ('unknown' as const),
        model: m.model,
        extras: m.extras,
      })),
    );
    return { conversation, streaming: page.streaming };
  } finally {
    await window.happyDOM.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const { url, file } = parseArgs(argv);
    let html: string;
    try {
      if (!statSync(file).isFile()) throw new UsageError(`not a file: ${file}`);
      html = readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { conversation, streaming } = await parsePage(html, url);
    if (streaming) process.stderr.write('parse-page: note: a reply was still being written when the page was saved; its text may be cut short\n');
    process.stdout.write(JSON.stringify(conversation, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`parse-page: ${e.message}\n\n${USAGE}`);
    return 2;
  }
}
