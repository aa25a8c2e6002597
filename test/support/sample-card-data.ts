/**
 * Data for every card template, shaped as the commands make it, with every sensitive value marked:
 * the scope test looks for the markers in cards rendered for a channel, and the schema test
 * validates each rendered template. A new card needs its sample here (the type says so).
 */
import type { CardName } from '../../src/bot/render-card';

export const PAUSE_NOTE = 'PAUSE-NOTE-criminal-proceedings-against-the-father';
export const PERSON_NAME = 'PERSON-NAME-Jo-Bloggs';
export const ROLE_IN_CASE = 'ROLE-IN-CASE-allocated-social-worker';
export const MEETING_TITLE = 'MEETING-TITLE-Strategy-meeting-at-the-family-home';
export const REPORT_TEXT = 'REPORT-TEXT-the-child-was-seen-on-Tuesday';
export const ACTION_DESCRIPTION = 'ACTION-DESCRIPTION-review-the-family-s-housing-referral';

export const SENSITIVE = [PAUSE_NOTE, PERSON_NAME, ROLE_IN_CASE, MEETING_TITLE, REPORT_TEXT, ACTION_DESCRIPTION];
/** The markers today's templates bind (the rest ride along in case a template starts to). */
export const BOUND_SENSITIVE = [PAUSE_NOTE, PERSON_NAME, ROLE_IN_CASE, ACTION_DESCRIPTION];

const summary = {
  reference: 'LR-2026-001',
  pseudonym: 'Child A',
  kindWords: 'Child Protection',
  stageWords: 'Decision stage',
  countdownWords: 'Day 12 of 42: 30 days left',
  ragWords: 'Green: on track',
  ragColour: 'Good',
  nextDeadlineStep: 'Single-agency reports received',
  nextDeadlineDate: 'Tuesday 17 November 2026',
  lateSteps: '2 (see the timeline)',
  meetingTitle: MEETING_TITLE,
  reportText: REPORT_TEXT,
};

export const SAMPLE_CARD_DATA: Record<CardName, object> = {
  help: { commands: [{ usage: 'status LR-2026-001', summary: "A review's card." }] },
  error: { errorId: 'E-1A2B3C4D' },
  'unknown-command': { command: '/frobnicate' },
  problem: { sentence: 'That is not a review reference.', usage: 'status LR-2026-001' },
  'not-allowed': { neededRole: 'a lead officer', askWho: 'Ana Lead' },
  'new-review-form': { kind: 'cp', notifiedOn: '2026-10-20', pseudonymValue: 'Child A', sentence: 'Give the date.' },
  'reference-form': { command: 'status' },
  review: {
    ...summary,
    opened: true,
    notifiedDate: 'Tuesday 20 October 2026',
    decisionDueDate: 'Tuesday 1 December 2026',
    originalDecisionDueDate: 'Friday 27 November 2026',
    decidedDate: '',
    daysUsed: '12 days',
    daysLeft: '30 days',
    pausedSince: 'Monday 2 November 2026',
    pauseReason: PAUSE_NOTE,
  },
  'review-list': {
    reviews: [summary, { ...summary, reference: 'LR-2026-002', pseudonym: 'Adult B' }],
    empty: false,
    page: '1',
    pages: '2',
    hasMore: true,
    nextPage: '2',
  },
  timeline: {
    ...summary,
    steps: [
      {
        step: 'Consideration Meeting held',
        plannedDate: 'Tuesday 1 December 2026',
        originalDate: 'Friday 27 November 2026',
        actualDate: '',
        statusWords: 'Upcoming',
        ragColour: 'Good',
        meetingTitle: MEETING_TITLE,
      },
    ],
  },
  history: {
    reference: 'LR-2026-001',
    pseudonym: 'Child A',
    entries: [
      { when: 'Tuesday 20 October 2026 at 10:02', who: PERSON_NAME, what: `gave someone the role of ${ROLE_IN_CASE}` },
    ],
    empty: false,
  },
  'details-offer': { detailsCommand: 'status LR-2026-001', withheld: 'some' },
  'details-sent': { sent: true },
  // Reminders go one to one only; in a shared scope the same rules would still hold back what they name.
  reminder: {
    rule: 'meeting.reminder',
    reference: 'LR-2026-001',
    subjectPseudonym: 'Child A',
    meetingKindName: 'Consideration Meeting',
    meetingStarts: 'Friday 27 November 2026 at 10:00',
    meetingDaysAway: 1,
    meetingTitle: MEETING_TITLE,
    pauseNote: PAUSE_NOTE,
    agencyName: 'Police Scotland',
    dueOn: 'Tuesday 17 November 2026',
    originalDueOn: '',
    daysUntilDue: 2,
    daysOverdue: -2,
    deadline: 'Tuesday 1 December 2026',
    originalDeadline: '',
    standardDays: 42,
    daysLeft: 4,
    daysUsed: 60,
    pausedDays: 18,
    pauseCategory: 'criminal_proceedings',
    invited: 3,
    attending: 1,
    notAttending: 1,
    tentative: 0,
    noAnswer: 1,
  },
  'unreachable-notice': {
    reference: 'LR-2026-001',
    subjectPseudonym: 'Child A',
    who: `${PERSON_NAME} (senior manager)`,
    reason: 'they have blocked the bot',
  },
  'weekly-digest': {
    weekOf: 'Monday 16 November 2026',
    count: 2,
    rows: [
      {
        reference: 'LR-2026-001',
        subjectPseudonym: 'Child A',
        stage: 'decision',
        rag: 'red',
        paused: false,
        standardDays: 42,
        daysUsed: 46,
        daysLeft: -4,
        daysOver: 4,
        monthsSinceDecision: null,
      },
      {
        reference: 'LR-2026-002',
        subjectPseudonym: 'Adult B',
        stage: 'review',
        rag: 'green',
        paused: true,
        standardDays: null,
        daysUsed: null,
        daysLeft: null,
        daysOver: null,
        monthsSinceDecision: 3,
      },
    ],
  },
  'oversight-digest': {
    quarterOf: 'Friday 15 January 2027',
    reviewCount: 1,
    actionCount: 1,
    reviews: [
      {
        reference: 'LR-2026-001',
        subjectPseudonym: 'Child A',
        stage: 'improvement',
        rag: 'red',
        paused: false,
        standardDays: null,
        daysUsed: null,
        daysLeft: null,
        daysOver: null,
        monthsSinceDecision: 4,
      },
    ],
    actions: [
      {
        reference: 'LR-2026-001',
        subjectPseudonym: 'Child A',
        description: ACTION_DESCRIPTION,
        agreedOn: 'Monday 14 September 2026',
        dueOn: 'Thursday 31 December 2026',
        overdue: true,
      },
    ],
  },
  invitation: {
    kindName: 'Practitioner Event',
    reference: 'LR-2026-001',
    referenceValue: 'LR-2026-001',
    subjectPseudonym: 'Child A',
    meetingTitle: MEETING_TITLE,
    when: 'Tuesday 1 December 2026 at 10:00 to 15:00',
    venue: 'Room 2, Council Offices',
    onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc',
    organiser: PERSON_NAME,
    leadOfficer: PERSON_NAME,
    isEvent: true,
    supporter: PERSON_NAME,
    agencyName: 'Police Scotland',
    supportContact: 'Wellbeing team, 0131 000 0000',
    employeeAssistance: 'Employee Assistance Programme, 0800 000 000',
    answerWords: 'Attending',
    answeredAt: 'Friday 27 November 2026 at 18:40',
    noteValue: 'On leave in the morning',
    meetingId: 'meeting-1',
    personId: 'person-1',
    calendarUrl: 'https://bot.example.org/calendar/t/meeting-1.ics?expires=1&signature=x',
  },
  'invitation-reply': {
    situation: 'which',
    understoodWords: 'Attending',
    count: 2,
    answerWords: 'Attending',
    kindName: 'Practitioner Event',
    when: 'Tuesday 8 December 2026 at 10:00',
    reference: 'LR-2026-001',
    rows: [
      {
        kindName: 'Practitioner Event',
        when: 'Tuesday 8 December 2026 at 10:00',
        reference: 'LR-2026-001',
        subjectPseudonym: 'Child A',
        answerWords: '',
        buttons: [{ title: 'Attending', meetingId: 'meeting-1', personId: 'person-1', response: 'attending' }],
      },
    ],
  },
  attendance: {
    kindName: 'Consideration Meeting',
    when: 'Tuesday 1 December 2026 at 10:00',
    reference: 'LR-2026-001',
    pseudonym: 'Child A',
    invited: 3,
    attending: 1,
    notAttending: 1,
    tentative: 0,
    noAnswer: 1,
    people: [{ name: PERSON_NAME, answerWords: 'Attending', note: 'Arriving late' }],
    withNames: true,
  },
  'concern-received': { procedures: 'Child Protection', alerted: true, reference: 'LR-2026-001' },
  'concern-alert': {
    raisedBy: PERSON_NAME,
    reference: 'LR-2026-001',
    subjectPseudonym: 'Child A',
    when: 'Friday 27 November 2026 at 18:40',
    procedures: 'Child Protection',
  },
};
