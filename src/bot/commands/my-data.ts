/**
 * `my data`: anyone may ask what the bot keeps about them (UK GDPR art. 15) and gets a summary, one
 * to one: asked in a group chat or channel, the answer goes to their personal chat. Report content
 * is not part of it: it belongs to the review. The Data Protection Officer's full export is
 * `npm run export-person`.
 */
import type { PersonalRecord } from '../../store';
import { answerOneToOne } from '../answer-one-to-one';
import { ANYONE } from '../authorise';
import type { CommandDefinition } from '../command-router';
import { answer } from '../present-card';
import { MEETING_KIND_NAMES } from '../reminder-cards';
import { roleWords } from '../role-words';
import { sayDay, sayDayAndTime, sayLocalDate } from '../say-date';

const ANSWERS: Record<string, string> = {
  attending: 'you said you will attend',
  not_attending: 'you said you will not attend',
  tentative: 'you said you might attend',
};

const REPORT_STATUS: Record<string, string> = {
  requested: 'not sent yet',
  submitted: 'sent',
  withdrawn: 'no longer asked for',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Reminders sent and waiting, per review (the weekly digest on its own line). */
function reminderLines(record: PersonalRecord, timeZone: string): string[] {
  const groups = new Map<string, { sent: number; waiting: number; last: Date | null }>();
  for (const r of record.reminders) {
    const key = r.review ? r.review.reference : 'The weekly digest';
    const group = groups.get(key) ?? { sent: 0, waiting: 0, last: null };
    if (r.status === 'sent' && r.sentAt) {
      group.sent += 1;
      if (!group.last || r.sentAt > group.last) group.last = r.sentAt;
    }
    if (r.status === 'pending') group.waiting += 1;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .filter(([, g]) => g.sent > 0 || g.waiting > 0)
    .map(([key, g]) => {
      const sent = g.sent > 0 ? `${plural(g.sent, 'reminder')} sent, the last on ${sayDay(g.last!, timeZone)}` : '';
      const waiting = g.waiting > 0 ? `${plural(g.waiting, 'reminder')} waiting to be sent` : '';
      return `${key}: ${[sent, waiting].filter(Boolean).join('; ')}`;
    });
}

export const myDataCommand: CommandDefinition = {
  name: 'my data',
  aliases: ['mydata'],
  usage: 'my data',
  summary: 'What I keep about you, sent to you one to one.',
  menu: ['personal', 'groupChat', 'team'],
  requires: ANYONE,
  async run(ctx) {
    const record = await ctx.store.personalData.recordOf(ctx.tenantId, ctx.person.id);
    const tz = ctx.timeZone;
    const roles = [
      ...record.committeeRoles.map((r) => ({ line: `The committee: ${roleWords(r.role)}` })),
      ...record.roles.map((r) => ({
        line: `${r.reference} (${r.subjectPseudonym}): ${roleWords(r.role)}${r.agencyName ? `, ${r.agencyName}` : ''}`,
      })),
    ];
    const invitations = record.invitations.map((i) => ({
      line: `${MEETING_KIND_NAMES[i.meetingKind] ?? 'Meeting'} on ${sayDayAndTime(i.startsAt, tz)} (${i.reference})${
        i.meetingStatus === 'cancelled' ? ', cancelled' : ''
      }: ${i.response ? ANSWERS[i.response] : 'no answer yet'}`,
    }));
    const reports = [
      ...record.reportRequests.map((r) => ({
        line: `${r.reference}, ${r.agencyName}: asked of you as ${r.as === 'author' ? 'its author' : 'senior manager'}, due ${sayLocalDate(
          r.dueOn,
        )}, ${REPORT_STATUS[r.status] ?? r.status}`,
      })),
      ...record.submissions.map((s) => ({
        line: `${s.reference}, ${s.agencyName}: you sent a report on ${sayDayAndTime(s.submittedAt, tz)}`,
      })),
    ];
    const reminders = reminderLines(record, tz).map((line) => ({ line }));
    return answerOneToOne(
      ctx,
      answer('my-data', {
        name: record.person.displayName,
        emailWords: record.person.email ?? 'not known to me',
        erasedAs: record.erased ? record.erased.displayName : '',
        chats: String(record.conversations.length),
        roles,
        noRoles: roles.length === 0,
        invitations,
        noInvitations: invitations.length === 0,
        reports,
        noReports: reports.length === 0,
        reminders,
        noReminders: reminders.length === 0,
        meetingsChaired: record.meetingsChaired.length,
        actionsOwned: record.actionsOwned.length,
        auditEntries: record.audit.length,
      }),
    );
  },
};
