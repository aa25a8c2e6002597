/**
 * `deliveries LR-2026-001`: which reminders and invitations went to whom and when, and which could
 * not be delivered and why, in words: the outbox as a lead officer needs to read it.
 */
import { MEETING_CANCELLED_RULE, UNREACHABLE_REASONS, type UnreachableReason } from '../../domain';
import type { OutboxDelivery, ReminderWithDeliveries } from '../../store';
import type { CommandDefinition } from '../command-router';
import { answer } from '../present-card';
import { roleWords } from '../role-words';
import { sayDayAndTime } from '../say-date';
import type { BotTurnContext } from '../turn-context';

/** The newest this many are shown; the card says how many there were. */
const SHOWN = 40;

/** What a rule's message is, by the first part of its name. */
const KIND_WORDS: Record<string, string> = {
  deadline42: '42-day decision alert',
  report: 'Report reminder',
  meeting: 'Meeting reminder',
  milestone: 'Step reminder',
  duty: 'Governance duty reminder',
  pause: 'Pause reported to the Sub-group',
  review: 'Review timescale alert',
  delivery: 'Notice of someone not reached',
  digest: 'Digest',
};

function kindWords(rule: string): string {
  if (rule === 'meeting.invitation') return 'Invitation';
  if (rule === MEETING_CANCELLED_RULE) return 'Meeting cancelled';
  return KIND_WORDS[rule.split('.')[0]] ?? 'Reminder';
}

const UNREACHABLE_WORDS: Record<UnreachableReason, string> = {
  'blocked-or-removed': 'they have blocked or removed the bot',
  'not-found': 'Teams no longer knows them (they may have left)',
  'no-one-holds-role': 'nobody holds that role',
  'no-teams-account': 'they have no Teams account the bot knows',
  'not-installed': 'the app is not installed for them',
  erased: "they were erased at a lead officer's request",
};

const isReason = (text: string | null): text is UnreachableReason =>
  text !== null && (UNREACHABLE_REASONS as readonly string[]).includes(text);

function outcomeWords(ctx: BotTurnContext, d: OutboxDelivery): { outcome: string; failed: boolean } {
  const when = (at: Date) => sayDayAndTime(at, ctx.timeZone);
  switch (d.status) {
    case 'sent':
      return { outcome: `Sent ${when(d.sentAt ?? d.lastAttemptAt ?? d.nextAttemptAt)}`, failed: false };
    case 'pending':
      return d.attempts === 0
        ? { outcome: `To be sent ${when(d.nextAttemptAt)}`, failed: false }
        : {
            outcome: `Not delivered yet after ${d.attempts} tries; trying again ${when(d.nextAttemptAt)}`,
            failed: true,
          };
    case 'superseded':
      return { outcome: 'Not sent: no longer needed by the time it was due', failed: false };
    case 'unreachable':
      return {
        outcome: `Could not be delivered: ${isReason(d.lastError) ? UNREACHABLE_WORDS[d.lastError] : 'Teams refused it'}`,
        failed: true,
      };
    case 'failed':
      return { outcome: `Could not be delivered: Teams kept refusing it (${d.attempts} tries)`, failed: true };
  }
}

async function rowsOf(ctx: BotTurnContext, reminders: ReminderWithDeliveries[]) {
  const names = new Map<string, string>();
  const nameOf = async (personId: string) => {
    if (!names.has(personId)) {
      try {
        names.set(personId, (await ctx.store.people.get(ctx.tenantId, personId)).displayName);
      } catch {
        names.set(personId, 'someone no longer known');
      }
    }
    return names.get(personId)!;
  };
  const rows = [];
  for (const reminder of reminders) {
    for (const d of reminder.deliveries) {
      const role = roleWords(d.recipient.role);
      rows.push({
        what: `${kindWords(reminder.rule)}, due ${sayDayAndTime(reminder.dueAt, ctx.timeZone)}`,
        who: d.recipient.personId ? `${await nameOf(d.recipient.personId)} (${role})` : `${role} (nobody holds it)`,
        ...outcomeWords(ctx, d),
        dueAt: reminder.dueAt.getTime(),
      });
    }
  }
  // Newest first: what a lead officer checks is what happened lately.
  return rows.sort((a, b) => b.dueAt - a.dueAt).map((row) => ({ ...row, dueAt: undefined }));
}

export const deliveriesCommand: CommandDefinition = {
  name: 'deliveries',
  usage: 'deliveries LR-2026-001',
  summary: 'Which reminders and invitations went to whom and when, and which could not be delivered, and why.',
  // Typed only: the personal menu keeps a lead officer's daily commands (Teams shows 12).
  requires: { committee: ['lead_officer', 'administrator'], review: ['lead_officer'] },
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'deliveries' }),
  async run(ctx, { review }) {
    const rows = await rowsOf(ctx, await ctx.store.outbox.listForReview(ctx.tenantId, review!.id));
    return answer(
      'deliveries',
      {
        reference: review!.reference,
        pseudonym: review!.subjectPseudonym,
        deliveries: rows.slice(0, SHOWN),
        empty: rows.length === 0,
        failedCount: rows.filter((r) => r.failed).length,
        more: rows.length > SHOWN ? String(rows.length - SHOWN) : '',
      },
      `deliveries ${review!.reference}`,
    );
  },
};
