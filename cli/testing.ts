/**
 * Test helpers for the CLI commands run in-process (`study …`, `coevo donate`, `coevo withdraw`), shared by the CLI's
 * tests and the end-to-end tests that set up a study or a class with the researcher's own commands.
 */
import { vi } from 'vitest';
import { main as study } from './study';

/**
 * Runs an in-process command with stdout/stderr captured. A command that throws (a usage error) gives code -1 with its
 * message appended to `err`, as a process would print it and exit.
 */
export async function quiet(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await fn(), out, err };
  } catch (x) {
    return { code: -1, out, err: err + (x as Error).message };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** The study's facts a test states at `study init` (flags in this order), the rest being the command's defaults. */
export interface InitFacts {
  title: string;
  id?: string;
  collector: string;
  institution?: string;
  contact?: string;
  ethics?: string;
}

/** `study init DIR` with `facts` as its flags and any `more` (e.g. `--classroom`), output captured. */
export function initStudy(dir: string, facts: InitFacts, more: string[] = []) {
  const flags = Object.entries(facts).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]));
  return quiet(() => study(['init', dir, ...more, ...flags]));
}
