/**
 * Signed, expiring links to the bot's own pages (calendar files). Teams drops files a bot attaches
 * outside the file-consent flow, so a card links to the file instead; the link carries what it is
 * for, when it expires and an HMAC-SHA256 of both, so it cannot be altered or reused after its time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CalendarLinkTarget {
  tenantId: string;
  meetingId: string;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'tampered' | 'expired' };

const signatureOf = (secret: string, target: CalendarLinkTarget, expires: number): string =>
  createHmac('sha256', secret)
    .update(`calendar\n${target.tenantId}\n${target.meetingId}\n${expires}`)
    .digest('base64url');

export const calendarPath = (target: CalendarLinkTarget): string =>
  `/calendar/${encodeURIComponent(target.tenantId)}/${encodeURIComponent(target.meetingId)}.ics`;

/** The full link, valid until `expiresAt` (to the second). */
export function signCalendarLink(
  publicUrl: string,
  secret: string,
  target: CalendarLinkTarget,
  expiresAt: Date,
): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const signature = signatureOf(secret, target, expires);
  return `${publicUrl}${calendarPath(target)}?expires=${expires}&signature=${signature}`;
}

/** Whether a link's signature matches what it names and when it expires, and it has not yet expired. */
export function checkCalendarLink(
  secret: string,
  target: CalendarLinkTarget,
  expires: string | undefined,
  signature: string | undefined,
  now: Date,
): LinkCheck {
  if (!expires || !/^\d{1,12}$/.test(expires) || !signature) return { ok: false, reason: 'tampered' };
  const expected = Buffer.from(signatureOf(secret, target, Number(expires)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
