/** Activities shaped like the ones Teams posts to a bot, for conversation tests over HTTP. */
import { randomUUID } from 'node:crypto';

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000a001';
export const BOT = { id: '28:learning-review-bot', name: 'Learning Review bot' };
export const PRACTITIONER = {
  id: '29:practitioner-1',
  name: 'Sam Practitioner',
  aadObjectId: '3b1c0d9e-0000-4000-8000-00000000b001',
};

export interface ActivityOptions {
  serviceUrl: string;
  text?: string;
  type?: string;
  from?: { id: string; name: string; aadObjectId?: string };
  conversationId?: string;
  [key: string]: unknown;
}

export function teamsActivity({
  serviceUrl,
  text,
  type = 'message',
  from = PRACTITIONER,
  conversationId,
  ...rest
}: ActivityOptions) {
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: BOT,
    conversation: { id: conversationId ?? `a:personal-${from.id}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-GB',
    ...(text === undefined ? {} : { text, textFormat: 'plain' }),
    ...rest,
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** The parts of an Adaptive Card element that cardText reads. */
interface CardElement {
  type?: string;
  text?: unknown;
  facts?: Array<{ title: string; value: string }>;
  body?: unknown;
  items?: unknown;
  columns?: unknown;
  actions?: unknown;
  card?: unknown;
}

/** All the text a person would read on a card: every TextBlock and fact, in order. */
export function cardText(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as CardElement;
    if (element.type === 'TextBlock' && typeof element.text === 'string') out.push(element.text);
    if (element.type === 'FactSet') element.facts?.forEach((f) => out.push(`${f.title}: ${f.value}`));
    for (const key of ['body', 'items', 'columns', 'actions', 'card'] as const) if (element[key]) walk(element[key]);
  };
  walk(card);
  return out;
}
