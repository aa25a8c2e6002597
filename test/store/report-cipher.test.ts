/**
 * The reports cipher on its own: a sealed value opens with its key and only where it was written;
 * an altered one, or one under a key not configured, is refused in words, never opened as garbage.
 */
import {
  newReportKey,
  openFile,
  openText,
  parseReportKey,
  reportKeyring,
  sealFile,
  sealText,
  textKeyId,
} from '../../src/store/report-cipher';

const ring = reportKeyring(newReportKey());

test('text and files open where they were sealed, and name their key', () => {
  const sealed = sealText(ring, 'Our involvement began in 2025.', 'row-1/text');
  expect(sealed).not.toContain('involvement');
  expect(textKeyId(sealed)).toBe(ring.current.id);
  expect(openText(ring, sealed, 'row-1/text')).toBe('Our involvement began in 2025.');
  const file = sealFile(ring, Buffer.from('chronology'), 'row-1/file');
  expect(file.toString('latin1')).not.toContain('chronology');
  expect(openFile(ring, file, 'row-1/file').toString()).toBe('chronology');
});

test('an altered value, or one moved to another row, is refused as altered', () => {
  const sealed = sealText(ring, 'text', 'row-1/text');
  const last = sealed.at(-3) === 'A' ? 'B' : 'A';
  const altered = `${sealed.slice(0, -3)}${last}${sealed.slice(-2)}`;
  expect(() => openText(ring, altered, 'row-1/text')).toThrow(/wrong or the stored report was altered/);
  expect(() => openText(ring, sealed, 'row-2/text')).toThrow(/wrong or the stored report was altered/);
  const file = sealFile(ring, Buffer.from('chronology'), 'row-1/file');
  file[file.length - 1] ^= 1;
  expect(() => openFile(ring, file, 'row-1/file')).toThrow(/altered/);
});

test('a key is 32 bytes of base64; its id is a fingerprint, not the key', () => {
  const key = newReportKey();
  const parsed = parseReportKey(key.toString('base64'));
  expect(parsed.key.equals(key)).toBe(true);
  expect(parsed.id).toMatch(/^[0-9a-f]{16}$/);
  expect(key.toString('hex')).not.toContain(parsed.id);
  expect(() => parseReportKey('c2hvcnQ=')).toThrow('holds 5 bytes, not 32');
  expect(() => parseReportKey('not base64!')).toThrow('is not base64');
});
