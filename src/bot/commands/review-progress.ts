/**
 * Recording what happened in a review: `decide` (the Consideration Meeting's decision), `pause` and
 * `resume` (the clock, for a parallel process), `done` and `skip` (a step of its template), `close`
 * and `cancel`. Each takes an optional `on <date>` at the end of the line for what happened before it
 * was recorded (never in the future); without it, today. Each answer says the date back in words.
 * `reopen` undoes a close or a cancel, as of now: its reminders start afresh from the reopening.
 */
import {
  meetingsCancelledWith,
  PAUSE_CATEGORIES,
  PAUSE_CATEGORY_LABELS,
  type PauseCategory,
  type Review,
  statusInWords,
  transition,
} from '../../domain';
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { CLOCK_KEEPERS, commandForm, dateAtEnd, REVIEW_RUNNERS, reviewAnswer, whenItHappened } from '../review-answers';
import { meetingKindWords } from '../calendar-file';
import { stepsOf } from '../review-steps';
import { tellOfCancellation } from './meetings';
import { viewOf } from '../review-views';
import { days, sayDay, sayDayAndTime } from '../say-date';
import type { BotTurnContext } from '../turn-context';

const DECIDE_USAGE = 'decide LR-2026-001 proceed tier-2-3 on 30/11/2026';
const PAUSE_USAGE = 'pause LR-2026-001 criminal proceedings';
const RESUME_USAGE = 'resume LR-2026-001';
const DONE_USAGE = 'done LR-2026-001 recommendation-report';
const SKIP_USAGE = 'skip LR-2026-001 review-team-meeting-4';
const CLOSE_USAGE = 'close LR-2026-001';
const CANCEL_USAGE = 'cancel LR-2026-001 duplicate notification';
const REOPEN_USAGE = 'reopen LR-2026-001 cancelled in error';

/** The review templates a decision to proceed can choose, as typed (`tier-1`, `tier-2-3`, ...). */
function reviewTemplates(ctx: BotTurnContext) {
  return [...ctx.engine.templates.values()].filter((t) => t.stage === 'review');
}

export const decideCommand: CommandDefinition = {
  name: 'decide',
  usage: DECIDE_USAGE,
  summary:
    "Records the Consideration Meeting's decision: proceed with the review template chosen (tier-1, tier-2-3, ...), or not-proceed.",
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  form: () => commandForm('decide', 'Record the decision', DECIDE_USAGE),
  async run(ctx, { args, review }) {
    const when = whenItHappened(ctx, args, 'The decision date', review!);
    const [outcomeWord, templateWord, ...extra] = when.rest.split(' ');
    const outcome = outcomeWord?.toLowerCase();
    const templates = reviewTemplates(ctx);
    const choices = templates.map((t) => t.id).join(', ');
    if (outcome !== 'proceed' && outcome !== 'not-proceed') {
      throw new CommandProblem('The decision is proceed (with the review template chosen) or not-proceed.');
    }
    if (extra.length > 0) throw new CommandProblem('I could not read the end of that line: put the date after "on".');
    let template = null;
    if (outcome === 'proceed') {
      template = templates.find((t) => t.id === templateWord?.toLowerCase()) ?? null;
      if (!template) throw new CommandProblem(`Say which review follows: one of ${choices}.`);
    } else if (templateWord) {
      throw new CommandProblem('A decision not to proceed starts no review, so it takes no template.');
    }
    const recorded = new Set(review!.milestones.map((m) => m.stepId));
    const meetingStep = stepsOf(ctx, review!).find(
      (s) => s.meetingKind === 'consideration_meeting' && !recorded.has(s.id),
    );
    const decided = await ctx.store.reviews.recordDecision(ctx.tenantId, ctx.person.id, review!.id, {
      outcome: outcome === 'proceed' ? 'proceed' : 'not_proceed',
      decidedAt: when.at,
      reviewTemplateId: template?.id ?? null,
      // The decision is made at the Consideration Meeting: it was held that day.
      milestones: meetingStep ? [{ stepId: meetingStep.id, completedAt: when.at }] : [],
    });
    const countdown = viewOf(ctx, decided).timeline.decisionStage.countdown;
    return reviewAnswer(decided, 'Decision recorded', {
      dates: [{ label: 'Decided', when: sayDay(when.at, ctx.timeZone) }],
      details: [template ? `Decision: proceed, with ${template.name}` : 'Decision: not to proceed'],
      notes: [
        `The 42-day standard: ${countdown.met ? 'met' : 'not met'}, ${days(countdown.daysUsed)} from the notification.`,
        'The decision goes to CSOG (the committee Chair) and to the Care Inspectorate (the lead officer) whatever it was: the bot reminds them until each is recorded.',
      ],
    });
  },
};

/** The colon before a pause's note: the first not inside a time of day such as 10:00. */
const NOTE_COLON = /(?<!\d):|:(?!\d)/;

/**
 * `criminal proceedings on 20/11/2026: the trial is set`: the reason and perhaps its date, then the
 * note after a colon. The note is the person's own words, kept whole: an "on Monday" in it is never
 * read as the pause's date, which goes before the colon.
 */
function splitNote(typed: string): { head: string; note: string | null } {
  const colon = NOTE_COLON.exec(typed);
  if (!colon) return { head: typed, note: null };
  const note = typed.slice(colon.index + 1).trim();
  return { head: typed.slice(0, colon.index), note: note === '' ? null : note };
}

/** `criminal proceedings`, `fatal accident inquiry`, `other statutory review`, `other`. */
function readPauseCategory(typed: string): PauseCategory {
  const words = typed.trim().toLowerCase().replace(/-/g, ' ').replace(/^an? /, '');
  const category = PAUSE_CATEGORIES.find(
    (c) => c.replace(/_/g, ' ') === words || PAUSE_CATEGORY_LABELS[c].replace(/^an? /, '').toLowerCase() === words,
  );
  if (!category) {
    throw new CommandProblem(
      'Say why the clock stops: criminal proceedings, fatal accident inquiry, other statutory review, or other (a note may follow a colon).',
    );
  }
  return category;
}

export const pauseCommand: CommandDefinition = {
  name: 'pause',
  usage: PAUSE_USAGE,
  summary:
    "Stops a review's clock for a parallel process: criminal proceedings, fatal accident inquiry, other statutory review, or other.",
  requires: CLOCK_KEEPERS,
  actsOnReview: true,
  work: 'pause_clock',
  form: () => commandForm('pause', "Pause a review's clock", PAUSE_USAGE),
  async run(ctx, { args, review }) {
    const { head, note } = splitNote(args);
    const when = whenItHappened(ctx, head, 'The start of the pause', review!);
    const category = readPauseCategory(when.rest);
    await ctx.store.reviews.pauseClock(ctx.tenantId, ctx.person.id, review!.id, {
      category,
      note,
      startedAt: when.at,
    });
    // A pause dated today whose note ends as a date would (or as one meant): say where the date goes.
    const inNote = note !== null && !when.dated ? dateAtEnd(note, ctx.now(), ctx.timeZone) : null;
    const noteLooksDated = inNote !== null && (!inNote.ok || inNote.date !== null);
    return reviewAnswer(review!, 'Clock paused', {
      dates: [{ label: 'Paused from', when: sayDay(when.at, ctx.timeZone) }],
      details: [`Why: ${PAUSE_CATEGORY_LABELS[category]}${note ? `: ${note}` : ''}`],
      notes: [
        'The 42 days are still judged on calendar days; the reminders wait until the clock restarts. Type resume when it does.',
        ...(noteLooksDated
          ? [
              'The note is kept as written, so the clock is paused from today. To pause it from another day, put on and the date before the colon.',
            ]
          : []),
      ],
    });
  },
};

export const resumeCommand: CommandDefinition = {
  name: 'resume',
  usage: RESUME_USAGE,
  summary: "Restarts a review's paused clock.",
  requires: CLOCK_KEEPERS,
  actsOnReview: true,
  work: 'resume_clock',
  form: () => commandForm('resume', "Restart a review's clock", RESUME_USAGE),
  async run(ctx, { args, review }) {
    const when = whenItHappened(ctx, args, 'The end of the pause', review!);
    if (when.rest !== '') throw new CommandProblem('resume takes only the reference, and perhaps "on" and a date.');
    const pause = await ctx.store.reviews.resumeClock(ctx.tenantId, ctx.person.id, review!.id, when.at);
    return reviewAnswer(review!, 'Clock restarted', {
      dates: [
        { label: 'Paused from', when: sayDay(pause.startedAt, ctx.timeZone) },
        { label: 'Restarted', when: sayDay(when.at, ctx.timeZone) },
      ],
    });
  },
};

/** A step of the review's templates, by its id (as the timeline and the usage show it). */
function stepNamed(ctx: BotTurnContext, review: Review, typed: string) {
  const steps = stepsOf(ctx, review);
  const step = steps.find((s) => s.id === typed.toLowerCase());
  if (!step) {
    throw new CommandProblem(
      `"${typed.slice(0, 60)}" is not a step of ${review.reference}. Its steps include: ${steps
        .slice(0, 6)
        .map((s) => s.id)
        .join(', ')}.`,
    );
  }
  return step;
}

function stepCommand(name: 'done' | 'skip', usage: string, summary: string, menu: boolean): CommandDefinition {
  return {
    name,
    usage,
    summary,
    ...(menu ? { menu: ['personal' as const] } : {}),
    requires: REVIEW_RUNNERS,
    actsOnReview: true,
    work: 'record_step',
    form: () => commandForm(name, name === 'done' ? 'Mark a step done' : 'Skip a step', usage),
    async run(ctx, { args, review }) {
      const when = whenItHappened(ctx, args, name === 'done' ? 'The date it was done' : 'The date', review!);
      if (when.rest === '') throw new CommandProblem('Say which step, as the timeline names it.');
      const step = stepNamed(ctx, review!, when.rest);
      await ctx.store.reviews.recordMilestone(ctx.tenantId, ctx.person.id, review!.id, {
        stepId: step.id,
        completedAt: when.at,
        skipped: name === 'skip',
      });
      return reviewAnswer(review!, name === 'done' ? `Done: ${step.title}` : `Skipped: ${step.title}`, {
        dates: [{ label: name === 'done' ? 'Done' : 'Skipped', when: sayDay(when.at, ctx.timeZone) }],
      });
    },
  };
}

export const doneCommand = stepCommand(
  'done',
  DONE_USAGE,
  'Marks a step of the review done (the step as the timeline names it).',
  // Typed only: the personal menu keeps request, reports and meet, the commands of most days.
  false,
);
export const skipCommand = stepCommand('skip', SKIP_USAGE, 'Marks a step of the review as not needed.', false);

/** A review is closed only once nothing is booked ahead: its meetings are cancelled, moved or held first. */
function refuseMeetingsAhead(ctx: BotTurnContext, review: Review): void {
  const ahead = review.meetings
    .filter((m) => m.status === 'scheduled' && m.startsAt > ctx.now())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (ahead.length === 0) return;
  const named = ahead.map((m) => `the ${meetingKindWords(m.kind)} on ${sayDayAndTime(m.startsAt, ctx.timeZone)}`);
  const [it, its] = ahead.length === 1 ? ['it', 'its'] : ['each', 'their'];
  throw new CommandProblem(
    `${review.reference} still has ${named.join(', ')} booked ahead. Cancel ${it} with cancel-meeting (${its} invitees are told) or move ${it}, then close the review.`,
  );
}

export const closeCommand: CommandDefinition = {
  name: 'close',
  usage: CLOSE_USAGE,
  summary: 'Closes a review once its improvement actions are in hand.',
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  form: () => commandForm('close', 'Close a review', CLOSE_USAGE),
  async run(ctx, { args, review }) {
    const when = whenItHappened(ctx, args, 'The date it closed', review!);
    if (when.rest !== '') throw new CommandProblem('close takes only the reference, and perhaps "on" and a date.');
    refuseMeetingsAhead(ctx, review!);
    await ctx.store.reviews.changeStatus(ctx.tenantId, ctx.person.id, review!.id, { status: 'closed', at: when.at });
    return reviewAnswer(review!, 'Review closed', {
      dates: [{ label: 'Closed', when: sayDay(when.at, ctx.timeZone) }],
    });
  },
};

const NOT_BROUGHT_BACK = 'Reopening the review does not bring its meetings back: book them again with meet.';

/** How many people are told that the review's meetings will not take place. */
function toldOfReviewCancellation(people: number, meetings: number): string {
  if (people === 0) return 'Nobody is told: nobody who had not declined was invited.';
  const who = people === 1 ? '1 person' : `${people} people`;
  return `Telling ${who}, one to one, that ${meetings === 1 ? 'it' : 'they'} will not take place; each gets a file that takes it out of their calendar.`;
}

export const cancelCommand: CommandDefinition = {
  name: 'cancel',
  usage: CANCEL_USAGE,
  summary: 'Cancels a review opened by mistake (a duplicate notification), with the reason.',
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  form: () => commandForm('cancel', 'Cancel a review', CANCEL_USAGE),
  async run(ctx, { args, review }) {
    const when = whenItHappened(ctx, args, 'The date it was cancelled', review!, 'the reason');
    if (when.rest === '') throw new CommandProblem('Say why the review is cancelled, such as duplicate notification.');
    const changed = await ctx.store.reviews.changeStatus(ctx.tenantId, ctx.person.id, review!.id, {
      status: 'cancelled',
      at: when.at,
      reason: when.rest,
    });
    // Its meetings ahead were cancelled with it: each invitee who had not declined is told, one to one.
    const told = new Set<string>();
    const lines: string[] = [];
    for (const meeting of changed.cancelledMeetings) {
      const notices = await tellOfCancellation(ctx, review!.id, meeting);
      for (const notice of notices) for (const a of notice.audience) if (a.personId) told.add(a.personId);
      const invited = meeting.invitations.length;
      lines.push(
        `Meeting cancelled: ${meetingKindWords(meeting.kind)}, ${sayDayAndTime(meeting.startsAt, ctx.timeZone)} (${invited === 0 ? 'nobody invited' : `${notices.length} of ${invited} invited told`})`,
      );
    }
    return reviewAnswer(review!, 'Review cancelled', {
      dates: [{ label: 'Cancelled', when: sayDay(when.at, ctx.timeZone) }],
      details: [
        `Why: ${when.rest}`,
        ...(lines.length === 0
          ? ['No meetings were booked ahead.']
          : [...lines, toldOfReviewCancellation(told.size, lines.length)]),
      ],
      notes: lines.length === 0 ? [] : [NOT_BROUGHT_BACK],
    });
  },
};

/** What reopening a review did not bring back: the meetings cancelled with it, and what retention removed. */
function notBroughtBack(ctx: BotTurnContext, review: Review, emptiedAt: Date | null) {
  const meetings = meetingsCancelledWith(review);
  const [them, stay] = meetings.length === 1 ? ['it', 'stays'] : ['them', 'stay'];
  return {
    details: meetings.map(
      (m) => `Still cancelled: ${meetingKindWords(m.kind)}, ${sayDayAndTime(m.startsAt, ctx.timeZone)}`,
    ),
    notes: [
      ...(meetings.length === 0
        ? []
        : [
            `The ${meetings.length === 1 ? 'meeting' : 'meetings'} cancelled with the review ${stay} cancelled: book ${them} again with meet.`,
          ]),
      ...(emptiedAt === null
        ? []
        : [
            `Its earlier reports, notes, answers to invitations and who took part were removed on ${sayDay(emptiedAt, ctx.timeZone)} under the committee's retention period: they are no longer held. Add its people again with add.`,
          ]),
    ],
  };
}

export const reopenCommand: CommandDefinition = {
  name: 'reopen',
  usage: REOPEN_USAGE,
  summary:
    'Reopens a closed or cancelled review, with the reason (such as cancelled in error); its reminders start again from now.',
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  form: () => commandForm('reopen', 'Reopen a closed or cancelled review', REOPEN_USAGE),
  async run(ctx, { args, review }) {
    // An open review is refused before the reason is asked for: there is nothing to reopen.
    const allowed = transition(review!, { kind: 'reopen' });
    if (!allowed.ok) throw new CommandProblem(allowed.refusal.reason);
    // Reopening is now: a date at the end of the line is part of the reason, kept as typed.
    const reason = args.trim();
    if (reason === '') throw new CommandProblem('Say why the review is reopened, such as cancelled in error.');
    const ended = review!.closedAt;
    const reopened = await ctx.store.reviews.reopen(ctx.tenantId, ctx.person.id, review!.id, { reason });
    const found = dateAtEnd(reason, ctx.now(), ctx.timeZone);
    const reasonLooksDated = !found.ok || found.date !== null;
    const left = notBroughtBack(ctx, review!, reopened.emptiedAt);
    return reviewAnswer(review!, 'Review reopened', {
      dates: [
        ...(ended === null
          ? []
          : [
              {
                label: review!.status === 'closed' ? 'Had closed' : 'Had been cancelled',
                when: sayDay(ended, ctx.timeZone),
              },
            ]),
        { label: 'Reopened', when: sayDay(ctx.now(), ctx.timeZone) },
      ],
      details: [`Why: ${reason}`, ...left.details],
      notes: [
        `${review!.reference} is open again, ${statusInWords(reopened.status)}. Its reminders start again from now.`,
        ...left.notes,
        ...(reasonLooksDated
          ? ['A review is reopened as of now: the date at the end of the line is kept as part of the reason.']
          : []),
      ],
    });
  },
};
