/**
 * Encryption of a donation on the person's device, with age (age-encryption.org/v1) to the study's X25519 recipient,
 * using `age-encryption`, the reference TypeScript implementation. The output is a standard binary age file: the
 * collector stores only this, and the research team decrypts it with their identity (`age -d -i identity.txt`, or
 * `decrypt` below). Nothing in Coevo can decrypt a donation: the identity never reaches the extension.
 */
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { isRecipient } from './study';

/** The first line of every binary age file. */
export const AGE_HEADER = 'age-encryption.org/v1\n';

export async function encrypt(recipient: string, plaintext: Uint8Array | string): Promise<Uint8Array> {
  if (!isRecipient(recipient)) throw new Error(`not an age X25519 recipient: ${recipient.slice(0, 80)}`);
  const e = new Encrypter();
  e.addRecipient(recipient);
  return e.encrypt(plaintext);
}

/** Decrypts with an age identity (`AGE-SECRET-KEY-1…`): the researcher's side and the tests. */
export async function decrypt(identity: string, ciphertext: Uint8Array): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addIdentity(identity.trim());
  return d.decrypt(ciphertext);
}

/** Whether bytes start like a binary age file (a cheap check before storing or decrypting). */
export function looksLikeAge(bytes: Uint8Array): boolean {
  const head = new TextEncoder().encode(AGE_HEADER);
  return bytes.length > head.length && head.every((b, i) => bytes[i] === b);
}

/** A new study key pair: the identity (secret, stays with the researchers) and its recipient (goes in study.json). */
export async function generateStudyKey(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The identity file the `age` command line tool reads (`age -d -i identity.txt`). */
export function identityFile(identity: string, recipient: string, created = new Date()): string {
  return `# created: ${created.toISOString()}\n# public key: ${recipient}\n${identity}\n`;
}
