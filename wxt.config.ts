import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Least privilege: no host permissions at install. Each site's content script is registered by the
// manifest but only runs once the person grants that site's host permission from the popup
// (optional_host_permissions), so Coevo never reads a page the person did not switch on.
export default defineConfig({
  manifestVersion: 3,
  vite: () => ({ plugins: [preact({ prefreshEnabled: false })] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'alarms'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'coevo@coevo.invalid',
              strict_min_version: '142.0',
              // Nothing leaves the machine: Coevo transmits no data.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
