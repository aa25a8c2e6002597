import { type MilestoneView, type Review, timeline, UnknownTemplateError } from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

function milestone(review: Review, now: string, stepId: string): MilestoneView {
  const view = timeline(review, context, at(now));
  const all = [...view.decisionStage.milestones, ...(view.reviewStage?.milestones ?? [])];
  const found = all.find((entry) => entry.stepId === stepId);
  if (!found) throw new Error(`no milestone ${stepId}`);
  return found;
}

function inReview(templateId: string, decidedAt: string, overrides: Partial<Review> = {}): Review {
  return reviewWith({
    status: 'in_review',
    reviewTemplateId: templateId,
    decision: { outcome: 'proceed', decidedAt: at(decidedAt) },
    ...overrides,
  });
}

describe('the 42-day countdown (001 §6)', () => {
  const review = reviewWith({ notifiedAt: at('2026-10-20T10:00:00Z') });

  it('puts the decision date of a notification on 2026-10-20 on 2026-12-01', () => {
    const { countdown } = timeline(review, context, at('2026-11-16T12:00:00Z')).decisionStage;
    expect(countdown).toMatchObject({
      standardDays: 42,
      notifiedDate: '2026-10-20',
      deadline: { original: '2026-12-01', adjusted: '2026-12-01' },
      daysUsed: 27,
      daysLeft: 15,
      pausedDays: 0,
      met: null,
    });
  });

  it('stops counting on the day a review was cancelled or closed before its decision', () => {
    const later = at('2027-02-01T12:00:00Z');
    const cancelled = { ...review, status: 'cancelled' as const, closedAt: at('2026-11-16T15:00:00Z') };
    expect(timeline(cancelled, context, later).decisionStage.countdown).toMatchObject({
      daysUsed: 27,
      daysLeft: 15,
      met: null,
    });
    // A pause still running when it was cancelled stops moving the planning date then.
    const paused = {
      ...cancelled,
      pauses: [
        {
          id: 'p1',
          category: 'criminal_proceedings' as const,
          note: null,
          startedAt: at('2026-11-06T09:00:00Z'),
          endedAt: null,
        },
      ],
    };
    expect(timeline(paused, context, later).decisionStage.countdown).toMatchObject({
      deadline: { original: '2026-12-01', adjusted: '2026-12-11' },
      pausedDays: 10,
      paused: false,
    });
    // Still counting while it is open, whatever closedAt says.
    const reopened = { ...cancelled, status: 'decision_stage' as const, closedAt: null };
    expect(timeline(reopened, context, later).decisionStage.countdown.daysUsed).toBe(104);
  });

  it('counts days in the committee’s zone: 23:30 UTC on 31 May is 1 June in London', () => {
    const late = reviewWith({ notifiedAt: at('2026-05-31T23:30:00Z') });
    const { countdown } = timeline(late, context, at('2026-06-01T12:00:00Z')).decisionStage;
    expect(countdown.notifiedDate).toBe('2026-06-01');
    expect(countdown.deadline.original).toBe('2026-07-13');
    expect(countdown.daysUsed).toBe(0);
  });

  it('rates green, amber with 14 days left, red with no meeting booked at 14 days left or when overdue', () => {
    const booked = { ...review, meetings: [meetingWith({ scheduledAt: at('2026-10-27T14:00:00Z') })] };
    expect(timeline(booked, context, at('2026-11-10T12:00:00Z')).decisionStage.countdown.rag).toBe('green');
    expect(timeline(booked, context, at('2026-11-17T12:00:00Z')).decisionStage.countdown.rag).toBe('amber');
    expect(timeline(review, context, at('2026-11-17T12:00:00Z')).decisionStage.countdown.rag).toBe('red');
    expect(timeline(booked, context, at('2026-12-02T12:00:00Z')).decisionStage.countdown).toMatchObject({
      rag: 'red',
      daysLeft: -1,
      daysUsed: 43,
    });
  });

  it('flags a Consideration Meeting booked after day 42', () => {
    const late = { ...review, meetings: [meetingWith({ startsAt: at('2026-12-03T10:00:00Z') })] };
    const { countdown } = timeline(late, context, at('2026-11-01T12:00:00Z')).decisionStage;
    expect(countdown).toMatchObject({ considerationMeetingAfterDeadline: true, rag: 'red' });
    expect(milestone(late, '2026-11-01T12:00:00Z', 'consideration-meeting').rag).toBe('amber');
  });

  it('records whether the decision met the standard', () => {
    const decided = { ...review, decision: { outcome: 'not_proceed' as const, decidedAt: at('2026-11-30T15:00:00Z') } };
    const { countdown } = timeline(decided, context, at('2027-01-10T12:00:00Z')).decisionStage;
    expect(countdown).toMatchObject({ decidedDate: '2026-11-30', daysUsed: 41, daysLeft: 1, met: true, rag: 'green' });
  });

  it('judges the standard on calendar days: an 18-day pause and a decision on day 60 is not met, and says why (001 §6)', () => {
    const pause = {
      id: 'p1',
      category: 'criminal_proceedings' as const,
      note: 'Trial of the father',
      startedAt: at('2026-11-01T09:00:00Z'),
      endedAt: at('2026-11-19T09:00:00Z'),
    };
    // Notified 20 October; day 60 is 19 December, which is also the date the pause moved the plan to.
    const decided = {
      ...review,
      pauses: [pause],
      decision: { outcome: 'not_proceed' as const, decidedAt: at('2026-12-19T11:00:00Z') },
    };
    const { countdown } = timeline(decided, context, at('2027-01-10T12:00:00Z')).decisionStage;
    expect(countdown).toMatchObject({
      met: false,
      rag: 'red',
      daysUsed: 60,
      daysLeft: -18,
      pausedDays: 18,
      pauseCategories: ['criminal_proceedings'],
      // The planning aid, labelled as such: the date the pause moved the plan to, which was kept.
      deadline: { original: '2026-12-01', adjusted: '2026-12-19' },
      plannedDaysLeft: 0,
    });
    // The shared view names the category only; the note stays with the review's members.
    const view = timeline(decided, context, at('2027-01-10T12:00:00Z'));
    expect(view.pauses).toEqual([
      expect.objectContaining({ category: 'criminal_proceedings', days: 18, stage: 'decision' }),
    ]);
    expect(JSON.stringify(view)).not.toContain('Trial of the father');
  });

  it('moves the planning date by a finished pause, keeps the standard’s own date, and counts real days', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p1',
          category: 'criminal_proceedings' as const,
          note: 'criminal proceedings',
          startedAt: at('2026-11-01T09:00:00Z'),
          endedAt: at('2026-11-11T16:00:00Z'),
        },
      ],
    };
    const view = timeline(paused, context, at('2026-11-16T12:00:00Z'));
    expect(view.decisionStage.countdown).toMatchObject({
      deadline: { original: '2026-12-01', adjusted: '2026-12-11' },
      pausedDays: 10,
      daysUsed: 27,
      daysLeft: 15,
      plannedDaysLeft: 25,
      paused: false,
    });
    expect(view.pauses).toEqual([expect.objectContaining({ id: 'p1', days: 10 })]);
    expect(milestone(paused, '2026-11-16T12:00:00Z', 'consideration-meeting')).toMatchObject({
      originalDate: '2026-12-01',
      plannedDate: '2026-12-11',
    });
  });

  it('keeps counting real days while the clock is paused; only the planning date stands still', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p1',
          category: 'fatal_accident_inquiry' as const,
          note: 'FAI',
          startedAt: at('2026-11-01T09:00:00Z'),
          endedAt: null,
        },
      ],
    };
    const first = timeline(paused, context, at('2026-11-05T12:00:00Z')).decisionStage.countdown;
    const later = timeline(paused, context, at('2026-11-25T12:00:00Z')).decisionStage.countdown;
    expect(first).toMatchObject({
      paused: true,
      daysLeft: 26,
      plannedDaysLeft: 30,
      deadline: { adjusted: '2026-12-05' },
    });
    expect(later).toMatchObject({
      paused: true,
      daysLeft: 6,
      plannedDaysLeft: 30,
      deadline: { adjusted: '2026-12-25' },
    });
    expect(later.pauseCategories).toEqual(['fatal_accident_inquiry']);
  });

  it('freezes the countdown at the decision: pauses after it do not move the deadline or the days used', () => {
    const decidedAt = at('2026-11-16T15:00:00Z');
    const before = {
      id: 'p1',
      category: 'criminal_proceedings' as const,
      note: 'criminal proceedings',
      startedAt: at('2026-11-01T09:00:00Z'),
      endedAt: at('2026-11-06T09:00:00Z'),
    };
    const after = {
      id: 'p2',
      category: 'criminal_proceedings' as const,
      note: 'criminal proceedings',
      startedAt: at('2026-12-01T09:00:00Z'),
      endedAt: at('2027-04-01T09:00:00Z'),
    };
    const decided = {
      ...review,
      status: 'in_review' as const,
      reviewTemplateId: 'tier-2-3',
      decision: { outcome: 'proceed' as const, decidedAt },
    };
    const frozen = {
      deadline: { original: '2026-12-01', adjusted: '2026-12-06' },
      pausedDays: 5,
      daysLeft: 15,
      plannedDaysLeft: 20,
      daysUsed: 27,
      decidedDate: '2026-11-16',
      met: true,
    };
    const atDecision = timeline({ ...decided, pauses: [before] }, context, at('2026-11-16T16:00:00Z')).decisionStage
      .countdown;
    expect(atDecision).toMatchObject(frozen);
    const longAfter = timeline({ ...decided, pauses: [before, after] }, context, at('2027-05-01T12:00:00Z'))
      .decisionStage.countdown;
    expect(longAfter).toMatchObject(frozen);
    const stillPaused = timeline(
      { ...decided, pauses: [before, { ...after, endedAt: null }] },
      context,
      at('2027-05-01T12:00:00Z'),
    ).decisionStage.countdown;
    expect(stillPaused).toMatchObject(frozen);
    // A pause running when the decision is made counts up to the decision day only.
    const across = { ...before, startedAt: at('2026-11-10T09:00:00Z'), endedAt: at('2026-12-20T09:00:00Z') };
    expect(
      timeline({ ...decided, pauses: [across] }, context, at('2027-01-10T12:00:00Z')).decisionStage.countdown,
    ).toMatchObject({
      deadline: { original: '2026-12-01', adjusted: '2026-12-07' },
      pausedDays: 6,
      daysLeft: 15,
      plannedDaysLeft: 21,
      daysUsed: 27,
    });
  });

  it('lists each pause with the days it moved the deadline: a running one up to today, one not begun yet none', () => {
    const pauses = [
      {
        id: 'done',
        category: 'criminal_proceedings' as const,
        note: 'trial',
        startedAt: at('2026-10-25T09:00:00Z'),
        endedAt: at('2026-10-28T16:00:00Z'),
      },
      {
        id: 'running',
        category: 'criminal_proceedings' as const,
        note: 'trial',
        startedAt: at('2026-11-01T09:00:00Z'),
        endedAt: at('2026-11-30T09:00:00Z'),
      },
    ];
    const view = timeline({ ...review, pauses }, context, at('2026-11-05T12:00:00Z'));
    expect(view.pauses.map((pause) => [pause.id, pause.days])).toEqual([
      ['done', 3],
      ['running', 4],
    ]);
    expect(view.decisionStage.countdown.pausedDays).toBe(7);
    expect(
      timeline({ ...review, pauses }, context, at('2026-10-20T12:00:00Z')).pauses.map((pause) => pause.days),
    ).toEqual([0, 0]);
  });

  it('does not let a pause begun after the deadline rescue it', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p1',
          category: 'other' as const,
          note: 'late',
          startedAt: at('2026-12-05T09:00:00Z'),
          endedAt: at('2026-12-10T09:00:00Z'),
        },
      ],
    };
    expect(timeline(paused, context, at('2026-12-12T12:00:00Z')).decisionStage.countdown.deadline.adjusted).toBe(
      '2026-12-01',
    );
  });
});

describe('milestone status and RAG', () => {
  const review = reviewWith({ notifiedAt: at('2026-10-20T10:00:00Z') });

  it('marks the notification done at once and plans the rest from it', () => {
    expect(milestone(review, '2026-10-20T12:00:00Z', 'notification-received')).toMatchObject({
      status: 'done',
      rag: 'green',
      completedDate: '2026-10-20',
    });
    // 2 working days after Tuesday 20 October
    expect(milestone(review, '2026-10-20T12:00:00Z', 'notification-acknowledged')).toMatchObject({
      plannedDate: '2026-10-22',
      status: 'due',
      rag: 'amber',
    });
    expect(milestone(review, '2026-10-20T12:00:00Z', 'recommendation-report')).toMatchObject({
      plannedDate: '2026-11-24',
      status: 'upcoming',
      rag: 'green',
    });
  });

  it('is late (red) the day after its planned date, with the days counted', () => {
    expect(milestone(review, '2026-10-26T12:00:00Z', 'notification-acknowledged')).toMatchObject({
      status: 'late',
      rag: 'red',
      daysLate: 4,
    });
  });

  it('takes completion from the facts: reports requested and all submitted', () => {
    const reports = {
      ...review,
      reportRequests: [
        reportRequestWith({
          id: 'r1',
          requestedAt: at('2026-10-23T10:00:00Z'),
          status: 'submitted',
          submittedAt: at('2026-11-12T10:00:00Z'),
        }),
        reportRequestWith({ id: 'r2', requestedAt: at('2026-10-26T10:00:00Z'), status: 'withdrawn' }),
      ],
    };
    expect(milestone(reports, '2026-11-16T12:00:00Z', 'reports-requested')).toMatchObject({
      status: 'done',
      completedDate: '2026-10-23',
    });
    expect(milestone(reports, '2026-11-16T12:00:00Z', 'reports-due')).toMatchObject({
      status: 'done',
      completedDate: '2026-11-12',
      rag: 'amber',
      daysLate: 2,
    });
  });

  it('shows a recorded skip as skipped', () => {
    const skipped = { ...review, milestones: [{ stepId: 'recommendation-report', completedAt: null, skipped: true }] };
    expect(milestone(skipped, '2026-12-20T12:00:00Z', 'recommendation-report')).toMatchObject({
      status: 'skipped',
      rag: 'green',
    });
  });

  it('refuses a review whose template is not loaded', () => {
    expect(() => timeline({ ...review, decisionTemplateId: 'nope' }, context, at('2026-11-01T00:00:00Z'))).toThrow(
      UnknownTemplateError,
    );
  });
});

describe('Tier 1: its weeks and its 3 months run from the notification (000)', () => {
  // Notified on Monday 12 January 2026, decided on Monday 2 February (week 3): week N ends N weeks
  // after the notification, whenever the decision came.
  const notifiedAt = at('2026-01-12T10:00:00Z');
  const review = inReview('tier-1', '2026-02-02T14:00:00Z', { notifiedAt });
  it.each([
    ['decision-meeting', '2026-02-09'],
    ['terms-of-reference', '2026-02-09'],
    ['workshop-scheduled', '2026-02-09'],
    ['information-reviewed', '2026-02-23'],
    ['family-contact-strategy', '2026-02-23'],
    ['learning-workshop', '2026-03-02'],
    ['learning-summary-drafted', '2026-03-09'],
    ['learning-summary-agreed', '2026-03-16'],
    // The committee's closing steps (001 §8–§11), in weeks 10–12.
    ['report-presented-to-committee', '2026-03-23'],
    ['report-presented-to-csog', '2026-03-30'],
    ['report-to-care-inspectorate', '2026-04-06'],
    ['feedback-to-staff', '2026-04-06'],
    ['learning-disseminated', '2026-04-06'],
  ])('%s is planned for %s', (stepId, date) => {
    expect(milestone(review, '2026-02-03T12:00:00Z', stepId).plannedDate).toBe(date);
  });

  it('fits feedback and dissemination inside the 3 months from the notification', () => {
    const view = timeline(review, context, at('2026-02-03T12:00:00Z')).reviewStage!;
    expect(view.timescale).toMatchObject({
      countsFrom: 'notification',
      startDate: '2026-01-12',
      decidedDate: '2026-02-02',
      target: { original: '2026-04-12', adjusted: '2026-04-12' },
      limit: null,
    });
    const required = view.milestones.filter((m) => !m.optional);
    expect(required.every((m) => m.plannedDate! <= '2026-04-12')).toBe(true);
  });

  it('never extends the 3 months for a late decision: it shows how much is left, and the weeks already past are late', () => {
    // Decided on day 50 (3 March 2026), after the weeks 1–4 the meeting that decides belongs in.
    const late = inReview('tier-1', '2026-03-03T14:00:00Z', { notifiedAt });
    const view = timeline(late, context, at('2026-03-03T16:00:00Z')).reviewStage!;
    expect(view.timescale).toMatchObject({
      target: { original: '2026-04-12' },
      daysElapsed: 50,
      daysLeftToTarget: 40,
      rag: 'green',
    });
    expect(milestone(late, '2026-03-03T16:00:00Z', 'decision-meeting')).toMatchObject({
      status: 'done',
      completedDate: '2026-03-03',
      daysLate: 22,
      rag: 'amber',
    });
    expect(milestone(late, '2026-03-03T16:00:00Z', 'terms-of-reference')).toMatchObject({ status: 'late', rag: 'red' });
  });

  it('re-plans the closing steps from the summary’s actual agreement', () => {
    const agreed = {
      ...review,
      milestones: [{ stepId: 'learning-summary-agreed', completedAt: at('2026-03-20T10:00:00Z'), skipped: false }],
    };
    expect(milestone(agreed, '2026-03-21T12:00:00Z', 'report-presented-to-committee').plannedDate).toBe('2026-03-27');
    expect(milestone(agreed, '2026-03-21T12:00:00Z', 'report-presented-to-committee').stage).toBe('closing');
  });
});

describe('Tier 2/3 (000, 001 Appendix 1 and §7)', () => {
  const review = inReview('tier-2-3', '2026-12-01T15:00:00Z');

  it('targets six months and limits nine from the decision', () => {
    expect(timeline(review, context, at('2026-12-02T12:00:00Z')).reviewStage?.timescale).toMatchObject({
      target: { original: '2027-06-01' },
      limit: { original: '2027-09-01' },
      rag: 'green',
    });
  });

  it('plans a meeting from the previous one’s actual date when it was held', () => {
    const rtm1 = meetingWith({
      id: 'rtm1',
      kind: 'review_team_meeting',
      stepId: 'review-team-meeting-1',
      startsAt: at('2027-01-11T10:00:00Z'),
      scheduledAt: at('2026-12-10T10:00:00Z'),
      status: 'held',
    });
    const reviewed = { ...review, meetings: [rtm1] };
    expect(milestone(reviewed, '2027-01-12T12:00:00Z', 'review-team-meeting-1')).toMatchObject({
      status: 'done',
      plannedDate: '2026-12-29',
      completedDate: '2027-01-11',
      daysLate: 13,
      rag: 'amber',
    });
    expect(milestone(reviewed, '2027-01-12T12:00:00Z', 'review-team-meeting-2').plannedDate).toBe('2027-02-01');
  });

  it('hides the review stage until a decision to proceed', () => {
    const undecided = reviewWith({ reviewTemplateId: 'tier-2-3' });
    expect(timeline(undecided, context, at('2026-11-01T12:00:00Z')).reviewStage).toBeNull();
  });

  it('measures the 6–9 months to its completion, so a review done on time stays so in improvement (001 §7, §8)', () => {
    const done = {
      ...review,
      status: 'improvement' as const,
      milestones: [
        { stepId: 'report-presented-to-committee', completedAt: at('2027-05-20T10:00:00Z'), skipped: false },
      ],
    };
    // Long after the six months: the review was complete within them, and stays green.
    expect(timeline(done, context, at('2028-01-10T12:00:00Z')).reviewStage?.timescale).toMatchObject({
      completedDate: '2027-05-20',
      daysElapsed: 170,
      daysLeftToTarget: 12,
      met: true,
      rag: 'green',
    });
    // Complete after the target, within the limit: amber, and met by the 9 months.
    const slower = {
      ...done,
      milestones: [
        { stepId: 'report-presented-to-committee', completedAt: at('2027-07-20T10:00:00Z'), skipped: false },
      ],
    };
    expect(timeline(slower, context, at('2028-01-10T12:00:00Z')).reviewStage?.timescale).toMatchObject({
      met: true,
      rag: 'amber',
    });
  });

  it('shows the raw elapsed days beside the figures a pause adjusted (001 §7)', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p1',
          category: 'fatal_accident_inquiry' as const,
          note: null,
          startedAt: at('2027-01-10T10:00:00Z'),
          endedAt: at('2027-02-09T10:00:00Z'),
        },
      ],
    };
    const view = timeline(paused, context, at('2027-03-01T12:00:00Z'));
    expect(view.reviewStage?.timescale).toMatchObject({
      target: { original: '2027-06-01', adjusted: '2027-07-01' },
      daysElapsed: 90,
      pausedDays: 30,
      daysLeftToTarget: 122,
      rawDaysLeftToTarget: 92,
      completedDate: null,
      met: null,
    });
    expect(view.pauses).toEqual([expect.objectContaining({ category: 'fatal_accident_inquiry', stage: 'review' })]);
  });
});

describe('after the decision (001 §4–§6, §11)', () => {
  const review = reviewWith({ notifiedAt: at('2026-10-20T10:00:00Z') });
  const ids = (r: Review, now: string) => timeline(r, context, at(now)).decisionStage.milestones.map((m) => m.stepId);

  it('plans a summary report to the committee and CSOG, and the improvement actions, only after a decision not to proceed', () => {
    expect(ids(review, '2026-11-01T12:00:00Z')).not.toContain('summary-report-to-committee');
    const notProceed = {
      ...review,
      decision: { outcome: 'not_proceed' as const, decidedAt: at('2026-11-27T15:00:00Z') },
    };
    expect(ids(notProceed, '2026-11-28T12:00:00Z').slice(-5)).toEqual([
      'decision-sent-to-cog',
      'decision-sent-to-care-inspectorate',
      'improvement-actions-agreed',
      'summary-report-to-committee',
      'summary-report-to-csog',
    ]);
    expect(milestone(notProceed, '2026-11-28T12:00:00Z', 'summary-report-to-csog').plannedDate).toBe('2027-01-08');
    const proceed = inReview('tier-2-3', '2026-11-27T15:00:00Z');
    expect(ids(proceed, '2026-11-28T12:00:00Z')).not.toContain('summary-report-to-committee');
    expect(ids(proceed, '2026-11-28T12:00:00Z')).toContain('decision-sent-to-care-inspectorate');
  });

  it('marks the improvement actions agreed once the first is recorded', () => {
    const notProceed = {
      ...review,
      decision: { outcome: 'not_proceed' as const, decidedAt: at('2026-11-27T15:00:00Z') },
      improvementActions: [
        {
          id: 'a1',
          description: 'Refresh training',
          ownerPersonId: null,
          agreedAt: at('2026-11-27T15:00:00Z'),
          dueOn: null,
          status: 'open' as const,
          completedAt: null,
        },
      ],
    };
    expect(milestone(notProceed, '2026-11-30T12:00:00Z', 'improvement-actions-agreed')).toMatchObject({
      status: 'done',
      completedDate: '2026-11-27',
    });
  });
});
