/** Activities shaped like the ones Teams posts to a bot, for conversation tests over HTTP. */
import { randomUUID } from 'node:crypto';

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000a001';
export const BOT = { id: '28:learning-review-bot', name: 'Learning Review bot' };
export const PRACTITIONER = {
  id: '29:practitioner-1',
  name: 'Sam Practitioner',
  aadObjectId: '3b1c0d9e-0000-4000-8000-00000000b001',
};

export const LEAD_OFFICER = {
  id: '29:lead-officer-1',
  name: 'Ana Lead',
  aadObjectId: '5d2e1f0a-0000-4000-8000-00000000c001',
};

/** The committee's Chair, who chairs its Consideration Meetings. */
export const COMMITTEE_CHAIR = {
  id: '29:chair-1',
  name: 'Cara Chair',
  aadObjectId: '7a3f2e1b-0000-4000-8000-00000000d001',
};

/** A member of the Learning Review Sub-group, which oversees the reviews rather than runs them. */
export const SUBGROUP_MEMBER = {
  id: '29:subgroup-1',
  name: 'Sol Subgroup',
  aadObjectId: '7a3f2e1b-0000-4000-8000-00000000d002',
};

export const TEAM_CHANNEL = '19:reviews-channel@thread.tacv2';

/** Where a message is typed: a personal chat, a group chat, or a team channel with the bot @mentioned. */
export type Where = 'personal' | 'groupChat' | 'channel';

export function inScope(where: Where, text: string, from = LEAD_OFFICER) {
  if (where === 'personal') return { text, from };
  if (where === 'groupChat') {
    return { text, from, conversationId: '19:group-chat-1@thread.v2', conversationType: 'groupChat' };
  }
  const mention = `<at>${BOT.name}</at>`;
  return {
    text: `${mention} ${text}`,
    from,
    conversationId: `${TEAM_CHANNEL};messageid=1700000000000`,
    conversationType: 'channel',
    entities: [{ type: 'mention', mentioned: BOT, text: mention }],
    channelData: { tenant: { id: TENANT_ID }, team: { id: '19:team-1@thread.tacv2' }, channel: { id: TEAM_CHANNEL } },
  };
}

/** An Action.Execute click, as Teams posts it. */
export function cardAction(verb: string, data: unknown) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export interface ActivityOptions {
  serviceUrl: string;
  text?: string;
  type?: string;
  from?: { id: string; name: string; aadObjectId?: string };
  conversationId?: string;
  conversationType?: string;
  [key: string]: unknown;
}

export function teamsActivity({
  serviceUrl,
  text,
  type = 'message',
  from = PRACTITIONER,
  conversationId,
  conversationType = 'personal',
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
    conversation: { id: conversationId ?? `a:personal-${from.id}`, conversationType, tenantId: TENANT_ID },
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
