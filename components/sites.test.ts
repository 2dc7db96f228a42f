// The popup's offer on the tab you are on: which states of switch, permission and pause make it say
// "This is <site> — capture it?", and which do not.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../storage/settings';
import type { SiteId } from '../model/types';
import { siteForUrl, siteToOffer, switchSite } from './sites';

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

describe('switchSite', () => {
  const deps = (granted: boolean, log: string[]) => ({
    request: async (p: { origins: string[] }) => (log.push(`request ${p.origins.join(' ')}`), granted),
    remove: async (p: { origins: string[] }) => (log.push(`remove ${p.origins.join(' ')}`), true),
    updateSites: async (s: Partial<Record<SiteId, boolean>>) => void log.push(`update ${JSON.stringify(s)}`),
    sync: async () => void log.push('sync'),
  });

  it('asks for the permission before anything else, and a refusal changes nothing', async () => {
    const log: string[] = [];
    expect(await switchSite('claude', true, deps(false, log))).toBe('denied');
    expect(log).toEqual(['request https://claude.ai/*']);
  });

  it('switches on after the grant, then syncs the registrations', async () => {
    const log: string[] = [];
    expect(await switchSite('claude', true, deps(true, log))).toBe('done');
    expect(log).toEqual(['request https://claude.ai/*', 'update {"claude":true}', 'sync']);
  });

  it('switches off first, then gives the permission back, then syncs (a failing removal does not stop it)', async () => {
    const log: string[] = [];
    const d = { ...deps(true, log), remove: async () => (log.push('remove'), Promise.reject(new Error('no'))) };
    expect(await switchSite('chatgpt', false, d)).toBe('done');
    expect(log).toEqual(['update {"chatgpt":false}', 'remove', 'sync']);
  });
});
