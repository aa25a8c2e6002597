/**
 * Single-agency reports are encrypted at rest: each report's text, file and file name with
 * AES-256-GCM (Node's own `crypto`), under the key REPORTS_KEY names. Every ciphertext carries the
 * id of the key it was sealed with, so a key can be replaced (`npm run rotate-reports-key`) while the
 * old one is still configured beside it (REPORTS_OLD_KEYS). Each is bound to the row and column it
 * was written to (GCM's additional data), so a ciphertext copied into another row does not open.
 *
 * A text value is `lrenc:v1:<key id>:<base64 of nonce, tag, ciphertext>`; a file is the same parts as
 * bytes, after the magic `LRE1` and the key id's length.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoreError } from './store-errors';

export interface ReportKey {
  /** Derived from the key itself, so the same key always has the same id and nothing else is configured. */
  id: string;
  key: Buffer;
}

export interface ReportKeyring {
  /** New report text and files are sealed with this one. */
  current: ReportKey;
  /** Still read, never written: keys being rotated out. */
  old: ReportKey[];
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const TEXT_PREFIX = 'lrenc:v1:';
const FILE_MAGIC = Buffer.from('LRE1', 'ascii');

/** A report cannot be sealed or opened: no key, a key that is not configured, or a wrong key. */
export class ReportKeyError extends StoreError {
  readonly code = 'report_key';
}

const NO_KEY =
  "Reports can't be stored or read just now: the bot has no reports key (REPORTS_KEY). Please tell the bot's administrator; nothing was lost.";

/** The id a key is known by: a fingerprint of it, never the key. */
export function reportKeyId(key: Buffer): string {
  return createHash('sha256').update('learning-review reports key\0').update(key).digest('hex').slice(0, 16);
}

/** A key from its base64 text (32 bytes), or an Error saying what is wrong with it (never the text). */
export function parseReportKey(text: string): ReportKey {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error('is not base64');
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`holds ${key.length} bytes, not ${KEY_BYTES}`);
  return { id: reportKeyId(key), key };
}

export function newReportKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function reportKeyring(current: Buffer, old: Buffer[] = []): ReportKeyring {
  const currentKey = { id: reportKeyId(current), key: current };
  const others = old.map((key) => ({ id: reportKeyId(key), key })).filter((k) => k.id !== currentKey.id);
  return { current: currentKey, old: others };
}

export function requireKeyring(ring: ReportKeyring | undefined): ReportKeyring {
  if (!ring) throw new ReportKeyError(NO_KEY);
  return ring;
}

function keyFor(ring: ReportKeyring | undefined, id: string): Buffer {
  const r = requireKeyring(ring);
  const found = [r.current, ...r.old].find((k) => k.id === id);
  if (!found)
    throw new ReportKeyError(
      `This report was stored under a reports key (id ${id}) that is no longer configured, so it can't be read. Please tell the bot's administrator: the key belongs in REPORTS_OLD_KEYS until \`npm run rotate-reports-key\` has moved every report to the new one.`,
    );
  return found.key;
}

function seal(key: ReportKey, plain: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

function open(key: Buffer, keyId: string, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw damaged(keyId);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw damaged(keyId);
  }
}

const damaged = (keyId: string) =>
  new ReportKeyError(
    `This report does not open with the configured reports key (id ${keyId}): the key is wrong or the stored report was altered. Please tell the bot's administrator; nothing has been shown.`,
  );

/** Whether a stored text value is sealed (rather than stored before encryption began). */
export const isSealedText = (stored: string): boolean => stored.startsWith(TEXT_PREFIX);
export const isSealedFile = (stored: Buffer): boolean => stored.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC);

export function sealText(ring: ReportKeyring | undefined, plain: string, aad: string): string {
  const { current } = requireKeyring(ring);
  return `${TEXT_PREFIX}${current.id}:${seal(current, Buffer.from(plain, 'utf8'), aad).toString('base64')}`;
}

/** The key id a stored text value names; null for a value stored before encryption began. */
export function textKeyId(stored: string): string | null {
  if (!isSealedText(stored)) return null;
  return stored.slice(TEXT_PREFIX.length).split(':')[0] ?? null;
}

export function openText(ring: ReportKeyring | undefined, stored: string, aad: string): string {
  if (!isSealedText(stored)) return stored;
  const [keyId, payload] = stored.slice(TEXT_PREFIX.length).split(':');
  return open(keyFor(ring, keyId), keyId, Buffer.from(payload ?? '', 'base64'), aad).toString('utf8');
}

export function sealFile(ring: ReportKeyring | undefined, plain: Buffer, aad: string): Buffer {
  const { current } = requireKeyring(ring);
  const id = Buffer.from(current.id, 'ascii');
  return Buffer.concat([FILE_MAGIC, Buffer.from([id.length]), id, seal(current, plain, aad)]);
}

export function fileKeyId(stored: Buffer): string | null {
  if (!isSealedFile(stored)) return null;
  const length = stored[FILE_MAGIC.length];
  return stored.subarray(FILE_MAGIC.length + 1, FILE_MAGIC.length + 1 + length).toString('ascii');
}

export function openFile(ring: ReportKeyring | undefined, stored: Buffer, aad: string): Buffer {
  const keyId = fileKeyId(stored);
  if (keyId === null) return stored;
  const start = FILE_MAGIC.length + 1 + keyId.length;
  return open(keyFor(ring, keyId), keyId, stored.subarray(start), aad);
}
