/**
 * A stand-in for Teams' Bot Connector service, on loopback: the bot posts its replies and proactive
 * messages here exactly as it would to https://smba.trafficmanager.net/..., and tests read what the
 * person would have seen. Teams' own cloud cannot be reached from the test machines.
 *
 * It implements the few Bot Connector v3 routes the bot uses, and answers the way Teams documents:
 * activity ids on success, 429 with Retry-After when a test asks for throttling, 403 for a user
 * who has removed the bot.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: {
    type: string;
    text?: string;
    attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
    [key: string]: unknown;
  };
}

export interface ConnectorStandIn {
  readonly url: string;
  readonly received: ReceivedActivity[];
  /** Resolves once `count` activities have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  /** The next `times` requests are refused with 429 and this Retry-After (seconds). */
  throttle(times: number, retryAfterSeconds: number): void;
  /** Requests for this conversation get 403, as for a user who uninstalled the bot. */
  removeConversation(conversationId: string): void;
  close(): Promise<void>;
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const received: ReceivedActivity[] = [];
  const waiters: Array<() => void> = [];
  const removed = new Set<string>();
  let throttled = 0;
  let retryAfter = 1;
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (!match) return reply(404, { error: { code: 'NotFound', message: 'unknown route' } });
      const conversationId = decodeURIComponent(match[1]);
      if (throttled > 0) {
        throttled -= 1;
        return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': String(retryAfter) });
      }
      if (removed.has(conversationId)) {
        return reply(403, {
          error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
        });
      }
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        conversationId,
        replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
        authorization: req.headers.authorization,
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ReceivedActivity['activity'],
      });
      waiters.splice(0).forEach((wake) => wake());
      reply(200, { id: `activity-${nextId++}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    received,
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
    removeConversation(id) {
      removed.add(id);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
