/**
 * `study summary` across donors: tags-level donations carry each tag's verdict, and the summary counts confirmed,
 * disputed, not sure and unjudged tags per tag type (an older donation without verdicts counts as unjudged).
 */
import { describe, expect, it } from 'vitest';
import type { DonatedTag, DonationPayload } from '../model/donation';
import { aggregate, toCsv, verdictTable } from './study-summary';

const tag = (type: DonatedTag['type'], verdict: DonatedTag['verdict'], time = '2026-03-02T10:00:00.000Z'): DonatedTag => ({
  type,
  conversation: 'c1',
  site: 'chatgpt',
  direction: 'user→assistant',
  confidence: 0.9,
  ...(verdict === undefined ? {} : { verdict }),
  explanation: 'x',
  time,
  evidence: [],
});

const donation = (tags: DonatedTag[]): DonationPayload => ({
  schema: 'coevo-donation/1',
  studyId: 'pilot',
  consent: { studySha256: 'a'.repeat(64), version: '1', at: '2026-03-01T00:00:00.000Z' },
  level: 'tags',
  createdAt: '2026-03-05T00:00:00.000Z',
  app: { version: '0.1.0', analysisVersion: 5 },
  redaction: { email: 0, phone: 0, url: 0, ip: 0, card: 0, iban: 0, term: 0 },
  tags,
});

const donors = [
  donation([tag('user-pushback', 'yes'), tag('user-pushback', 'no'), tag('user-pushback', null), tag('delegation', 'unsure')]),
  donation([tag('user-pushback', 'yes'), tag('user-pushback', 'yes', '2026-04-02T10:00:00.000Z')]),
  // Made before verdicts were donated: no field at all.
  donation([tag('delegation', undefined)]),
];

describe('study summary: verdicts per tag type', () => {
  it('counts confirmed, disputed, not sure and unjudged per tag type, with the donors behind each', () => {
    expect(verdictTable(donors)).toEqual([
      { type: 'delegation', donors: 2, confirmed: 0, disputed: 0, unsure: 1, unjudged: 1 },
      { type: 'user-pushback', donors: 2, confirmed: 3, disputed: 1, unsure: 0, unjudged: 1 },
    ]);
  });

  it('writes one cell per verdict and tag type, every donor with tags of that type counted in all four', () => {
    const cells = aggregate(donors);
    const get = (measure: string, key: string) => cells.find((c) => c.measure === measure && c.key === key && c.period === 'all')!;
    expect(get('tags_confirmed', 'user-pushback')).toMatchObject({ donors: 2, total: 3, mean: 1.5, median: 1.5 });
    expect(get('tags_disputed', 'user-pushback')).toMatchObject({ donors: 2, total: 1, mean: 0.5 });
    expect(get('tags_unjudged', 'user-pushback')).toMatchObject({ donors: 2, total: 1 });
    expect(get('tags_unsure', 'delegation')).toMatchObject({ donors: 2, total: 1 });
    expect(get('tags_unjudged', 'delegation')).toMatchObject({ donors: 2, total: 1 });
    // The per-month tag counts are unchanged by verdicts.
    expect(cells.find((c) => c.measure === 'tags_donated' && c.key === 'user-pushback' && c.period === '2026-03')).toMatchObject({ donors: 2, total: 4 });
    expect(toCsv(cells)).toContain('tags_disputed,user-pushback,all,all,2,0.5,0.5,1');
  });
});
