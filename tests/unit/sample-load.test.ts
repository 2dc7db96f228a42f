import { describe, expect, it } from 'vitest';
import { loadSample, removeSample } from '../../sample/load';
import { DEMO_DB_NAME, getDb, MAIN_DB_NAME } from '../../storage/db';

describe('classroom sample store', () => {
  it('loads into the demo database only, with its tags and summary, and goes away in one call', async () => {
    const r = await loadSample(Date.UTC(2026, 10, 27));
    const demo = getDb(DEMO_DB_NAME);
    expect(r.conversations).toBeGreaterThan(100);
    expect(await demo.conversations.count()).toBe(r.conversations);
    expect(await demo.messages.count()).toBeGreaterThanOrEqual(r.messages);
    expect(await demo.tags.count()).toBe(r.tags);
    expect(await demo.analysis.get('summary')).toBeDefined();
    expect(await getDb(MAIN_DB_NAME).messages.count()).toBe(0);
    await removeSample();
    expect(await demo.conversations.count()).toBe(0);
    expect(await demo.tags.count()).toBe(0);
  });
});
