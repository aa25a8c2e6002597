/**
 * `forget jo.bloggs@nhs.scot` or `forget @Jo Bloggs`: a lead officer erases a person (UK GDPR art.
 * 17). The command only finds the person and answers, one to one, with a confirmation card that
 * says what erasure does and asks why; the card's button does it (`actions/forget-person.ts`),
 * re-checking the lead officer's role and the person on the server.
 */
import type { Person } from '../../store';
import { answerOneToOne } from '../answer-one-to-one';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { type CommandDefinition, CommandProblem } from '../command-router';
import { answer, type CardAnswer } from '../present-card';
import type { BotTurnContext } from '../turn-context';

const USAGE = 'forget jo.bloggs@nhs.scot';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The confirmation card for one person; `sentence` says what is still missing. */
export async function confirmErasure(ctx: BotTurnContext, person: Person, sentence = ''): Promise<CardAnswer> {
  const reviews = new Set((await ctx.store.people.membershipsOf(ctx.tenantId, person.id)).map((m) => m.reviewId));
  return answer('forget-confirm', {
    personName: person.displayName,
    email: person.email ?? '',
    personId: person.id,
    reviewsWords: reviews.size === 1 ? '1 review' : `${reviews.size} reviews`,
    sentence,
  });
}

/** The person the arguments name: an e-mail address, or the one person @mentioned. */
async function personNamed(ctx: BotTurnContext, args: string): Promise<Person> {
  if (ctx.mentions.length > 1) throw new CommandProblem('Mention one person at a time.');
  const [mention] = ctx.mentions;
  if (mention) {
    const known =
      (mention.aadObjectId ? await ctx.store.people.findByAadObjectId(ctx.tenantId, mention.aadObjectId) : null) ??
      (await ctx.store.people.findByTeamsUserId(ctx.tenantId, mention.teamsUserId));
    if (known) return known;
    const erased = await ctx.store.erasure.findErased(ctx.tenantId, mention);
    if (erased) throw new CommandProblem(`They were erased already: I know them only as ${erased.displayName}.`);
    throw new CommandProblem('I hold nothing about them: they have never used me.');
  }
  if (!EMAIL.test(args)) {
    throw new CommandProblem('Name the person to erase by their e-mail address, or @mention them.');
  }
  const found = await ctx.store.people.findByIdentities(ctx.tenantId, { aadObjectIds: [], emails: [args] });
  if (found.length > 1)
    throw new CommandProblem('More than one person has that e-mail address: @mention the one you mean.');
  if (found.length === 0) {
    throw new CommandProblem(
      'I know no one in this committee by that e-mail address (I learn addresses only where I need them): @mention them instead.',
    );
  }
  return found[0];
}

export const forgetCommand: CommandDefinition = {
  name: 'forget',
  usage: USAGE,
  summary: 'Erases a person: their name and contact details become "Former member N"; you confirm first.',
  // Typed only: erasure is rare, and the personal menu keeps a lead officer's daily commands.
  requires: LEAD_OFFICERS_ONLY,
  async run(ctx, { args }) {
    const person = await personNamed(ctx, args);
    if (person.id === ctx.person.id) {
      throw new CommandProblem('You cannot erase yourself: ask another lead officer to do it.');
    }
    return answerOneToOne(ctx, await confirmErasure(ctx, person));
  },
};
