/** Sends one typed request to the background (for actions only the background may do: settings, delete-all, site sync). */
import browser from 'webextension-polyfill';
import { envelope, type MessageType, type Req, type Res } from '../messaging/protocol';

export async function send<K extends MessageType>(type: K, payload: Req<K>): Promise<Res<K>> {
  const res = (await browser.runtime.sendMessage(envelope(type, payload))) as Res<K> | { ok: false; error: string } | undefined;
  if (res === undefined) throw new Error(`no answer to ${type}`);
  if (typeof res === 'object' && res !== null && 'error' in res && (res as { ok?: boolean }).ok === false && type !== 'capture/snapshot')
    throw new Error(String((res as { error: string }).error));
  return res as Res<K>;
}
