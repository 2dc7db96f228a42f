/**
 * Every site adapter, keyed by SiteId (a missing site fails to compile), and the lookup the content script,
 * the CLI and the tests use to find the adapter for a page URL.
 */
import type { SiteId } from '../model/types';
import type { SiteAdapter } from './types';
import { adapter as chatgpt } from './chatgpt/adapter';
import { adapter as claude } from './claude/adapter';
import { adapter as gemini } from './gemini/adapter';
import { adapter as copilot } from './copilot/adapter';
import { adapter as perplexity } from './perplexity/adapter';
import { adapter as deepseek } from './deepseek/adapter';
import { adapter as grok } from './grok/adapter';
import { adapter as mistral } from './mistral/adapter';
import { adapter as poe } from './poe/adapter';
import { adapter as huggingchat } from './huggingchat/adapter';
import { adapter as metaai } from './metaai/adapter';

export const SITES: Record<SiteId, SiteAdapter> = {
  chatgpt,
  claude,
  gemini,
  copilot,
  perplexity,
  deepseek,
  grok,
  mistral,
  poe,
  huggingchat,
  metaai,
};

/** The adapter whose site serves `url` (a page that can hold a conversation), or undefined. */
export function adapterForUrl(url: string | URL): SiteAdapter | undefined {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return Object.values(SITES).find((a) => a.matchesUrl(u));
}
