/**
 * A stand-in for Teams' Bot Connector service, on loopback: the bot posts its replies and proactive
 * messages here exactly as it would to https://smba.trafficmanager.net/..., and tests read what the
 * person would have seen. Teams' own cloud cannot be reached from the test machines.
 *
 * It implements the Bot Connector v3 routes the bot uses and answers the way Teams documents:
 * - activity ids on success; every accepted message is recorded, duplicates included (Teams does not
 *   de-duplicate, so neither does this);
 * - Teams' rate limits, per conversation and per tenant, counted over sliding windows (the strictest
 *   reading of "7 a second": no stretch of a second, wherever it starts, holds more than 7); a
 *   request over a limit is refused with 429 and Retry-After, and counted in `limitRefusals`;
 * - 429, 412, 5xx, 403 or 404 on demand (`failNext`), 403 for a user who blocked the bot;
 * - POST /v3/conversations opens a personal chat (403 for someone who has not installed the app).
 * - a conversation's roster (GET .../members/{id, e-mail or UPN}; 404 MemberNotFoundInConversation for
 *   someone not in it).
 * Connections are kept open however long they sit idle, until `close()`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  /** When it was accepted (ms since the epoch). */
  at: number;
  activity: {
    type: string;
    text?: string;
    attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
    conversation?: { id: string; tenantId?: string };
    [key: string]: unknown;
  };
}

export interface StandInLimit {
  requests: number;
  perMs: number;
}

export interface StandInOptions {
  /** Enforced per conversation; none by default (the conversation tests send a handful). */
  perConversation?: StandInLimit[];
  /** Enforced per tenant (the activity's conversation.tenantId). */
  perTenant?: StandInLimit[];
}

export interface CreatedConversation {
  tenantId: string | undefined;
  userId: string;
  conversationId: string;
}

export interface ConnectorStandIn {
  readonly url: string;
  readonly received: ReceivedActivity[];
  /** Personal chats the bot opened. */
  readonly created: CreatedConversation[];
  /** Requests refused because they would have gone over a rate limit. */
  readonly limitRefusals: number;
  /** Every request that reached the stand-in, accepted or not, per conversation (for counting). */
  readonly requests: Array<{ conversationId: string; at: number; status: number }>;
  /** Resolves once `count` activities have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  /** The next `times` requests are refused with 429 and this Retry-After (seconds). */
  throttle(times: number, retryAfterSeconds: number): void;
  /**
   * The next `times` requests to this conversation ('*' for any) fail with `status` (and
   * Retry-After in seconds, if given).
   */
  failNext(conversationId: string, status: number, times: number, retryAfterSeconds?: number): void;
  /** Requests for this conversation get 403, as for a user who blocked or uninstalled the bot. */
  removeConversation(conversationId: string): void;
  /** Opening a personal chat with this user is refused with 403: they have not installed the app. */
  notInstalled(userId: string): void;
  /** Puts a person in every conversation's roster, as TeamsInfo.getMember reads it. */
  addMember(member: RosterMember): void;
  close(): Promise<void>;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export async function startConnectorStandIn(options: StandInOptions = {}): Promise<ConnectorStandIn> {
  const roster = new Map<string, RosterMember>();
  const received: ReceivedActivity[] = [];
  const created: CreatedConversation[] = [];
  const requests: ConnectorStandIn['requests'] = [];
  const waiters: Array<() => void> = [];
  const removed = new Set<string>();
  const uninstalled = new Set<string>();
  const failures: Array<{ conversationId: string; status: number; times: number; retryAfter?: number }> = [];
  const acceptedAt = new Map<string, number[]>();
  let limitRefusals = 0;
  let throttled = 0;
  let retryAfter = 1;
  let nextId = 1;

  /** Null when within every limit, else how long until the oldest request in the full window leaves it. */
  function overLimit(key: string, limits: StandInLimit[] | undefined, now: number): number | null {
    if (!limits || limits.length === 0) return null;
    const times = acceptedAt.get(key) ?? [];
    let wait: number | null = null;
    for (const limit of limits) {
      const inWindow = times.filter((t) => t > now - limit.perMs);
      if (inWindow.length >= limit.requests) {
        const until = inWindow[inWindow.length - limit.requests] + limit.perMs - now;
        wait = Math.max(wait ?? 0, until);
      }
    }
    return wait;
  }

  function remember(key: string, now: number) {
    const times = acceptedAt.get(key) ?? [];
    times.push(now);
    // An hour is the longest published window.
    while (times.length > 0 && times[0] < now - 3_600_000) times.shift();
    acceptedAt.set(key, times);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;

      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && member) {
        // Teams finds a member by their Teams id, Entra object id, or UPN / e-mail address (case aside).
        const wanted = decodeURIComponent(member[2]).toLowerCase();
        const found = [...roster.values()].find((m) =>
          [m.id, m.aadObjectId, m.email, m.userPrincipalName].some((key) => key?.toLowerCase() === wanted),
        );
        if (!found)
          return reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
        return reply(200, { ...found, objectId: found.aadObjectId });
      }
      if (req.method === 'POST' && req.url === '/v3/conversations') {
        const members = (body.members ?? []) as Array<{ id: string }>;
        const userId = members[0]?.id ?? '';
        const tenantId = (body.tenantId as string | undefined) ?? undefined;
        if (uninstalled.has(userId)) {
          return reply(403, { error: { code: 'Forbidden', message: 'The bot is not installed for this user.' } });
        }
        const conversationId = `a:personal-${userId}`;
        if (!created.some((c) => c.conversationId === conversationId))
          created.push({ tenantId, userId, conversationId });
        return reply(201, { id: conversationId });
      }

      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      if (!match) return reply(404, { error: { code: 'NotFound', message: 'unknown route' } });
      const conversationId = decodeURIComponent(match[1]);
      const activity = body as ReceivedActivity['activity'];
      const record = (status: number) => requests.push({ conversationId, at: now, status });
      if (throttled > 0) {
        throttled -= 1;
        record(429);
        return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': String(retryAfter) });
      }
      const failure = failures.find(
        (f) => f.times > 0 && (f.conversationId === '*' || f.conversationId === conversationId),
      );
      if (failure) {
        failure.times -= 1;
        record(failure.status);
        const headers: Record<string, string> =
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
        return reply(failure.status, { error: { code: `Status${failure.status}`, message: 'on demand' } }, headers);
      }
      if (removed.has(conversationId)) {
        record(403);
        return reply(403, {
          error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
        });
      }
      const tenantKey = `tenant|${activity.conversation?.tenantId ?? ''}`;
      const conversationKey = `conversation|${conversationId}`;
      const wait = Math.max(
        overLimit(conversationKey, options.perConversation, now) ?? -1,
        overLimit(tenantKey, options.perTenant, now) ?? -1,
      );
      if (wait >= 0) {
        limitRefusals += 1;
        record(429);
        return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': String(Math.ceil(wait / 1000)) });
      }
      remember(conversationKey, now);
      remember(tenantKey, now);
      record(200);
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        conversationId,
        replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
        authorization: req.headers.authorization,
        at: now,
        activity,
      });
      waiters.splice(0).forEach((wake) => wake());
      reply(200, { id: `activity-${nextId++}` });
    });
  });
  // Connections stay open until close(). Node's default drops a connection idle for 5 s of real time,
  // and the bot's HTTP client keeps its connections for reuse without reading that timeout: a test
  // walking a fake clock on a busy machine can spend 5 s between two sends, and the later one then
  // goes out on a connection being closed under it (ECONNRESET), to be retried a step of the walk
  // later. Real time must not decide what a test sees.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    received,
    created,
    requests,
    get limitRefusals() {
      return limitRefusals;
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} activities from the bot, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    throttle(times, seconds) {
      throttled = times;
      retryAfter = seconds;
    },
    failNext(conversationId, status, times, retryAfterSeconds) {
      failures.push({ conversationId, status, times, retryAfter: retryAfterSeconds });
    },
    removeConversation(id) {
      removed.add(id);
    },
    addMember(m) {
      roster.set(m.id, m);
    },
    notInstalled(userId) {
      uninstalled.add(userId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
