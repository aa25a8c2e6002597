/**
 * The person a command names: "me", an @mention (the id comes with the mention) or an e-mail
 * address or UPN, found among the committee's people or in the conversation's roster. Someone the
 * bot cannot find anywhere cannot be reached yet, and the answer says so with what to do.
 */
import type { Person } from '../store';
import { CommandProblem } from './command-router';
import type { BotTurnContext } from './turn-context';

export type NamedPerson =
  { found: true; person: Person; words: string; hasTalked: boolean } | { found: false; words: string; why: string };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const MENTION = /^<at>(.+)<\/at>$/i;

export const NOT_REACHABLE =
  'the bot cannot reach them yet: they have not talked to it and are not in this conversation. Ask them to install the Learning Review app, or @mention them here.';

async function withTalk(ctx: BotTurnContext, person: Person, words: string): Promise<NamedPerson> {
  const references = await ctx.store.conversationReferences.listForPerson(ctx.tenantId, person.id);
  return { found: true, person, words, hasTalked: references.length > 0 };
}

/** One person named in what was typed. */
export async function personNamed(ctx: BotTurnContext, typed: string): Promise<NamedPerson> {
  const text = typed.trim();
  if (text.toLowerCase() === 'me') return { found: true, person: ctx.person, words: 'you', hasTalked: true };
  const mentioned = MENTION.exec(text)?.[1] ?? (text.startsWith('@') ? text.slice(1) : null);
  if (mentioned !== null) {
    const mention = ctx.mentions.find((m) => m.name.toLowerCase() === mentioned.trim().toLowerCase());
    if (!mention) return { found: false, words: mentioned, why: NOT_REACHABLE };
    const person = await ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
      teamsUserId: mention.teamsUserId,
      aadObjectId: mention.aadObjectId,
      displayName: mention.name || 'Someone',
    });
    return withTalk(ctx, person, person.displayName);
  }
  if (!EMAIL.test(text)) {
    throw new CommandProblem(
      `Name a person as me, an @mention or an e-mail address: "${text.slice(0, 60)}" is none of these.`,
    );
  }
  const email = text.toLowerCase();
  const [known] = await ctx.store.people.findByIdentities(ctx.tenantId, { aadObjectIds: [], emails: [email] });
  if (known) return withTalk(ctx, known, `${known.displayName} (${email})`);
  const member = await ctx.findMember(email);
  if (!member) return { found: false, words: email, why: NOT_REACHABLE };
  const person = await ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
    teamsUserId: member.teamsUserId,
    aadObjectId: member.aadObjectId,
    displayName: member.name,
    email: member.email ?? email,
  });
  return withTalk(ctx, person, `${person.displayName} (${email})`);
}

/** What to say about someone named: their name, and whether the bot has talked to them yet. */
export function sayNamed(named: NamedPerson): string {
  if (!named.found) return `${named.words}: ${named.why}`;
  return named.hasTalked
    ? named.words
    : `${named.words} (has not talked to the bot yet: it will open a chat with them)`;
}
