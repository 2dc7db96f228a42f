/**
 * The one content script of Coevo, injected only into the assistant sites the person switched on and granted
 * (background/registration.ts registers this file at runtime per site; the manifest asks for no host access).
 * It picks the site's adapter by hostname and runs the capture loop.
 *
 * An unlisted script, not a `defineContentScript`: WXT's content-script context announces every content
 * script to the page (`window.postMessage(…, "*")` and a document event) and shuts the script down when the
 * page sends that event back, so a page could detect Coevo and switch it off. This script puts nothing into
 * the page (tests/e2e/hostile-page.test.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startCapture } from '../capture/content';

export default defineUnlistedScript(() => {
  startCapture();
});
