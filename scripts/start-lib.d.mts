// Types of scripts/start-lib.mjs (plain JavaScript so `npm start` needs no build step).
export function unpackedExtensionId(dir: string): string;
export function runningAsRoot(proc?: { getuid?: () => number }): boolean;
export function browserArgs(o: { profileDir: string; extensionDir: string; root: boolean }): string[];
export const ROOT_WARNING: string;
