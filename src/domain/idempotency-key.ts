/**
 * The outbox's idempotency key: the same (tenant, review, rule, subject, occasion) always gives
 * the same key, and different ones never collide, because every part is percent-encoded before
 * the parts are joined with `:`. Parts are opaque ids, rule names and dates: no names, no text.
 */
import type { ReminderIntent } from './model';

const KEY_VERSION = 'lr1';

export interface KeyParts {
  tenantId: string;
  reviewId: string;
  rule: string;
  subject: ReminderIntent['subject'];
  occasion: string;
}

export function idempotencyKey({ tenantId, reviewId, rule, subject, occasion }: KeyParts): string {
  return `${KEY_VERSION}:${encode(tenantId)}:${encode(reviewId)}:${encode(rule)}:${encode(subject.type)}:${encode(subject.id)}:${encode(occasion)}`;
}

/** Characters encodeURIComponent leaves alone; most parts are made of nothing else. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

function encode(part: string): string {
  return UNRESERVED.test(part) ? part : encodeURIComponent(part);
}

/**
 * The key of a message about the whole committee (the weekly digest): `-` stands where a review id
 * would be (review ids are UUIDs, so the two kinds of key never meet) and the committee is the subject.
 */
export function committeeKey({ tenantId, rule, occasion }: Omit<KeyParts, 'reviewId' | 'subject'>): string {
  return `${KEY_VERSION}:${encode(tenantId)}:-:${encode(rule)}:committee:${encode(tenantId)}:${encode(occasion)}`;
}
