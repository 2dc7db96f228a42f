// The background's lock around content-script registration: runs never overlap, and a failed run does not
// block the next.
import { describe, expect, it } from 'vitest';
import { serialized } from './serial';

describe('serialized', () => {
  it('starts a run only after the previous one settled, failed ones included', async () => {
    const log: string[] = [];
    let n = 0;
    const run = serialized(async () => {
      const i = ++n;
      log.push(`start ${i}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${i}`);
      if (i === 1) throw new Error('first fails');
      return i;
    });
    const results = await Promise.allSettled([run(), run(), run()]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(['failed', 2, 3]);
  });
});
