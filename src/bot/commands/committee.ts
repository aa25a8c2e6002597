/**
 * `committee`: the committee's set-up, shown and edited by lead officers, by card and by command:
 * its agencies (Senior Manager and support details), the roles held for the whole committee, the
 * pseudonym words, its own non-working days and the Sub-group's quarter dates. Each sub-command
 * answers with the committee card, what changed said first; every change is audited by the store.
 */
import { DateTime } from 'luxon';
import { COMMITTEE_ROLES, type CommitteeRole } from '../../domain';
import type { Agency, Committee } from '../../store';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { type CommandDefinition, CommandProblem } from '../command-router';
import { HOW_TO_NAME, personAtStart, personNamed } from '../name-people';
import { answer, type CardAnswer } from '../present-card';
import { readDate, readDateAtStart } from '../read-date';
import { aRole, roleWords } from '../role-words';
import { sayLocalDate } from '../say-date';
import type { BotTurnContext } from '../turn-context';
import { agencyNamed } from './review-people';

const USAGE = 'committee chair jo.bloggs@nhs.scot';

/** Role words as typed after `committee`. */
const ROLE_WORDS: Record<string, CommitteeRole> = {
  chair: 'committee_chair',
  'committee-chair': 'committee_chair',
  ppm: 'public_protection_manager',
  'public-protection-manager': 'public_protection_manager',
  subgroup: 'subgroup_member',
  'subgroup-member': 'subgroup_member',
  'lead-officer': 'lead_officer',
  administrator: 'administrator',
  admin: 'administrator',
};
/** Roles one person holds: naming another replaces them. */
const ONE_HOLDER: ReadonlySet<CommitteeRole> = new Set(['committee_chair', 'public_protection_manager']);

interface Said {
  changed?: string;
  added?: string;
}

async function committeeCard(ctx: BotTurnContext, said: Said = {}): Promise<CardAnswer> {
  const committee: Committee | null = await ctx.store.committees.get(ctx.tenantId);
  const names = new Map<string, string>();
  const nameOf = async (personId: string) => {
    if (!names.has(personId)) names.set(personId, (await ctx.store.people.get(ctx.tenantId, personId)).displayName);
    return names.get(personId)!;
  };
  const roster = await ctx.store.committeeRoles.list(ctx.tenantId);
  const roles = [];
  for (const role of COMMITTEE_ROLES) {
    const holders = await Promise.all(roster.filter((m) => m.role === role).map((m) => nameOf(m.personId)));
    if (role === 'lead_officer') {
      for (const configured of await ctx.roles.holdersOf(ctx.tenantId, 'lead_officer'))
        if (!holders.includes(configured)) holders.push(configured);
    }
    roles.push({ roleName: roleWords(role), names: holders.length > 0 ? holders.join(', ') : 'nobody yet' });
  }
  const agencies = [];
  for (const agency of await ctx.store.agencies.list(ctx.tenantId)) {
    agencies.push({
      name: agency.name,
      seniorManager: agency.seniorManagerPersonId ? await nameOf(agency.seniorManagerPersonId) : 'not named yet',
      employeeAssistance: agency.employeeAssistance ?? '',
      supportContact: agency.supportContact ?? '',
    });
  }
  const quarters = committee?.oversightDates ?? null;
  return answer('committee', {
    changed: said.changed ?? '',
    added: said.added ?? '',
    roles,
    agencies,
    noAgencies: agencies.length === 0,
    pseudonymWords: (committee?.pseudonymWords ?? ['Child', 'Adult', 'Young Person', 'Family']).join(', '),
    ownPseudonymWords: committee?.pseudonymWords != null,
    daysOff: (committee?.daysOff ?? []).map((d) => ({ date: sayLocalDate(d.date), name: d.name })),
    noDaysOff: (committee?.daysOff ?? []).length === 0,
    quarterDates: (quarters ?? ctx.engine.policy.oversight.quarterDates).map(sayMonthDay).join(', '),
    ownQuarterDates: quarters !== null,
  });
}

const sayMonthDay = (monthDay: string) =>
  DateTime.fromISO(`2000-${monthDay}`, { zone: 'UTC' }).setLocale('en-GB').toFormat('d LLLL');

function readCommitteeRole(word: string): CommitteeRole {
  const role = ROLE_WORDS[word.toLowerCase()];
  if (!role)
    throw new CommandProblem(
      `"${word.slice(0, 40)}" is not a committee role. The roles are chair, ppm, subgroup, lead-officer and administrator.`,
    );
  return role;
}

async function namedPerson(ctx: BotTurnContext, text: string) {
  const named = personAtStart(text, ctx.mentions);
  if (!named || named.rest !== '') throw new CommandProblem(`Say who. ${HOW_TO_NAME}`);
  return personNamed(ctx, named.named);
}

async function giveRole(ctx: BotTurnContext, role: CommitteeRole, rest: string): Promise<Said> {
  const person = await namedPerson(ctx, rest);
  if (ONE_HOLDER.has(role)) {
    for (const holder of await ctx.store.committeeRoles.list(ctx.tenantId)) {
      if (holder.role === role && holder.personId !== person.id)
        await ctx.store.committeeRoles.remove(ctx.tenantId, ctx.person.id, holder);
    }
  }
  await ctx.store.committeeRoles.assign(ctx.tenantId, ctx.person.id, { personId: person.id, role });
  return { changed: `${person.displayName} is now ${aRole(role)} of the committee.` };
}

async function takeRole(ctx: BotTurnContext, rest: string): Promise<Said> {
  const [word, ...others] = rest.split(' ');
  const role = readCommitteeRole(word ?? '');
  const person = await namedPerson(ctx, others.join(' '));
  if (role === 'lead_officer' && ctx.roles.isConfiguredLeadOfficer(person)) {
    throw new CommandProblem(
      `${person.displayName} is a Lead Officer by the bot's own settings: ask whoever runs the bot to change them.`,
    );
  }
  const removed = await ctx.store.committeeRoles.remove(ctx.tenantId, ctx.person.id, { personId: person.id, role });
  if (!removed) throw new CommandProblem(`${person.displayName} is not ${aRole(role)} of the committee.`);
  return { changed: `${person.displayName} is no longer ${aRole(role)} of the committee.` };
}

const AGENCY_FIELDS = /\s(senior-manager|eap|contact)(?:\s+|$)/i;

async function editAgency(ctx: BotTurnContext, rest: string): Promise<Said> {
  const split = AGENCY_FIELDS.exec(` ${rest}`);
  const name = (split ? ` ${rest}`.slice(0, split.index) : rest).trim();
  if (name === '') throw new CommandProblem('Say which agency, such as committee agency Police Scotland.');
  const value = split ? ` ${rest}`.slice(split.index + split[0].length).trim() : '';
  const field = split ? split[1].toLowerCase() : '';
  // The Senior Manager is found before a new agency is added, so a wrong name adds nothing.
  const person = field === 'senior-manager' ? await namedPerson(ctx, value) : null;
  const { agency, isNew } = await agencyNamed(ctx, name);
  const added = isNew ? `${agency.name} was new to the committee, so I added it.` : '';
  if (!split) return { changed: isNew ? '' : `${agency.name} is already listed.`, added };
  let updated: Agency;
  if (person) {
    updated = await ctx.store.agencies.setSeniorManager(ctx.tenantId, ctx.person.id, agency.id, person.id);
    return { changed: `${person.displayName} is now the Senior Manager of ${updated.name}.`, added };
  }
  const support = field === 'eap' ? { employeeAssistance: value || null } : { supportContact: value || null };
  updated = await ctx.store.agencies.setSupport(ctx.tenantId, ctx.person.id, agency.id, support);
  const what = field === 'eap' ? 'Employee Assistance Programme' : 'support contact';
  return { changed: `${updated.name}'s ${what} is ${value === '' ? 'cleared' : 'set'}.`, added };
}

async function editDaysOff(ctx: BotTurnContext, rest: string): Promise<Said> {
  const committee = await ctx.store.committees.get(ctx.tenantId);
  const daysOff = committee?.daysOff ?? [];
  const removing = /^remove\s+/i.exec(rest);
  const read = removing
    ? readDate(rest.slice(removing[0].length), ctx.now(), ctx.timeZone)
    : readDateAtStart(rest, ctx.now(), ctx.timeZone);
  if (!read.ok) throw new CommandProblem(read.problem);
  const date = read.value.date;
  if (removing) {
    if (!daysOff.some((d) => d.date === date))
      throw new CommandProblem(`${sayLocalDate(date)} is not one of the committee's days off.`);
    await ctx.store.committees.configure(ctx.tenantId, ctx.person.id, {
      daysOff: daysOff.filter((d) => d.date !== date),
    });
    return { changed: `${sayLocalDate(date)} is a working day again.` };
  }
  const name = read.value.rest;
  if (name === '') throw new CommandProblem('Give the day off a name, such as Council closure.');
  await ctx.store.committees.configure(ctx.tenantId, ctx.person.id, {
    daysOff: [...daysOff.filter((d) => d.date !== date), { date, name }],
  });
  return { changed: `${sayLocalDate(date)} is now a day off: ${name}. Deadlines and reminders skip it.` };
}

async function editPseudonyms(ctx: BotTurnContext, rest: string): Promise<Said> {
  const words = /^defaults?$/i.test(rest) ? null : rest.split(',').map((w) => w.trim());
  await ctx.store.committees.configure(ctx.tenantId, ctx.person.id, { pseudonymWords: words });
  return { changed: words === null ? 'Pseudonyms use the usual words again.' : 'The pseudonym words are set.' };
}

async function editQuarters(ctx: BotTurnContext, rest: string): Promise<Said> {
  if (/^defaults?$/i.test(rest)) {
    await ctx.store.committees.configure(ctx.tenantId, ctx.person.id, { oversightDates: null });
    return { changed: "The Sub-group's digest goes out on the usual quarter dates again." };
  }
  const dates = [];
  for (const part of rest.split(',').map((p) => p.trim())) {
    const read = readDate(part, ctx.now(), ctx.timeZone);
    if (!read.ok) throw new CommandProblem(read.problem);
    dates.push(read.value.date.slice(5));
  }
  await ctx.store.committees.configure(ctx.tenantId, ctx.person.id, { oversightDates: dates });
  return { changed: "The Sub-group's quarter dates are set." };
}

export async function editCommittee(ctx: BotTurnContext, args: string): Promise<CardAnswer> {
  const [word, ...others] = args.split(' ');
  const rest = others.join(' ').trim();
  const key = word.toLowerCase();
  let said: Said;
  if (ROLE_WORDS[key]) said = await giveRole(ctx, ROLE_WORDS[key], rest);
  else if (key === 'remove') said = await takeRole(ctx, rest);
  else if (key === 'agency') said = await editAgency(ctx, rest);
  else if (key === 'day-off') said = await editDaysOff(ctx, rest);
  else if (key === 'pseudonyms') said = await editPseudonyms(ctx, rest);
  else if (key === 'quarters') said = await editQuarters(ctx, rest);
  else
    throw new CommandProblem(
      `"${word.slice(0, 40)}" is not something the committee has. Type committee on its own to see what can be set.`,
    );
  return committeeCard(ctx, said);
}

export const committeeCommand: CommandDefinition = {
  name: 'committee',
  usage: USAGE,
  summary:
    "The committee's set-up: agencies, committee roles, pseudonym words, days off and quarter dates. " +
    'Type committee on its own to see it and change it.',
  // Typed only: set up once, and the personal menu keeps a lead officer's daily commands.
  requires: LEAD_OFFICERS_ONLY,
  form: (ctx) => committeeCard(ctx),
  run: (ctx, { args }) => editCommittee(ctx, args),
};
