/**
 * Teams' published limits for a bot's proactive messages, held across every instance of the bot:
 * per conversation 7 a second, 8 in 2 seconds, 60 in 30 seconds and 1,800 an hour; per tenant 50
 * a second. Teams counts them over sliding windows; so does the limiter (`sliding-windows.ts`): a
 * send begins only when, for every limit, fewer than its number of sends finished within the last
 * window, counting each send until its call to Teams came back. The count lives in this process on
 * SQLite (one instance) and in a table of the shared PostgreSQL database when several instances run,
 * where each tenant's sends are let through one at a time under a lock and timed by the database's
 * clock, so the instances' own clocks need not agree.
 */
import type { Pool } from 'pg';
import { type RateLimit, keepFor, IN_FLIGHT_MS, type SendRecord, waitBeforeSend } from './sliding-windows';

export type { RateLimit } from './sliding-windows';

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

/** `7/1s,8/2s,60/30s,1800/1h` (units ms, s, m, h). */
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
      if (limit.requests < 1) throw new RangeError(`"${part}" must allow at least 1 request`);
      if (limit.perMs < 10) throw new RangeError(`"${part}" must span at least 10ms`);
      return limit;
    });
  if (limits.length === 0) throw new RangeError('at least one limit is needed, such as 7/1s');
  return limits;
}

export const formatRateLimits = (limits: RateLimit[]): string =>
  limits.map((l) => `${l.requests}/${l.perMs % 1_000 === 0 ? `${l.perMs / 1_000}s` : `${l.perMs}ms`}`).join(',');

/** Room for one call to Teams. */
export interface SendPermit {
  /** The call came back, whatever its outcome: from now on the send counts only until a window has passed. */
  finished(): Promise<void>;
  /** The call was never made: the send does not count. */
  abandoned(): Promise<void>;
}

export interface SendLimiter {
  /** Waits until a message may go to this conversation, and counts it until the permit is given back. */
  acquire(tenantId: string, conversationId: string): Promise<SendPermit>;
  close(): void;
}

export interface SendLimiterOptions {
  settings: SendLimitSettings;
  /** The shared database when several instances run; absent: counted in this process. */
  postgres?: Pool;
  /** Test hooks: how waits happen and what time it is (real timers and clock by default). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

interface CountedKey {
  key: string;
  limits: readonly RateLimit[];
}

/** Where sends are remembered. `begin` checks every key's limits and records the send in one step. */
interface SendLog {
  begin(tenantId: string, keys: readonly CountedKey[]): Promise<{ ids: string[] } | { waitMs: number }>;
  finish(ids: readonly string[]): Promise<void>;
  forget(ids: readonly string[]): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memoryLog(clock: () => number): SendLog {
  const byKey = new Map<string, Array<SendRecord & { id: string }>>();
  const where = new Map<string, string>();
  let next = 0;
  return {
    begin(_tenantId, keys) {
      const now = clock();
      let waitMs = 0;
      for (const { key, limits } of keys) {
        const kept = (byKey.get(key) ?? []).filter((r) => endOfKept(r, now) >= now - keepFor(limits));
        byKey.set(key, kept);
        waitMs = Math.max(waitMs, waitBeforeSend(kept, limits, now));
      }
      if (waitMs > 0) return Promise.resolve({ waitMs });
      const ids = keys.map(({ key }) => {
        const id = String((next += 1));
        byKey.get(key)!.push({ id, startedAt: now, finishedAt: null });
        where.set(id, key);
        return id;
      });
      return Promise.resolve({ ids });
    },
    finish(ids) {
      const now = clock();
      for (const id of ids) {
        const record = byKey.get(where.get(id) ?? '')?.find((r) => r.id === id);
        if (record) record.finishedAt = now;
        where.delete(id);
      }
      return Promise.resolve();
    },
    forget(ids) {
      for (const id of ids) {
        const key = where.get(id) ?? '';
        byKey.set(
          key,
          (byKey.get(key) ?? []).filter((r) => r.id !== id),
        );
        where.delete(id);
      }
      return Promise.resolve();
    },
  };
}

/** A record's end for pruning: one never finished is kept until it counts as finished. */
const endOfKept = (record: SendRecord, now: number): number =>
  record.finishedAt ?? Math.max(now, record.startedAt + IN_FLIGHT_MS);

/** Created by the store's migrations (0028). Times are milliseconds by the database's clock. */
const TABLE = 'send_log';
const DB_NOW = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

function postgresLog(pool: Pool): SendLog {
  return {
    async begin(tenantId, keys) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Every send of a tenant is counted under its lock, so two instances never both take the last place.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`send-limits|${tenantId}`]);
        const names = keys.map((k) => k.key);
        const {
          rows: [{ now }],
        } = await client.query<{ now: string }>(`SELECT ${DB_NOW} AS now`);
        await client.query(`DELETE FROM ${TABLE} WHERE key = ANY($1) AND keep_until < $2`, [names, now]);
        const { rows } = await client.query<{ key: string; started_at: string; finished_at: string | null }>(
          `SELECT key, started_at, finished_at FROM ${TABLE} WHERE key = ANY($1)`,
          [names],
        );
        const at = Number(now);
        let waitMs = 0;
        for (const { key, limits } of keys) {
          const records = rows
            .filter((row) => row.key === key)
            .map((row) => ({
              startedAt: Number(row.started_at),
              finishedAt: row.finished_at === null ? null : Number(row.finished_at),
            }));
          waitMs = Math.max(waitMs, waitBeforeSend(records, limits, at));
        }
        if (waitMs > 0) {
          await client.query('COMMIT');
          return { waitMs };
        }
        const ids: string[] = [];
        for (const { key, limits } of keys) {
          const keep = keepFor(limits);
          const { rows: inserted } = await client.query<{ id: string }>(
            `INSERT INTO ${TABLE} (key, started_at, keep_ms, keep_until) VALUES ($1, $2, $3, $4) RETURNING id`,
            [key, now, keep, at + IN_FLIGHT_MS + keep],
          );
          ids.push(inserted[0].id);
        }
        await client.query('COMMIT');
        return { ids };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async finish(ids) {
      await pool.query(
        `UPDATE ${TABLE} SET finished_at = ${DB_NOW}, keep_until = ${DB_NOW} + keep_ms WHERE id = ANY($1::bigint[])`,
        [ids],
      );
    },
    async forget(ids) {
      await pool.query(`DELETE FROM ${TABLE} WHERE id = ANY($1::bigint[])`, [ids]);
    },
  };
}

export function createSendLimiter(options: SendLimiterOptions): Promise<SendLimiter> {
  const sleep = options.sleep ?? realSleep;
  const log = options.postgres ? postgresLog(options.postgres) : memoryLog(options.clock ?? Date.now);
  const { perConversation, perTenant } = options.settings;

  return Promise.resolve({
    async acquire(tenantId, conversationId) {
      const keys: CountedKey[] = [
        { key: `conversation|${tenantId}|${conversationId}`, limits: perConversation },
        { key: `tenant|${tenantId}`, limits: perTenant },
      ];
      for (;;) {
        const result = await log.begin(tenantId, keys);
        if ('ids' in result) {
          let given = false;
          // A record that could not be updated stays "under way" until IN_FLIGHT_MS: it only costs room, so
          // the delivery's outcome (already decided by Teams) is never lost to it.
          const giveBack = (how: (ids: readonly string[]) => Promise<void>) => async () => {
            if (given) return;
            given = true;
            await how(result.ids).catch(() => undefined);
          };
          return { finished: giveBack((ids) => log.finish(ids)), abandoned: giveBack((ids) => log.forget(ids)) };
        }
        await sleep(Math.max(1, Math.ceil(result.waitMs)));
      }
    },
    close() {
      // The memory log holds no timers; the PostgreSQL one shares the caller's pool.
    },
  });
}
