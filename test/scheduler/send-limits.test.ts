/**
 * The send limiter against Teams' published limits, in virtual time: workers send as fast as the
 * limiter lets them, each call to Teams takes a while and arrives at some moment within it, and
 * Teams' own count (sliding windows over arrivals, as the stand-in Bot Connector checks them) must
 * never go over a limit, while the tenant's 50 a second is all but reached. On PostgreSQL, two
 * limiters (two instances) share one count.
 */
import fc from 'fast-check';
import { Pool } from 'pg';
import {
  createSendLimiter,
  parseRateLimits,
  PUBLISHED_LIMITS,
  type RateLimit,
  type SendLimiter,
  type SendLimitSettings,
} from '../../src/scheduler/send-limits';
import { IN_FLIGHT_MS, waitBeforeSend } from '../../src/scheduler/sliding-windows';
import { forEachEngine, SERVER_TIMEOUT_MS } from '../store/engines';

jest.setTimeout(SERVER_TIMEOUT_MS + 60_000);

/** Timers on a clock that only moves when every worker is waiting. */
function virtualTime() {
  let now = 1_000_000;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    /** Runs until `done` settles, moving the clock to the next timer whenever nothing else can happen. */
    async run<T>(done: Promise<T>): Promise<T> {
      let finished = false;
      const end = () => {
        finished = true;
      };
      done.then(end, end);
      for (;;) {
        await settle();
        if (finished) return done;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) throw new Error('nothing left to wait for, but the work is not done');
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

interface Arrival {
  tenantId: string;
  conversationId: string;
  at: number;
}

/** The most arrivals any sliding window `(t - perMs, t]` of one key holds. */
function busiestWindow(times: number[], limit: RateLimit): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[first] <= sorted[last] - limit.perMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

function overLimits(arrivals: Arrival[], settings: SendLimitSettings): string[] {
  const problems: string[] = [];
  const groups = new Map<string, { times: number[]; limits: RateLimit[] }>();
  for (const a of arrivals) {
    for (const [key, limits] of [
      [`conversation ${a.tenantId}/${a.conversationId}`, settings.perConversation],
      [`tenant ${a.tenantId}`, settings.perTenant],
    ] as const) {
      const group = groups.get(key) ?? { times: [], limits };
      group.times.push(a.at);
      groups.set(key, group);
    }
  }
  for (const [key, { times, limits }] of groups)
    for (const limit of limits) {
      const most = busiestWindow(times, limit);
      if (most > limit.requests) problems.push(`${key}: ${most} in ${limit.perMs} ms (limit ${limit.requests})`);
    }
  return problems;
}

/**
 * `workers` senders each taking the next message off a shared list and sending it through the
 * limiter; a call lasts `callMs(i)` and reaches Teams at `arriveAt(i)` (0: as it begins, 1: as it ends).
 */
async function sendAll(
  limiters: SendLimiter[],
  messages: Array<{ tenantId: string; conversationId: string }>,
  workers: number,
  time: { clock: () => number; sleep: (ms: number) => Promise<void> },
  callMs: (i: number) => number,
  arriveAt: (i: number) => number,
): Promise<Arrival[]> {
  const arrivals: Arrival[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const limiter = limiters[w % limiters.length];
      for (let i = next++; i < messages.length; i = next++) {
        const { tenantId, conversationId } = messages[i];
        const permit = await limiter.acquire(tenantId, conversationId);
        const began = time.clock();
        await time.sleep(callMs(i));
        arrivals.push({ tenantId, conversationId, at: began + arriveAt(i) * (time.clock() - began) });
        await permit.finished();
      }
    }),
  );
  return arrivals;
}

/** 500 messages to 100 chats of one tenant, in turn: the tenant's 50 a second is the limit that binds. */
const roundRobin = (count: number, chats: number, tenantId = 'tenant-a') =>
  Array.from({ length: count }, (_, i) => ({ tenantId, conversationId: `a:chat-${i % chats}` }));

describe('waitBeforeSend', () => {
  const limit = [{ requests: 2, perMs: 1_000 }];

  test('a send counts until a window has passed since its call came back, not since it began', () => {
    const records = [
      { startedAt: 0, finishedAt: 10 },
      { startedAt: 5, finishedAt: 400 },
    ];
    expect(waitBeforeSend(records, limit, 900)).toBe(110);
    expect(waitBeforeSend(records, limit, 1_010)).toBe(0);
  });

  test('a send still under way keeps its place; one whose sender stopped counts as ended after IN_FLIGHT_MS', () => {
    const records = [{ startedAt: 5, finishedAt: null }];
    const one = [{ requests: 1, perMs: 1_000 }];
    expect(waitBeforeSend(records, one, 5_000)).toBe(1_000);
    expect(waitBeforeSend(records, one, 5 + IN_FLIGHT_MS + 999)).toBe(1);
    expect(waitBeforeSend(records, one, 5 + IN_FLIGHT_MS + 1_000)).toBe(0);
  });

  test('every limit is checked: the longest wait wins', () => {
    const records = Array.from({ length: 8 }, (_, i) => ({ startedAt: i * 100, finishedAt: i * 100 + 5 }));
    expect(waitBeforeSend(records, PUBLISHED_LIMITS.perConversation, 800)).toBe(1_205);
  });
});

test('a limit may allow a single request', () => {
  expect(parseRateLimits('1/1s')).toEqual([{ requests: 1, perMs: 1_000 }]);
});

test('calls of any length, arriving at any moment within them: no window of arrivals ever holds more than the published number', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 50 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 1, max: 40 }),
      async (durations, moments, workers, chats) => {
        const time = virtualTime();
        const limiter = await createSendLimiter({ settings: PUBLISHED_LIMITS, ...time });
        const arrivals = await time.run(
          sendAll(
            [limiter],
            roundRobin(300, chats),
            workers,
            time,
            (i) => durations[i % durations.length],
            (i) => moments[i % moments.length],
          ),
        );
        expect(arrivals).toHaveLength(300);
        expect(overLimits(arrivals, PUBLISHED_LIMITS)).toEqual([]);
      },
    ),
    { numRuns: 40 },
  );
});

test("with calls of 5 to 40 ms, sends reach at least 0.9 of the tenant's 50 a second", async () => {
  const time = virtualTime();
  const limiter = await createSendLimiter({ settings: PUBLISHED_LIMITS, ...time });
  const started = time.clock();
  const arrivals = await time.run(
    sendAll(
      [limiter],
      roundRobin(1_000, 100),
      8,
      time,
      (i) => 5 + ((i * 7) % 36),
      () => 0.5,
    ),
  );
  const seconds = (time.clock() - started) / 1_000;
  expect(overLimits(arrivals, PUBLISHED_LIMITS)).toEqual([]);
  // 1,000 messages at 50 a second: 20 s at best (the first 50 go at once).
  expect(1_000 / seconds / 50).toBeGreaterThanOrEqual(0.9);
});

test("one chat's messages go as fast as its own limits allow: 8 at once, then one as each of them leaves the 2 s window", async () => {
  const time = virtualTime();
  const limiter = await createSendLimiter({ settings: PUBLISHED_LIMITS, ...time });
  const started = time.clock();
  const arrivals = await time.run(
    sendAll(
      [limiter],
      roundRobin(16, 1),
      1,
      time,
      () => 10,
      () => 1,
    ),
  );
  expect(overLimits(arrivals, PUBLISHED_LIMITS)).toEqual([]);
  const at = arrivals.map((a) => a.at - started);
  // Seven in the first second, the eighth once a second has passed since the first came back...
  expect(at.slice(0, 7).every((t) => t < 1_000)).toBe(true);
  // ...and the ninth only once two seconds have passed since the first came back.
  expect(at[8]).toBeGreaterThanOrEqual(2_010);
  expect(at[8]).toBeLessThan(2_100);
});

test('a send whose call was never made does not count', async () => {
  const time = virtualTime();
  const limiter = await createSendLimiter({
    settings: { perConversation: [], perTenant: [parseRateLimits('1/1s')[0]] },
    ...time,
  });
  const first = await limiter.acquire('tenant-a', 'a:chat');
  await first.abandoned();
  const started = time.clock();
  await time.run(limiter.acquire('tenant-a', 'a:chat'));
  expect(time.clock()).toBe(started);
});

forEachEngine(
  (harness) => {
    test('two instances on one database share the count: together they stay within every limit', async () => {
      const database = await harness.fresh();
      await database.open(); // migrates
      const settings: SendLimitSettings = {
        perConversation: parseRateLimits('3/300ms,4/600ms'),
        perTenant: parseRateLimits('10/300ms'),
      };
      const pools = [0, 1].map(() => new Pool({ connectionString: database.options.databaseUrl, max: 3 }));
      // As the service does with its own pool: an idle connection the server ends (the test database is
      // dropped when the suite moves on) is an 'error' event, which must not fail an unrelated test.
      const dropped: Error[] = [];
      for (const pool of pools) pool.on('error', (error) => dropped.push(error));
      try {
        const limiters = await Promise.all(pools.map((postgres) => createSendLimiter({ settings, postgres })));
        const realTime = {
          clock: () => performance.timeOrigin + performance.now(),
          sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        };
        const messages = [...roundRobin(40, 4, 'tenant-a'), ...roundRobin(20, 2, 'tenant-b')];
        // Each call arrives as it ends: the latest it can, the worst case for the next window.
        const arrivals = await sendAll(
          limiters,
          messages,
          8,
          realTime,
          (i) => 1 + (i % 5) * 4,
          () => 1,
        );
        expect(arrivals).toHaveLength(60);
        expect(overLimits(arrivals, settings)).toEqual([]);
        // Every record has its end, and the log keeps only what its windows still need.
        const { rows } = await pools[0].query<{ open: string }>(
          'SELECT count(*) FILTER (WHERE finished_at IS NULL) AS open FROM send_log',
        );
        expect(Number(rows[0].open)).toBe(0);
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
    });
  },
  ['postgres'],
);
