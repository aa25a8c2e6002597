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

/** All the text a person would read on a card: every TextBlock and fact, in order. */
export function cardText(card: any): string[] {
  const out: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') node.facts?.forEach((f: any) => out.push(`${f.title}: ${f.value}`));
    for (const key of ['body', 'items', 'columns', 'actions', 'card']) if (node[key]) walk(node[key]);
  };
  walk(card);
  return out;
}
