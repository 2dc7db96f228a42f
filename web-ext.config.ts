import { defineWebExtConfig } from 'wxt';

// `npm run dev` (wxt dev) opens a browser with the extension. On a machine without a display (CI, SSH) that
// fails, so the runner is disabled there; the browser is the one `npm start` uses when COEVO_BROWSER is set.
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

export default defineWebExtConfig({
  disabled: noDisplay,
  ...(process.env.COEVO_BROWSER ? { binaries: { chrome: process.env.COEVO_BROWSER } } : {}),
});
