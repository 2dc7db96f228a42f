/**
 * The one content script of Coevo, injected only into the assistant sites the person switched on and granted
 * (background/registration.ts registers it at runtime per site; it has no manifest `matches`, so the manifest
 * asks for no host access). It picks the site's adapter by hostname and runs the capture loop.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startCapture } from '../capture/content';

export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    startCapture(ctx);
  },
});
