/**
 * The person a command names, by one set of rules for every command: "me" (the speaker), an
 * @mention (Teams sends the person's ids with the mention), or an e-mail address or UPN.
 *
 * An @mention is matched to the message's mention entities by its `<at>…</at>` text, or by name
 * when it is typed as a plain `@Name` and exactly one person mentioned has that name. The person is
 * looked for among the committee's people (Entra object id, then Teams id), else in this
 * conversation's roster (which tells their Entra id and e-mail), else taken from the mention alone:
 * its Teams id is enough for the bot to reach them. An address is looked for among the committee's
 * people, else in the roster; nobody is made up from an address alone, since the bot could never
 * reach them. Someone who was erased is not added again by name from a mention or the roster.
 *
 * The answer is found (with whether the bot has a personal chat with them) or not found (with why,
 * in words a lead officer can act on). Commands that must refuse use `personNamed`; commands that
 * list who could not be reached (meetings, report requests) use `findNamed` and `sayNamed`.
 */
import type { Person } from '../store';
import { CommandProblem } from './command-router';
import type { BotTurnContext, Mention } from './turn-context';

export const HOW_TO_NAME = 'Name a person by @mention, by e-mail address, or as "me".';

export type NamedPerson =
  | {
      found: true;
      person: Person;
      /** How an answer names them: "you", their name, or their name and the address typed. */
      words: string;
      /** Whether the bot has a personal chat with them; without one it opens a chat to write to them. */
      hasPersonalChat: boolean;
    }
  | { found: false; words: string; why: string };

/** One pattern for an e-mail address or UPN, wherever a person is named: up to a space, a comma or the end. */
const EMAIL = /^[^\s@<>,]{1,64}@[^\s@<>,.]{1,63}(\.[^\s@<>,.]{1,63}){1,8}(?![^\s,])/;
const MENTION_AT_START = /^<at>[^<]{1,120}<\/at>/i;
const ME_AT_START = /^me(?![^\s,])/i;
/** A plain `@Name` that no mention in the message has: the word after the @, to say it was not understood. */
const PLAIN_AT_START = /^@[^\s,<>@]{1,64}/;
/** Between people in a list: a comma, "and", or both. */
const BETWEEN = /^\s*(?:,\s*)?(?:and\s+)?/i;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Splits the person named at the start of `text` from what follows; null when it does not start
 * with one. A plain `@Name` runs as far as the longest name among the message's mentions.
 */
export function personAtStart(
  text: string,
  mentions: readonly Pick<Mention, 'name'>[],
): { named: string; rest: string } | null {
  const trimmed = text.trim();
  let named = (EMAIL.exec(trimmed) ?? MENTION_AT_START.exec(trimmed) ?? ME_AT_START.exec(trimmed))?.[0];
  if (named === undefined && trimmed.startsWith('@')) {
    const byName = mentions
      .map((m) => `@${m.name}`)
      .filter((typed) => {
        const after = trimmed.charAt(typed.length);
        return sameName(trimmed.slice(0, typed.length), typed) && (after === '' || /[\s,]/.test(after));
      })
      .sort((a, b) => b.length - a.length)[0];
    named = byName === undefined ? PLAIN_AT_START.exec(trimmed)?.[0] : trimmed.slice(0, byName.length);
  }
  if (named === undefined) return null;
  return { named, rest: trimmed.slice(named.length).trim() };
}

/** The people named in a list (`me, jo.bloggs@nhs.scot and @Sam Chair`), each as typed. */
export function peopleListed(text: string, mentions: readonly Pick<Mention, 'name'>[]): string[] {
  const people: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const person = personAtStart(rest, mentions);
    if (person && (person.rest === '' || person.rest.startsWith(',') || /^and\s/i.test(person.rest))) {
      people.push(person.named);
      rest = person.rest;
    } else {
      // Not a person: kept whole up to the next comma or "and", so the answer can say what was typed.
      const end = /\s*,|\s+and\s/i.exec(rest);
      people.push(rest.slice(0, end?.index ?? rest.length).trim());
      rest = end ? rest.slice(end.index) : '';
    }
    rest = rest.replace(BETWEEN, '').trim();
  }
  return people.filter((p) => p !== '');
}

/** The refusal for something typed where a person belongs that is not one. */
export const notAPerson = (typed: string) =>
  new CommandProblem(`${HOW_TO_NAME.slice(0, -1)}: "${typed.slice(0, 60)}" is none of these.`);

/** The name in `<at>Name</at>` or `@Name`. */
const mentionedName = (named: string) => (named.startsWith('<') ? named.slice(4, -5) : named.slice(1));

/** The one person the message mentions by this `<at>` text, else by this name; null if none or several. */
function mentionFor(ctx: BotTurnContext, named: string): Mention | null {
  const onlyOne = (candidates: Mention[]) =>
    new Set(candidates.map((m) => m.teamsUserId)).size === 1 ? candidates[0] : null;
  const byText = ctx.mentions.filter((m) => m.text.trim() === named);
  if (byText.length > 0) return onlyOne(byText);
  return onlyOne(ctx.mentions.filter((m) => sameName(m.name, mentionedName(named))));
}

async function found(ctx: BotTurnContext, person: Person, words: string): Promise<NamedPerson> {
  return { found: true, person, words, hasPersonalChat: await canReach(ctx, person.id) };
}

/**
 * Not found, for someone who was erased: an erased person stays erased, so their name is not taken
 * from Teams again, and only they can choose to be named again.
 */
async function erasedAs(
  ctx: BotTurnContext,
  ids: { teamsUserId: string; aadObjectId: string | null },
): Promise<NamedPerson | null> {
  const erased = await ctx.store.erasure.findErased(ctx.tenantId, ids);
  if (!erased) return null;
  return {
    found: false,
    words: erased.displayName,
    why:
      `I know them only as ${erased.displayName}: they were erased. If they write to the bot, it asks them ` +
      'whether to use their name again.',
  };
}

async function mentionedPerson(ctx: BotTurnContext, named: string): Promise<NamedPerson> {
  const mention = mentionFor(ctx, named);
  if (!mention) {
    const name = mentionedName(named);
    return { found: false, words: name, why: `I could not tell who ${name} is: @mention them again.` };
  }
  const known =
    (mention.aadObjectId ? await ctx.store.people.findByAadObjectId(ctx.tenantId, mention.aadObjectId) : null) ??
    (await ctx.store.people.findByTeamsUserId(ctx.tenantId, mention.teamsUserId));
  if (known) return found(ctx, known, known.displayName);
  const erased = await erasedAs(ctx, mention);
  if (erased) return erased;
  const member = await ctx.findMember(mention.teamsUserId);
  const person = await ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
    teamsUserId: mention.teamsUserId,
    aadObjectId: member?.aadObjectId ?? mention.aadObjectId,
    displayName: member?.name ?? mention.name,
    email: member?.email ?? null,
  });
  return found(ctx, person, person.displayName);
}

async function addressedPerson(ctx: BotTurnContext, address: string): Promise<NamedPerson> {
  const words = address.toLowerCase();
  const [known] = await ctx.store.people.findByIdentities(ctx.tenantId, { aadObjectIds: [], emails: [address] });
  if (known) return found(ctx, known, `${known.displayName} (${words})`);
  const member = await ctx.findMember(address);
  if (!member) {
    return {
      found: false,
      words,
      why:
        `I do not know ${words} yet, and they are not in this conversation. @mention them in a chat or ` +
        'channel they are in, or ask them to say hello to the bot first.',
    };
  }
  const erased = await erasedAs(ctx, member);
  if (erased) return erased;
  const person = await ctx.store.people.upsert(ctx.tenantId, ctx.person.id, {
    teamsUserId: member.teamsUserId,
    aadObjectId: member.aadObjectId,
    displayName: member.name,
    email: member.email ?? address,
  });
  return found(ctx, person, `${person.displayName} (${words})`);
}

/**
 * The one person `typed` names, found or added to the store, or why they cannot be found. Anything
 * that is not "me", an @mention or an address is refused with how to name a person.
 */
export async function findNamed(ctx: BotTurnContext, typed: string): Promise<NamedPerson> {
  const text = typed.trim();
  const person = personAtStart(text, ctx.mentions);
  if (!person || person.rest !== '') throw notAPerson(text);
  const { named } = person;
  if (ME_AT_START.test(named)) return found(ctx, ctx.person, 'you');
  if (named.startsWith('<') || named.startsWith('@')) return mentionedPerson(ctx, named);
  return addressedPerson(ctx, named);
}

/** The person `typed` names, for a command that cannot go on without them: not found is refused, saying why. */
export async function personNamed(ctx: BotTurnContext, typed: string): Promise<Person> {
  const named = await findNamed(ctx, typed);
  if (!named.found) throw new CommandProblem(named.why);
  return named.person;
}

/** What to say about someone named: who they are and whether the bot must open a chat with them, or why not found. */
export function sayNamed(named: NamedPerson): string {
  if (!named.found) return named.why;
  return named.hasPersonalChat ? named.words : `${named.words} (no personal chat with the bot yet: it will open one)`;
}

/**
 * Whether the bot can write to the person one to one: it has their personal chat from a message they
 * sent. Someone who never wrote to it can be written to only if the app is installed for them.
 */
export async function canReach(ctx: BotTurnContext, personId: string): Promise<boolean> {
  const references = await ctx.store.conversationReferences.listForPerson(ctx.tenantId, personId);
  return references.some((ref) => ref.conversation.conversationType === 'personal');
}
