/** `history LR-2026-001`: the audit trail in words: who changed what, and when. */
import type { AuditEntry } from '../../store';
import type { CommandDefinition } from '../command-router';
import { answer } from '../present-card';
import { roleWords } from '../role-words';
import { sayDayAndTime } from '../say-date';
import type { BotTurnContext } from '../turn-context';
import type { Role } from '../../domain';

/** The audit trail names people: lead officers, administrators and the committee Chair, and the review's own leads. */
export const HISTORY_READERS = {
  committee: ['lead_officer', 'administrator', 'committee_chair'],
  review: ['lead_officer', 'review_team_chair'],
} as const;
const SHOWN = 50;

type Facts = Record<string, unknown> | null;
const field = (facts: unknown, key: string): unknown => (facts as Facts)?.[key];

const STATUS_WORDS: Record<string, string> = {
  decision_stage: 'decision stage',
  in_review: 'review under way',
  improvement: 'improvement actions',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** One entry in words. Free text was never stored in the audit trail, so none can appear here. */
function describe(entry: AuditEntry, nameOf: (id: unknown) => string, stepTitle: (id: string) => string): string {
  const { after, before } = entry;
  switch (entry.action) {
    case 'review.created':
      return 'opened the review';
    case 'review.status_changed':
      return `changed its status to ${STATUS_WORDS[String(field(after, 'status'))] ?? 'another status'}`;
    case 'review.reopened':
      return `reopened the review, changing its status to ${STATUS_WORDS[String(field(after, 'status'))] ?? 'another status'}`;
    case 'review.retention_applied':
      return "emptied the review under the committee's retention period";
    case 'review.notification_corrected':
      return 'corrected the notification date';
    case 'review.decision_recorded': {
      const outcome = field(field(after, 'decision'), 'outcome');
      return outcome === 'proceed' ? 'recorded the decision to proceed' : 'recorded the decision not to proceed';
    }
    case 'milestone.recorded':
      return field(after, 'skipped')
        ? `skipped the step "${stepTitle(entry.entityId)}"`
        : `marked the step "${stepTitle(entry.entityId)}" done`;
    case 'clock.paused':
      return 'paused the clock';
    case 'clock.resumed':
      return 'restarted the clock';
    case 'meeting.scheduled':
      return 'scheduled a meeting';
    case 'meeting.rescheduled':
      return 'moved a meeting';
    case 'meeting.status_changed':
      return field(after, 'status') === 'cancelled' ? 'cancelled a meeting' : 'updated a meeting';
    case 'meeting.invited':
      return 'invited people to a meeting';
    case 'invitation.answered':
      return 'answered an invitation';
    case 'report.requested':
      return 'asked an agency for its report';
    case 'report.submitted':
      return "sent in an agency's report";
    case 'report.due_date_changed':
      return "changed a report's due date";
    case 'report.withdrawn':
      return 'withdrew a report request';
    case 'role.assigned':
      return `gave ${nameOf(field(after, 'personId'))} the role of ${roleWords(field(after, 'role') as Role)}`;
    case 'role.removed':
      return `took the role of ${roleWords(field(before, 'role') as Role)} from ${nameOf(field(before, 'personId'))}`;
    case 'review.handed_over': {
      const leads = field(after, 'leadOfficers');
      return `handed the review over to ${nameOf(Array.isArray(leads) ? leads[0] : null)}`;
    }
    case 'practitioner.supporter_linked':
      return field(after, 'supporterPersonId')
        ? `linked ${nameOf(field(after, 'personId'))} to ${nameOf(field(after, 'supporterPersonId'))}, their Review Team member`
        : `unlinked ${nameOf(field(after, 'personId'))} from their Review Team member`;
    case 'action.added':
      return 'added an improvement action';
    case 'action.updated':
      return 'updated an improvement action';
    case 'reminder.queued':
      return 'queued a reminder';
    default:
      return entry.action.replace(/[._]/g, ' ');
  }
}

async function namesOf(ctx: BotTurnContext, ids: Set<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    if (id === 'system') continue;
    try {
      names.set(id, (await ctx.store.people.get(ctx.tenantId, id)).displayName);
    } catch {
      names.set(id, 'someone no longer known');
    }
  }
  return names;
}

export const historyCommand: CommandDefinition = {
  name: 'history',
  usage: 'history LR-2026-001',
  summary: "A review's audit trail: who changed what, and when.",
  menu: ['personal'],
  requires: HISTORY_READERS,
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'history' }),
  async run(ctx, { review }) {
    const entries = await ctx.store.audit.list(ctx.tenantId, { reviewId: review!.id, limit: SHOWN });
    const ids = new Set<string>();
    for (const e of entries) {
      ids.add(e.actor);
      for (const facts of [e.after, e.before]) {
        const named = [
          field(facts, 'personId'),
          field(facts, 'supporterPersonId'),
          field(facts, 'leadOfficers'),
        ].flat();
        for (const pid of named) if (typeof pid === 'string') ids.add(pid);
      }
    }
    const names = await namesOf(ctx, ids);
    const nameOf = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? 'the bot') : 'someone');
    const steps = new Map<string, string>();
    for (const templateId of [review!.decisionTemplateId, review!.reviewTemplateId]) {
      for (const step of (templateId && ctx.engine.templates.get(templateId)?.steps) || [])
        steps.set(step.id, step.title);
    }
    const stepTitle = (id: string) => steps.get(id) ?? id;
    return answer(
      'history',
      {
        reference: review!.reference,
        pseudonym: review!.subjectPseudonym,
        entries: entries.map((e) => ({
          when: sayDayAndTime(e.occurredAt, ctx.timeZone),
          who: e.actor === 'system' ? 'The bot' : nameOf(e.actor),
          what: describe(e, nameOf, stepTitle),
        })),
        empty: entries.length === 0,
      },
      `history ${review!.reference}`,
    );
  },
};
