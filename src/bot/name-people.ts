/**
 * The people a command names: "me" (the speaker), an @mention (Teams sends the person's id with the
 * mention), or an e-mail address or UPN, found among the people the bot knows or, failing that, in
 * this conversation's roster. Someone found in the roster is added to the store; nobody is made up
 * from an address alone, since the bot could never reach them.
 */
import type { Person } from '../store';
import { CommandProblem } from './command-router';
import type { BotTurnContext } from './turn-context';

/** An @mention as it stands in the text, "me", or an address: the next word (or mention) of a command. */
const PERSON_AT_START = /^(<at>[^<]{1,120}<\/at>|me\b|[^\s@<>,]{1,64}@[^\s@<>,]{1,190})/i;
const EMAIL = /^[^\s@<>,]{1,64}@[^\s@<>,.]+(\.[^\s@<>,.]+)+$/;

/** Splits the person named at the start of `text` from what follows; null when it does not start with one. */
export function personAtStart(text: string): { named: string; rest: string } | null {
  const match = PERSON_AT_START.exec(text.trim());
  if (!match) return null;
  return { named: match[1], rest: text.trim().slice(match[1].length).trim() };
}

export const HOW_TO_NAME = 'Name a person by @mention, by e-mail address, or as "me".';

/** The person named (see personAtStart), found or added to the store. */
export async function personNamed(ctx: BotTurnContext, named: string): Promise<Person> {
  if (named.toLowerCase() === 'me') return ctx.person;
  if (named.startsWith('<at>')) {
    const mention = ctx.mentions.find((m) => m.text === named);
    if (!mention) throw new CommandProblem(`I could not tell who ${named.slice(4, -5)} is: @mention them again.`);
    const known = await ctx.store.people.findByTeamsUserId(ctx.tenantId, mention.teamsUserId);
    if (known) return known;
    const member = await ctx.findMember(mention.teamsUserId);
    return ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
      teamsUserId: mention.teamsUserId,
      aadObjectId: member?.aadObjectId ?? null,
      displayName: member?.name ?? mention.name,
      email: member?.email ?? null,
    });
  }
  if (!EMAIL.test(named)) throw new CommandProblem(`"${named.slice(0, 60)}" is not a person. ${HOW_TO_NAME}`);
  const [known] = await ctx.store.people.findByIdentities(ctx.tenantId, { aadObjectIds: [], emails: [named] });
  if (known) return known;
  const member = await ctx.findMember(named);
  if (!member) {
    throw new CommandProblem(
      `I do not know ${named} yet, and they are not in this conversation. @mention them in a chat or ` +
        'channel they are in, or ask them to say hello to the bot first.',
    );
  }
  return ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
    teamsUserId: member.teamsUserId,
    aadObjectId: member.aadObjectId,
    displayName: member.name,
    email: member.email ?? named,
  });
}

/**
 * Whether the bot can write to the person one to one: it has their personal chat from a message they
 * sent. Someone who never wrote to it can be written to only if the app is installed for them.
 */
export async function canReach(ctx: BotTurnContext, personId: string): Promise<boolean> {
  const references = await ctx.store.conversationReferences.listForPerson(ctx.tenantId, personId);
  return references.some((ref) => ref.conversation.conversationType === 'personal');
}
