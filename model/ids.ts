/**
 * Stable identities. The same conversation or message must get the same id whether it was captured live
 * today or imported from an export next year: that is what makes merging and re-importing idempotent.
 */
import type { Role, SiteId } from './types';

export function conversationId(site: SiteId, siteConversationId: string): string {
  return `${site}:${siteConversationId}`;
}

export function messageIdFromSite(convId: string, siteMessageId: string): string {
  return `${convId}#${siteMessageId}`;
}

/**
 * Text normalized for identity: only letters and digits, lower-cased, markdown links reduced to their text.
 * Capture (rendered DOM) and export (markdown source) of the same message differ in markup, quotes,
 * bullets and spacing, so identity ignores all of those.
 */
export function identityText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** 53-bit string hash (cyrb53): fast, well distributed, deterministic in every JS runtime. */
export function hash53(str: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Content key for a message without a site id: role + normalized text + how many earlier messages in the
 * same conversation had the same role and text (so "ok" twice stays two messages).
 */
export function messageIdFromContent(convId: string, role: Role, text: string, occurrence: number): string {
  return `${convId}#c-${role[0]}-${hash53(identityText(text))}-${occurrence}`;
}
