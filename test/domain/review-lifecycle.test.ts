/**
 * The lifecycle, written once in the domain: every status against every way of moving a review,
 * and a sentence for each refusal that says what is allowed from here. A reopened review's
 * reminders start afresh from the reopening.
 */
import {
  dueReminders,
  endedReviewRefusal,
  type LifecycleChange,
  REVIEW_STATUSES,
  type Review,
  type ReviewStatus,
  type ReviewWork,
  transition,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { reviewWith } from '../fixtures/synthetic-reviews';

const at = (iso: string) => new Date(iso);
const proceed = { outcome: 'proceed' as const, decidedAt: at('2026-11-20T10:00:00Z') };
const notProceed = { outcome: 'not_proceed' as const, decidedAt: at('2026-11-20T10:00:00Z') };

/** Each status as it is reached: in review and improvement after their decisions. */
const reviews: Array<[string, Pick<Review, 'status' | 'decision' | 'reference'>]> = [
  ['decision stage', { status: 'decision_stage', decision: null, reference: 'LR-2026-007' }],
  ['in review', { status: 'in_review', decision: proceed, reference: 'LR-2026-007' }],
  ['improvement (not to proceed)', { status: 'improvement', decision: notProceed, reference: 'LR-2026-007' }],
  ['closed', { status: 'closed', decision: notProceed, reference: 'LR-2026-007' }],
  ['cancelled before a decision', { status: 'cancelled', decision: null, reference: 'LR-2026-007' }],
  ['cancelled in review', { status: 'cancelled', decision: proceed, reference: 'LR-2026-007' }],
];

const changes: Array<[string, LifecycleChange]> = [
  ['decide to proceed', { kind: 'decision', outcome: 'proceed' }],
  ['decide not to proceed', { kind: 'decision', outcome: 'not_proceed' }],
  ...REVIEW_STATUSES.map((to): [string, LifecycleChange] => [`move to ${to}`, { kind: 'status', to }]),
  ['reopen', { kind: 'reopen' }],
];

/** Where each change may take each review; everything not listed is refused. */
const ALLOWED: Record<string, Record<string, ReviewStatus>> = {
  'decision stage': {
    'decide to proceed': 'in_review',
    'decide not to proceed': 'improvement',
    'move to cancelled': 'cancelled',
  },
  'in review': { 'move to improvement': 'improvement', 'move to cancelled': 'cancelled' },
  'improvement (not to proceed)': { 'move to closed': 'closed' },
  closed: { reopen: 'improvement' },
  'cancelled before a decision': { reopen: 'decision_stage' },
  'cancelled in review': { reopen: 'in_review' },
};

describe('the review lifecycle', () => {
  const cases = reviews.flatMap(([name, review]) =>
    changes.map(([label, change]): [string, string, typeof review, LifecycleChange] => [name, label, review, change]),
  );

  it.each(cases)('%s: %s', (name, label, review, change) => {
    const result = transition(review, change);
    const expected = ALLOWED[name][label];
    if (expected) {
      expect(result).toEqual({ ok: true, status: expected });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The refusal names the review and where it stands, and lists every way on from here.
    expect(result.refusal.from).toBe(review.status);
    expect(result.refusal.allowed).toEqual([...new Set(Object.values(ALLOWED[name]))]);
    expect(result.refusal.reason).toMatch(/^LR-2026-007 is (already )?/);
    expect(result.refusal.reason).toMatch(/From here you can /);
  });

  it.each([
    [
      reviews[0][1],
      { kind: 'status', to: 'in_review' },
      'LR-2026-007 is in the decision stage, so it cannot be moved into review. From here you can record a decision to proceed (it then moves into review); record a decision not to proceed (it then moves to improvement); or cancel it.',
    ],
    [
      reviews[3][1],
      { kind: 'decision', outcome: 'proceed' },
      'LR-2026-007 is closed, so it cannot be given a decision. From here you can reopen it, giving a reason.',
    ],
    [
      reviews[1][1],
      { kind: 'status', to: 'closed' },
      'LR-2026-007 is in review, so it cannot be closed. From here you can move it to improvement once the review is done; or cancel it.',
    ],
    [
      reviews[4][1],
      { kind: 'status', to: 'cancelled' },
      'LR-2026-007 is already cancelled. From here you can reopen it, giving a reason.',
    ],
    [
      reviews[1][1],
      { kind: 'reopen' },
      'LR-2026-007 is open (in review): there is nothing to reopen. From here you can move it to improvement once the review is done; or cancel it.',
    ],
    [
      reviews[2][1],
      { kind: 'reopen' },
      'LR-2026-007 is open (at the improvement stage): there is nothing to reopen. From here you can close it.',
    ],
  ] as const)('says what is allowed from here: %#', (review, change, sentence) => {
    const result = transition(review, change);
    expect(result.ok ? 'allowed' : result.refusal.reason).toBe(sentence);
  });
});

describe('the work an ended review refuses until it is reopened', () => {
  const WORK: ReviewWork[] = [
    'book_meeting',
    'move_meeting',
    'invite',
    'request_report',
    'change_due_date',
    'name_author',
    'pause_clock',
    'resume_clock',
    'record_step',
    'improvement_action',
  ];
  const open = reviews.filter(([, review]) => review.status !== 'closed' && review.status !== 'cancelled');
  const ended = reviews.filter(([, review]) => review.status === 'closed' || review.status === 'cancelled');

  it.each(open.flatMap(([name, review]) => WORK.map((work) => [name, work, review] as const)))(
    'takes it while %s: %s',
    (_name, work, review) => {
      expect(endedReviewRefusal(review, work)).toBeNull();
    },
  );

  it.each(ended.flatMap(([name, review]) => WORK.map((work) => [name, work, review] as const)))(
    'refuses it once %s: %s, saying how to reopen it',
    (_name, work, review) => {
      const sentence = endedReviewRefusal(review, work);
      expect(sentence).toMatch(
        new RegExp(
          `^LR-2026-007 is ${review.status}, so .+\\. From here you can reopen it, giving a reason\\. Type reopen LR-2026-007 and the reason\\.$`,
        ),
      );
    },
  );

  it.each([
    [reviews[4][1], 'book_meeting', 'LR-2026-007 is cancelled, so no meeting can be booked for it.'],
    [reviews[5][1], 'move_meeting', 'LR-2026-007 is cancelled, so its meetings cannot be moved.'],
    [reviews[4][1], 'invite', 'LR-2026-007 is cancelled, so nobody can be invited to its meetings.'],
    [reviews[3][1], 'request_report', 'LR-2026-007 is closed, so no agency can be asked for a report.'],
    [reviews[3][1], 'change_due_date', "LR-2026-007 is closed, so its reports' due dates cannot be changed."],
    [reviews[5][1], 'name_author', 'LR-2026-007 is cancelled, so no author can be named for its reports.'],
    [reviews[3][1], 'pause_clock', 'LR-2026-007 is closed, so its clock cannot be paused.'],
    [reviews[4][1], 'resume_clock', 'LR-2026-007 is cancelled, so its clock cannot be restarted.'],
    [reviews[3][1], 'record_step', 'LR-2026-007 is closed, so its steps cannot be marked done or skipped.'],
    [
      reviews[3][1],
      'improvement_action',
      'LR-2026-007 is closed, so its improvement actions cannot be added or changed.',
    ],
  ] as const)('names what it refuses: %#', (review, work, first) => {
    expect(endedReviewRefusal(review, work)).toBe(
      `${first} From here you can reopen it, giving a reason. Type reopen LR-2026-007 and the reason.`,
    );
  });

  it('ends its sentence as the lifecycle ends a refused decision: with what can be done from here', () => {
    const decision = transition(reviews[3][1], { kind: 'decision', outcome: 'proceed' });
    const fromHere = decision.ok ? '' : decision.refusal.reason.split('. ')[1];
    expect(endedReviewRefusal(reviews[3][1], 'record_step')).toContain(`. ${fromHere}`);
  });
});

describe('a reopened review', () => {
  const context = createEngineContext();
  // Notified 20 October (deadline 1 December), cancelled, then reopened on Friday 20 November at 11:00.
  const cancelled = reviewWith({ status: 'cancelled', closedAt: at('2026-11-02T10:00:00Z') });
  const reopened = reviewWith({ reopenedAt: at('2026-11-20T11:00:00Z') });
  const said = (review: Review, now: string) =>
    dueReminders(review, context, at(now)).map((intent) => [
      intent.rule,
      intent.dueAt.toISOString(),
      intent.facts.daysLeft,
    ]);

  it('says nothing while cancelled', () => {
    expect(said(cancelled, '2026-11-20T12:00:00Z')).toEqual([]);
  });

  it('starts its reminders afresh from the reopening: nothing dated while it was closed', () => {
    expect(said(reopened, '2026-11-20T10:59:00Z')).toEqual([]);
    expect(said(reopened, '2026-11-20T12:00:00Z')).toEqual([['deadline42.no-meeting', '2026-11-20T11:00:00.000Z', 11]]);
    // Still the latest of its series on the 24th, counted as of then (a sweep that had missed the
    // 20th would send it with the count true on the day it goes out).
    expect(said(reopened, '2026-11-24T09:00:00Z')).toEqual([
      ['deadline42.days-left', '2026-11-24T09:00:00.000Z', 7],
      ['deadline42.no-meeting', '2026-11-20T11:00:00.000Z', 7],
    ]);
  });
});
