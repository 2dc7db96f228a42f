/**
 * What a donation asks the browser for, at the click that sends it, and nothing at install.
 *
 * - The collector's origin as an optional host permission (every http/https origin is optional in the manifest; only
 *   the one study's collector is ever requested, when the person clicks Send or fetches a study file they pasted).
 * - In Firefox, its built-in data-collection consent (browser_specific_settings.gecko.data_collection_permissions,
 *   https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/): the manifest declares
 *   `required: ["none"]` — nothing leaves by itself — and, as optional, the data types a donation transmits
 *   (`DONATION_DATA_COLLECTION`, read by wxt.config.ts). Each level asks for what it sends, in the same prompt as the
 *   origin (permissions.request accepts origins and data_collection together):
 *   summary → websiteActivity (monthly figures of how the person uses assistant sites: message counts, tag rates, style);
 *   tags and conversations → personalCommunications (chat messages) + websiteActivity (their times and sites).
 *   Chrome has no such permission and refuses the key, so it is only added in the Firefox build.
 */
import type { DonationLevel as Level } from '../model/donation';

export const DONATION_DATA_COLLECTION = ['personalCommunications', 'websiteActivity'] as const;
export type FirefoxDataCollection = (typeof DONATION_DATA_COLLECTION)[number];

export const DATA_COLLECTION_BY_LEVEL: Record<Level, readonly FirefoxDataCollection[]> = {
  summary: ['websiteActivity'],
  tags: ['personalCommunications', 'websiteActivity'],
  conversations: ['personalCommunications', 'websiteActivity'],
};

/** The origin pattern a host permission is asked for. */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

/** The permissions request of a donation at this level (Firefox adds the data-collection consent). */
export function donationPermissions(collector: string, level: Level, firefox: boolean): { origins: string[]; data_collection?: string[] } {
  const origins = [originPattern(collector)];
  return firefox ? { origins, data_collection: [...DATA_COLLECTION_BY_LEVEL[level]] } : { origins };
}
