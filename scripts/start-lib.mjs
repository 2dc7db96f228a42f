// Pure helpers of `npm start` (scripts/start.mjs), kept apart so a unit test can check them without a browser.
import { createHash } from 'node:crypto';

/**
 * The id Chromium gives an unpacked extension loaded from `dir` (no `key` in the manifest): the first 32 hex digits
 * of SHA-256 over the absolute path, each digit 0–f written as a letter a–p. Lets `npm start` open Coevo's own
 * dashboard page directly. (Windows hashes the UTF-16 path; `npm start` targets Linux and macOS.)
 */
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** True when this process runs as root (uid 0), where Chromium refuses to start without --no-sandbox. */
export function runningAsRoot(proc = process) {
  return typeof proc.getuid === 'function' && proc.getuid() === 0;
}

/** The browser's command line: Coevo loaded, its own profile, opened on the dashboard's first-run page. */
export function browserArgs({ profileDir, extensionDir, root }) {
  const args = [
    `--user-data-dir=${profileDir}`,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Chromium's sandbox needs a non-root user; as root it exits with "Running as root without --no-sandbox is not
  // supported". Containers and CI boxes often run as root, so Coevo adds the flag there and says so.
  if (root) args.push('--no-sandbox');
  args.push(`chrome-extension://${unpackedExtensionId(extensionDir)}/dashboard.html#/welcome`);
  return args;
}

export const ROOT_WARNING =
  'coevo start: warning: running as root, so Chromium is started with --no-sandbox (it refuses to start as root ' +
  'otherwise). The sandbox protects you from malicious web pages: for everyday browsing, run `npm start` as a normal user.';
