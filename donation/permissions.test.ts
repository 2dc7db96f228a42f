import { describe, expect, it } from 'vitest';
import { DONATION_LEVELS } from '../model/donation';
import { DATA_COLLECTION_BY_LEVEL, DONATION_DATA_COLLECTION, donationPermissions } from './permissions';

describe('what a donation asks the browser for', () => {
  it('Chrome: the collector origin only', () => {
    expect(donationPermissions('http://127.0.0.1:8787', 'conversations', false)).toEqual({ origins: ['http://127.0.0.1:8787/*'] });
    expect(donationPermissions('https://donate.example.org/pilot/', 'summary', false)).toEqual({ origins: ['https://donate.example.org/*'] });
  });

  it('Firefox: the origin and, in the same prompt, the data types that level transmits (all declared optional in the manifest)', () => {
    expect(donationPermissions('https://d.example.org', 'summary', true)).toEqual({
      origins: ['https://d.example.org/*'],
      data_collection: ['websiteActivity'],
    });
    expect(donationPermissions('https://d.example.org', 'tags', true).data_collection).toEqual(['personalCommunications', 'websiteActivity']);
    expect(donationPermissions('https://d.example.org', 'conversations', true).data_collection).toContain('personalCommunications');
    // permissions.request rejects a data type the manifest does not list as optional.
    for (const level of DONATION_LEVELS) for (const d of DATA_COLLECTION_BY_LEVEL[level]) expect(DONATION_DATA_COLLECTION).toContain(d);
    // Text leaves only at the tags and conversations levels; the summary level never asks for personal communications.
    expect(DATA_COLLECTION_BY_LEVEL.summary).not.toContain('personalCommunications');
  });
});
