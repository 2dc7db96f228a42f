import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { SITE_IDS } from './model/types';
import { SITES } from './sites/registry';
import { DONATION_DATA_COLLECTION } from './donation/permissions';

// Least privilege: no host permissions at install. The sites' match patterns (from the site registry) are
// optional host permissions that the popup requests one site at a time; the capture content script has no
// manifest `matches` and is registered at runtime (background/registration.ts) only for sites that are
// granted and switched on, so Coevo never reads a page the person did not switch on.
const SITE_MATCHES = [...new Set(SITE_IDS.flatMap((id) => SITES[id].matches))];

// End-to-end test build ONLY (tests/e2e/harness.ts builds it into .output/e2e): a headless browser cannot
// click a permission prompt, so this build declares the same patterns as install-time host permissions.
// Everything else (runtime registration per switched-on site, the content script, the store) is identical.
const E2E_GRANT = process.env.COEVO_E2E_GRANT === '1';
// The e2e build also holds the permission for a collector on this machine (tests/e2e/donate.test.ts): the same prompt
// problem. Production builds ask for a collector's origin only at the moment of a donation.
const E2E_COLLECTOR = ['http://127.0.0.1/*'];
const DONATION_ORIGINS = ['https://*/*', 'http://*/*'];
// Bench build (bench/capture.ts): also times Coevo's work in the content script (import.meta.env).
const BENCH = process.env.WXT_COEVO_BENCH === '1';

export default defineConfig({
  manifestVersion: 3,
  outDir: BENCH ? '.output/bench' : E2E_GRANT ? '.output/e2e' : '.output',
  vite: () => ({ plugins: [preact({ prefreshEnabled: false })] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab: when the person opens the popup, it may read the URL of the tab they are on (no install warning,
    // no `tabs` permission), so it can say "This is ChatGPT — capture it?" before any site is granted.
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'alarms', 'activeTab'],
    // Donation (Dashboard → Donate): a study's collector may be any https origin (or http on this machine), so http/https
    // are optional host permissions, requested for that one collector origin when the person clicks Send (or fetches a
    // study file from a URL they pasted) — never at install, never for anything else. A class (Dashboard → Classroom)
    // is served over plain http by the teacher's laptop on the local network (http://<private IPv4>:<port>): `http://*/*`
    // covers it, and that one origin is requested when the student clicks Join.
    ...(E2E_GRANT
      ? { host_permissions: [...SITE_MATCHES, ...E2E_COLLECTOR], optional_host_permissions: DONATION_ORIGINS }
      : { optional_host_permissions: [...SITE_MATCHES, ...DONATION_ORIGINS] }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'coevo@coevo.invalid',
              strict_min_version: '142.0',
              // Firefox's built-in data-collection consent. Nothing leaves by itself (required: none); a donation to a
              // study transmits chat messages and figures of site use, so those are optional types, asked for with the
              // collector's origin at the Send click, per level (donation/permissions.ts).
              data_collection_permissions: { required: ['none'], optional: [...DONATION_DATA_COLLECTION] },
            },
          },
        }
      : {}),
  }),
});
