// The popup's offer on the tab you are on: which states of switch, permission and pause make it say
// "This is <site> — capture it?", and which do not.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../storage/settings';
import type { SiteId } from '../model/types';
import { siteForUrl, siteToOffer } from './sites';

const state = (o: { on?: boolean; granted?: boolean; paused?: boolean }) => ({
  settings: { ...DEFAULT_SETTINGS, paused: o.paused ?? false, sites: { ...DEFAULT_SETTINGS.sites, chatgpt: o.on ?? true } },
  granted: (o.granted ?? true) ? (['chatgpt'] as SiteId[]) : [],
});

describe('siteToOffer', () => {
  it.each([
    ['switch on, permission not granted (a new install)', { on: true, granted: false }, 'chatgpt'],
    ['switch off, permission granted', { on: false, granted: true }, 'chatgpt'],
    ['switch off, permission not granted', { on: false, granted: false }, 'chatgpt'],
    ['switch on and granted: already capturing', { on: true, granted: true }, undefined],
    ['paused: pause wins, nothing offered', { on: false, granted: false, paused: true }, undefined],
  ] as const)('%s', (_name, o, want) => {
    expect(siteToOffer(state(o), 'chatgpt')).toBe(want);
  });

  it('offers nothing on a page that is no supported site', () => {
    expect(siteForUrl('https://example.org/')).toBeUndefined();
    expect(siteToOffer(state({ granted: false }), siteForUrl('https://example.org/'))).toBeUndefined();
    expect(siteToOffer(state({ granted: false }), siteForUrl('https://chatgpt.com/c/abc'))).toBe('chatgpt');
  });
});
