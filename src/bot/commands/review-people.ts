/**
 * Who is who in a review: `people LR-2026-001` shows who holds which role (and who the bot cannot
 * reach yet, with what to do); `add` and `remove` give and take a role; `handover` passes the review
 * to another Lead Officer. People are named by @mention, e-mail address or "me" (name-people.ts).
 */
import { COMMITTEE_ROLES, isCommitteeRole, REVIEW_ROLES, type Review, type ReviewRole } from '../../domain';
import type { Agency } from '../../store';
import { REVIEW_KEEPERS, type Requirement } from '../authorise';
import { type CommandDefinition, CommandProblem } from '../command-router';
import { canReach, HOW_TO_NAME, notAPerson, personAtStart, personNamed } from '../name-people';
import { answer, type CardAnswer } from '../present-card';
import { roleWords } from '../role-words';
import type { BotTurnContext } from '../turn-context';

/** Lead officers hand reviews over, or the review's own Lead Officer. */
const HANDOVER: Requirement = { committee: ['lead_officer'], review: ['lead_officer'] };

/** Role words as typed: `review-team-chair`, `chair`, `reviewer`, ... */
const ROLE_WORDS: Record<string, ReviewRole> = {
  ...Object.fromEntries(REVIEW_ROLES.map((role) => [role.replace(/_/g, '-'), role])),
  chair: 'review_team_chair',
  member: 'review_team_member',
  author: 'report_author',
};
const TYPEABLE = REVIEW_ROLES.filter((r) => r !== 'lead_officer').map((r) => r.replace(/_/g, '-'));

function readRole(word: string): ReviewRole {
  const key = word.toLowerCase();
  const committeeRole = key.replace(/-/g, '_');
  if (isCommitteeRole(committeeRole) && ROLE_WORDS[key] === undefined) {
    throw new CommandProblem(
      `The ${roleWords(committeeRole)} is a role for the whole committee: give it with the committee command.`,
    );
  }
  const role = ROLE_WORDS[key];
  if (role === 'lead_officer') {
    throw new CommandProblem(
      'A review has one Lead Officer: pass it on with handover LR-2026-001 to jo.bloggs@nhs.scot.',
    );
  }
  if (!role)
    throw new CommandProblem(`"${word.slice(0, 40)}" is not a role in a review. The roles are ${TYPEABLE.join(', ')}.`);
  return role;
}

/** The agency named, added to the committee when it is new to it (the answer says so). */
export async function agencyNamed(ctx: BotTurnContext, name: string): Promise<{ agency: Agency; isNew: boolean }> {
  const known = (await ctx.store.agencies.list(ctx.tenantId)).find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (known) return { agency: known, isNew: false };
  return { agency: await ctx.store.agencies.add(ctx.tenantId, ctx.person.id, name), isNew: true };
}

/** The people card of a review, with what just changed said first. */
export async function peopleCard(
  ctx: BotTurnContext,
  review: Review,
  said: { changed?: string; added?: string } = {},
): Promise<CardAnswer> {
  const agencies = new Map((await ctx.store.agencies.list(ctx.tenantId)).map((a) => [a.id, a.name]));
  const names = new Map<string, string>();
  const nameOf = async (personId: string) => {
    if (!names.has(personId)) names.set(personId, (await ctx.store.people.get(ctx.tenantId, personId)).displayName);
    return names.get(personId)!;
  };
  const order = (role: string) => REVIEW_ROLES.indexOf(role as ReviewRole);
  const members = [...review.members].sort((a, b) => order(a.role) - order(b.role));
  const shown = [];
  for (const member of members) {
    shown.push({
      roleName: roleWords(member.role),
      name: await nameOf(member.personId),
      agencyName: member.agencyId ? (agencies.get(member.agencyId) ?? '') : '',
      supporterName: member.supporterPersonId ? await nameOf(member.supporterPersonId) : '',
      reachable: await canReach(ctx, member.personId),
    });
  }
  const committee = [];
  const roster = await ctx.store.committeeRoles.list(ctx.tenantId);
  for (const role of COMMITTEE_ROLES) {
    const holders = roster.filter((m) => m.role === role);
    if (holders.length === 0) continue;
    committee.push({
      roleName: roleWords(role),
      names: (await Promise.all(holders.map((h) => nameOf(h.personId)))).join(', '),
    });
  }
  return answer(
    'people',
    {
      reference: review.reference,
      pseudonym: review.subjectPseudonym,
      changed: said.changed ?? '',
      added: said.added ?? '',
      members: shown,
      empty: shown.length === 0,
      committee,
    },
    `people ${review.reference}`,
  );
}

export function personRoleForm(
  command: 'add' | 'remove',
  fields: { reference?: string; role?: string; person?: string; agency?: string; sentence?: string } = {},
): CardAnswer {
  return answer('person-role-form', {
    command,
    referenceValue: fields.reference ?? '',
    roleValue: fields.role ?? 'reviewer',
    personValue: fields.person ?? '',
    agencyValue: fields.agency ?? '',
    sentence: fields.sentence ?? '',
  });
}

/** `<role> <person> [for <agency>] [supported by <person>]`, as typed after the reference. */
function readRoleLine(ctx: BotTurnContext, args: string, usage: string) {
  const [roleWord, ...rest] = args.split(' ');
  if (!roleWord) throw new CommandProblem(`Say which role, and who. ${usage}`);
  const role = readRole(roleWord);
  const person = personAtStart(rest.join(' '), ctx.mentions);
  if (!person && rest.length > 0) throw notAPerson(rest[0]);
  if (!person) throw new CommandProblem(`Say who has the role. ${HOW_TO_NAME}`);
  let agencyName: string | null = null;
  let supporter: string | null = null;
  let tail = person.rest;
  const supported = /(?:^|\s)supported by (.+)$/i.exec(tail);
  if (supported) {
    supporter = supported[1].trim();
    tail = tail.slice(0, supported.index).trim();
  }
  if (/^for\s/i.test(tail)) agencyName = tail.slice(4).trim();
  else if (tail !== '') throw new CommandProblem(`I did not understand "${tail.slice(0, 60)}". ${usage}`);
  return { role, named: person.named, agencyName, supporter };
}

export const peopleCommand: CommandDefinition = {
  name: 'people',
  usage: 'people LR-2026-001',
  summary: 'Who holds which role in a review, and who the bot cannot reach yet.',
  // Typed only: its card is one to one, and the personal menu keeps the commands of most days.
  requires: REVIEW_KEEPERS,
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'people' }),
  run: (ctx, { review }) => peopleCard(ctx, review!),
};

const ADD_USAGE = 'add LR-2026-001 reviewer jo.bloggs@nhs.scot';

export const addCommand: CommandDefinition = {
  name: 'add',
  usage: ADD_USAGE,
  summary:
    'Gives someone a role in a review (by @mention, e-mail or "me"); add "for Police Scotland" for their agency, ' +
    'and "supported by" their Review Team member for a practitioner.',
  // Typed only: the personal menu keeps a lead officer's daily commands (Teams shows 12).
  requires: REVIEW_KEEPERS,
  actsOnReview: true,
  form: () => personRoleForm('add'),
  async run(ctx, { args, review }) {
    if (args === '') return personRoleForm('add', { reference: review!.reference });
    const line = readRoleLine(ctx, args, ADD_USAGE);
    const person = await personNamed(ctx, line.named);
    if (line.supporter !== null && line.role !== 'practitioner') {
      throw new CommandProblem('Only a practitioner is "supported by" a Review Team member.');
    }
    const supporter = line.supporter === null ? null : await personNamed(ctx, line.supporter);
    // Checked before anything is written, so a wrong supporter leaves no role or agency behind.
    if (supporter && !review!.members.some((m) => m.personId === supporter.id && m.role === 'review_team_member')) {
      throw new CommandProblem(
        `${supporter.displayName} is not a Review Team member of ${review!.reference}: add them as one first.`,
      );
    }
    const agency = line.agencyName === null ? null : await agencyNamed(ctx, line.agencyName);
    await ctx.store.people.assignRole(ctx.tenantId, ctx.person.id, {
      reviewId: review!.id,
      personId: person.id,
      role: line.role,
      agencyId: agency?.agency.id ?? null,
    });
    if (supporter) {
      await ctx.store.people.linkSupporter(ctx.tenantId, ctx.person.id, {
        reviewId: review!.id,
        practitionerPersonId: person.id,
        supporterPersonId: supporter.id,
      });
    }
    const reloaded = await ctx.store.reviews.load(ctx.tenantId, review!.id);
    return peopleCard(ctx, reloaded, {
      changed: `${person.displayName} is now ${roleWords(line.role)} in ${review!.reference}.`,
      added: agency?.isNew ? `${agency.agency.name} was new to the committee, so I added it.` : '',
    });
  },
};

const REMOVE_USAGE = 'remove LR-2026-001 reviewer jo.bloggs@nhs.scot';

export const removeCommand: CommandDefinition = {
  name: 'remove',
  usage: REMOVE_USAGE,
  summary: 'Takes a role in a review away from someone.',
  // Typed only: the personal menu keeps a lead officer's daily commands (Teams shows 12).
  requires: REVIEW_KEEPERS,
  actsOnReview: true,
  form: () => personRoleForm('remove'),
  async run(ctx, { args, review }) {
    if (args === '') return personRoleForm('remove', { reference: review!.reference });
    const line = readRoleLine(ctx, args, REMOVE_USAGE);
    if (line.agencyName !== null || line.supporter !== null) throw new CommandProblem(`Type it like ${REMOVE_USAGE}.`);
    const person = await personNamed(ctx, line.named);
    const removed = await ctx.store.people.removeRole(ctx.tenantId, ctx.person.id, {
      reviewId: review!.id,
      personId: person.id,
      role: line.role,
    });
    if (!removed) {
      throw new CommandProblem(`${person.displayName} is not ${roleWords(line.role)} in ${review!.reference}.`);
    }
    const reloaded = await ctx.store.reviews.load(ctx.tenantId, review!.id);
    return peopleCard(ctx, reloaded, {
      changed: `${person.displayName} is no longer ${roleWords(line.role)} in ${review!.reference}.`,
    });
  },
};

const HANDOVER_USAGE = 'handover LR-2026-001 to jo.bloggs@nhs.scot';

export const handoverCommand: CommandDefinition = {
  name: 'handover',
  usage: HANDOVER_USAGE,
  summary: 'Passes a review to another Lead Officer, who then gets its alerts.',
  // Typed only: the personal menu keeps a lead officer's daily commands (Teams shows 12).
  requires: HANDOVER,
  actsOnReview: true,
  form: () => answer('handover-form', { referenceValue: '' }),
  async run(ctx, { args, review }) {
    if (args === '') return answer('handover-form', { referenceValue: review!.reference });
    const named = personAtStart(args.replace(/^to\s+/i, ''), ctx.mentions);
    if (!named || named.rest !== '') throw new CommandProblem(`Say who takes it over. ${HOW_TO_NAME}`);
    const person = await personNamed(ctx, named.named);
    const roles = await ctx.roles.committeeRolesOf(ctx.tenantId, person);
    if (!roles.has('lead_officer')) {
      throw new CommandProblem(
        `${person.displayName} is not a Lead Officer of the committee: a Lead Officer can make them one first, ` +
          `with committee lead-officer ${person.email ?? 'and their e-mail address'}.`,
      );
    }
    const after = await ctx.store.reviews.handOver(ctx.tenantId, ctx.person.id, review!.id, person.id);
    return peopleCard(ctx, after, { changed: `${person.displayName} now leads ${review!.reference}.` });
  },
};
