/**
 * UI strings: every visible sentence comes from `public/_locales/<lang>/messages.json` through the
 * browser's i18n API. Outside an extension (unit tests in happy-dom) the English file is read directly,
 * so tests see the same words a person does.
 */
import en from '../public/_locales/en/messages.json';

type Catalog = Record<string, { message: string }>;
type GetMessage = (key: string, subs?: string[]) => string;

// The i18n API is synchronous and identical in Chrome and Firefox, so the global is used directly rather
// than webextension-polyfill (which refuses to load outside an extension and would break component tests).
function nativeGetMessage(): GetMessage | undefined {
  const g = globalThis as { browser?: { i18n?: { getMessage: GetMessage } }; chrome?: { i18n?: { getMessage: GetMessage } } };
  return g.browser?.i18n?.getMessage ?? g.chrome?.i18n?.getMessage;
}

function fallback(key: string, subs: string[]): string {
  const entry = (en as Catalog)[key];
  if (!entry) return '';
  return entry.message.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
}

/** The UI string `key`, with `$1`…`$9` replaced by `subs`. A missing key shows the key itself (visible in review). */
export function t(key: string, ...subs: (string | number)[]): string {
  const s = subs.map(String);
  const native = nativeGetMessage();
  let out = '';
  try {
    out = native ? native(key, s) : fallback(key, s);
  } catch {
    // WXT's fakeBrowser (unit tests) has no i18n and throws; the English catalog answers instead.
    out = fallback(key, s);
  }
  return out || key;
}

/** The language the UI speaks (the browser's UI language in the extension; English in tests). */
function uiLanguage(): string {
  const g = globalThis as { chrome?: { i18n?: { getUILanguage?: () => string } }; browser?: { i18n?: { getUILanguage?: () => string } } };
  try {
    return g.browser?.i18n?.getUILanguage?.() ?? g.chrome?.i18n?.getUILanguage?.() ?? 'en';
  } catch {
    return 'en';
  }
}

let plurals: Intl.PluralRules | undefined;

/**
 * A counted phrase ("1 conversation", "2 conversations"). The extension i18n format has no plurals, so each counted
 * phrase has one message per CLDR plural category of the UI language — `<key>_one`, `<key>_other` (and `_few`,
 * `_many`… where a language needs them) — chosen with Intl.PluralRules; `_other` is the fallback. `$1` is the count,
 * formatted for the language; further `subs` are `$2`…
 */
export function tn(key: string, n: number, ...subs: (string | number)[]): string {
  plurals ??= new Intl.PluralRules(uiLanguage());
  const category = plurals.select(n);
  const count = n.toLocaleString(undefined, { maximumFractionDigits: 0 });
  const exact = t(`${key}_${category}`, count, ...subs);
  return exact !== `${key}_${category}` ? exact : t(`${key}_other`, count, ...subs);
}
