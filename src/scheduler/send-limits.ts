/**
 * Teams' published limits for a bot's proactive messages, held across every instance of the bot:
 * per conversation 7 a second, 8 in 2 seconds, 60 in 30 seconds and 1,800 an hour; per tenant 50
 * a second. Counting is rate-limiter-flexible's: in memory on SQLite (one instance), in a table of
 * the shared PostgreSQL database when several instances run.
 *
 * rate-limiter-flexible counts in fixed windows, which let up to twice a window's budget through
 * across a window boundary. Each window therefore gets half the published number: then no stretch
 * of time of the window's length, wherever it starts, ever sees more than the published number.
 * A send waits until every window has room, and takes its place in all of them at once just
 * before the call (a round in which any window is full is wasted and retried after the wait that
 * window names: that only costs throughput, never the limits).
 */
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Pool } from 'pg';

export interface RateLimit {
  requests: number;
  perMs: number;
}

export interface SendLimitSettings {
  perConversation: RateLimit[];
  perTenant: RateLimit[];
}

export const PUBLISHED_LIMITS: SendLimitSettings = {
  perConversation: [
    { requests: 7, perMs: 1_000 },
    { requests: 8, perMs: 2_000 },
    { requests: 60, perMs: 30_000 },
    { requests: 1_800, perMs: 3_600_000 },
  ],
  perTenant: [{ requests: 50, perMs: 1_000 }],
};

/** `7/1s,8/2s,60/30s,1800/1h` (units ms, s, m, h). Each limit needs at least 2 requests (see above). */
export function parseRateLimits(text: string): RateLimit[] {
  const limits = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(part);
      if (!match) throw new RangeError(`"${part}" is not a limit such as 7/1s`);
      const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[3] as 'ms' | 's' | 'm' | 'h'];
      const limit = { requests: Number(match[1]), perMs: Number(match[2]) * unit };
      if (limit.requests < 2) throw new RangeError(`"${part}" must allow at least 2 requests`);
      if (limit.perMs < 10) throw new RangeError(`"${part}" must span at least 10ms`);
      return limit;
    });
  if (limits.length === 0) throw new RangeError('at least one limit is needed, such as 7/1s');
  return limits;
}

export const formatRateLimits = (limits: RateLimit[]): string =>
  limits.map((l) => `${l.requests}/${l.perMs % 1_000 === 0 ? `${l.perMs / 1_000}s` : `${l.perMs}ms`}`).join(',');

export interface SendLimiter {
  /** Waits until a message may go to this conversation, and counts it. */
  acquire(tenantId: string, conversationId: string): Promise<void>;
  close(): void;
}

export interface SendLimiterOptions {
  settings: SendLimitSettings;
  /** The shared database when several instances run; absent: counted in this process. */
  postgres?: Pool;
  /** Test hook: how waits happen (real timers by default). */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Created by the store's migrations (0020). */
const TABLE = 'send_rate_limits';

export async function createSendLimiter(options: SendLimiterOptions): Promise<SendLimiter> {
  const sleep = options.sleep ?? realSleep;
  const build = (scope: string, limit: RateLimit): Promise<RateLimiterAbstract> => {
    const common = {
      keyPrefix: `${scope}-${limit.requests}-${limit.perMs}`,
      points: Math.floor(limit.requests / 2),
      duration: limit.perMs / 1_000,
    };
    if (!options.postgres) return Promise.resolve(new RateLimiterMemory(common));
    const pool = options.postgres;
    // With tableCreated the limiter is ready at once (the migration made its table).
    return Promise.resolve(
      new RateLimiterPostgres({
        ...common,
        storeClient: pool,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
      }),
    );
  };
  const conversationLimiters = await Promise.all(options.settings.perConversation.map((l) => build('conversation', l)));
  const tenantLimiters = await Promise.all(options.settings.perTenant.map((l) => build('tenant', l)));

  return {
    async acquire(tenantId, conversationId) {
      const attempts = [
        ...conversationLimiters.map((limiter) => () => limiter.consume(`${tenantId}|${conversationId}`)),
        ...tenantLimiters.map((limiter) => () => limiter.consume(tenantId)),
      ];
      for (;;) {
        const results = await Promise.allSettled(attempts.map((consume) => consume()));
        const waits = results.flatMap((result) => {
          if (result.status === 'fulfilled') return [];
          if (result.reason instanceof RateLimiterRes) return [result.reason.msBeforeNext];
          throw result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        });
        if (waits.length === 0) return;
        await sleep(Math.max(1, ...waits));
      }
    },
    close() {
      // Memory limiters hold no timers; the PostgreSQL ones share the caller's pool.
    },
  };
}
