/**
 * A stand-in for Teams' Bot Connector service, on loopback: the bot posts its replies and proactive
 * messages here exactly as it would to https://smba.trafficmanager.net/..., and tests read what the
 * person would have seen. Teams' own cloud cannot be reached from the test machines.
 *
 * It implements the few Bot Connector v3 routes the bot uses, and answers the way Teams documents:
 * activity ids on success, 429 with Retry-After when a test asks for throttling, 403 for a user
 * who has removed the bot; a conversation's roster (GET .../members/{id}, 404
 * MemberNotFoundInConversation for someone not in it) and creating a personal chat (POST
 * /v3/conversations, which Teams allows when the app is installed for the person).
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
  /** Puts a person in every conversation's roster, as TeamsInfo.getMember reads it. */
  addMember(member: RosterMember): void;
  /** The personal chats the bot opened with POST /v3/conversations: the conversation id and who with. */
  readonly created: Array<{ conversationId: string; memberIds: string[]; tenantId?: string }>;
  close(): Promise<void>;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const roster = new Map<string, RosterMember>();
  const created: ConnectorStandIn['created'] = [];
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
      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && member) {
        const found = roster.get(decodeURIComponent(member[2]));
        if (!found)
          return reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
        return reply(200, { ...found, objectId: found.aadObjectId });
      }
      if (req.method === 'POST' && req.url === '/v3/conversations') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          members?: Array<{ id: string }>;
          tenantId?: string;
        };
        const conversationId = `a:created-${created.length + 1}`;
        created.push({ conversationId, memberIds: (body.members ?? []).map((m) => m.id), tenantId: body.tenantId });
        return reply(201, { id: conversationId });
      }
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
    addMember(m) {
      roster.set(m.id, m);
    },
    created,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
