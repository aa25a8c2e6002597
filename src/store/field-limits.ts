/**
 * How much the store accepts, field by field. The numbers are product decisions: generous for what
 * a person types, tight for what must stay anonymous or travel in a card. The README quotes them.
 */
export const FIELD_LIMITS = {
  /** "Child A", "Adult B": short by design, so nobody is tempted to type a real name. */
  subjectPseudonym: 40,
  reason: 500,
  meetingTitle: 200,
  /** A few words with an answer to an invitation ("on leave that week"). */
  invitationNote: 500,
  /** A Teams meeting's join link runs to about 300 characters. */
  onlineLink: 1_000,
  actionDescription: 2_000,
  milestoneNote: 1_000,
  agencyName: 120,
  dayOffName: 80,
  /** A committee's own days off, over the years it keeps them. */
  daysOff: 500,
  displayName: 200,
  email: 254,
  submissionText: 20_000,
  attachmentName: 255,
  attachmentContentType: 100,
  attachmentBytes: 10 * 1024 * 1024,
  /** Ids from Teams (`29:…`, `a:…`) run to about 150 characters. */
  externalId: 300,
  slug: 64,
  actor: 300,
  reminderKey: 300,
  deliveryError: 1_000,
  conversationReferenceBytes: 16 * 1024,
  reminderFactsBytes: 8 * 1024,
  reminderAudience: 100,
  /** The weekly digest goes to every chair and lead officer of the committee. */
  committeeMessageAudience: 1_000,
  turnStateBytes: 1024 * 1024,
} as const;

/**
 * Instants and calendar dates must fall in this window. It rejects typos such as 20266 or 1926,
 * and it keeps every stored instant at the fixed width that makes text order equal time order.
 */
export const DATE_RANGE = { from: '2000-01-01', to: '2199-12-31' } as const;
