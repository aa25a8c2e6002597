/**
 * What the sender does about a failed call to Teams. One layer decides retries for proactive
 * messages (the Bot Framework SDK's own retry policy is taken out of their pipeline: see
 * src/bot/teams-messenger.ts), so the numbers here are the whole story:
 * - 429, 412, 500, 502, 503, 504 and lost connections: tried again later, with exponential backoff
 *   and jitter, never sooner than Teams' Retry-After; given up after `maxAttempts`.
 * - 403 and 404: the person cannot be reached; not retried (the lead officer is told).
 * - Authentication (no token, or 401): tried again later, and the service reports that it cannot send.
 * - Anything else: not retried.
 */
import type { TeamsFailure } from './teams-messenger';

export interface RetryPolicy {
  /** First retry after about this long. */
  baseDelayMs: number;
  /** No wait longer than this (before Retry-After is honoured). */
  maxDelayMs: number;
  /** Attempts in all, the first included, before a delivery is given up as failed. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, maxAttempts: 10 };

export type FailureDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'unreachable'; reason: 'blocked-or-removed' | 'not-found' }
  | { action: 'give-up'; reason: string };

const RETRIED = new Set<TeamsFailure>([
  'throttled',
  'precondition-failed',
  'server-error',
  'network',
  'authentication',
]);

/**
 * `attempt` is the attempt that just failed (1 for the first). `random` is injectable so tests can
 * pin the jitter.
 */
export function decideAfterFailure(
  failure: TeamsFailure,
  retryAfterMs: number | null,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureDecision {
  if (failure === 'forbidden') return { action: 'unreachable', reason: 'blocked-or-removed' };
  if (failure === 'not-found') return { action: 'unreachable', reason: 'not-found' };
  if (!RETRIED.has(failure)) return { action: 'give-up', reason: failure };
  if (attempt >= policy.maxAttempts) return { action: 'give-up', reason: `${failure}, after ${attempt} attempts` };
  return { action: 'retry', delayMs: backoffDelay(attempt, retryAfterMs, policy, random) };
}

/** Equal jitter (half the exponential ceiling, plus a random part of the other half), never sooner than Retry-After. */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
