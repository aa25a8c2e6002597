/**
 * Teams counts a bot's messages over sliding windows: "7 a second" means no stretch of a second,
 * wherever it starts, holds more than 7 messages as Teams received them. The sender cannot see when
 * Teams received a message, only that it was somewhere between the moment the call began and the
 * moment its answer came back. So each send is remembered with both, and a new send may begin only
 * while fewer than the limit's number of sends have finished within the last window (sends still
 * under way count as finishing later). Then, however long each call takes on the way, no window of
 * arrivals can hold more than the limit: if one held one too many, the last of them to begin would
 * have seen the others finish less than a window before it began, and waited.
 *
 * Pure: times are milliseconds on one clock (the database's when several instances share the count).
 */

export interface RateLimit {
  requests: number;
  perMs: number;
}

/** One send to Teams, as the limiter remembers it. */
export interface SendRecord {
  startedAt: number;
  /** Null while the call is under way. */
  finishedAt: number | null;
}

/**
 * A send whose end was never recorded (its process stopped mid-call) counts as finishing this long
 * after it began. Longer than any call to Teams takes.
 */
export const IN_FLIGHT_MS = 120_000;

/** When a send stops counting against a window: the end of its call, or never yet while it runs. */
export function endOf(record: SendRecord, now: number): number {
  if (record.finishedAt !== null) return record.finishedAt;
  const given = record.startedAt + IN_FLIGHT_MS;
  return given > now ? Number.POSITIVE_INFINITY : given;
}

/**
 * How many milliseconds to wait before another send may begin under every limit (0: now). While
 * the send that must leave a full window is still under way, the answer is a whole window: it
 * finishes at the earliest now, so its window cannot end sooner.
 */
export function waitBeforeSend(records: readonly SendRecord[], limits: readonly RateLimit[], now: number): number {
  let wait = 0;
  for (const limit of limits) {
    const ends = records
      .map((record) => endOf(record, now))
      .filter((end) => end > now - limit.perMs)
      .sort((a, b) => a - b);
    if (ends.length < limit.requests) continue;
    const leaving = ends[ends.length - limit.requests];
    wait = Math.max(wait, leaving === Number.POSITIVE_INFINITY ? limit.perMs : leaving + limit.perMs - now);
  }
  return wait;
}

/** How long a record must be kept to answer for these limits (the longest window after its end). */
export function keepFor(limits: readonly RateLimit[]): number {
  return Math.max(0, ...limits.map((limit) => limit.perMs));
}
