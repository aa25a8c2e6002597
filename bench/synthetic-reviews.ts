/**
 * Synthetic `Review` objects for benchmarks and tests (the store's tests may reuse them).
 * Deterministic: the same arguments always build the same reviews; no clock is read.
 */
import type { Invitation, Meeting, ReportRequest, Review } from '../src/domain/model';

const DAY_MS = 86_400_000;

/** A bare review in the decision stage, with a Lead Officer and a Chair; override any field. */
export function reviewWith(overrides: Partial<Review> = {}): Review {
  return {
    id: 'review-1',
    tenantId: 'tenant-1',
    reference: 'LR-2026-001',
    kind: 'CP',
    status: 'decision_stage',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T10:00:00Z'),
    decisionTemplateId: 'decision-stage',
    reviewTemplateId: null,
    decision: null,
    pauses: [],
    milestones: [],
    meetings: [],
    reportRequests: [],
    improvementActions: [],
    members: [
      { personId: 'person-lead', role: 'lead_officer', agencyId: null },
      { personId: 'person-chair', role: 'chair', agencyId: null },
      { personId: 'person-admin', role: 'administrator', agencyId: null },
    ],
    closedAt: null,
    ...overrides,
  };
}

export function reportRequestWith(overrides: Partial<ReportRequest> = {}): ReportRequest {
  return {
    id: 'report-1',
    agencyId: 'agency-nhs',
    agencyName: 'NHS Lothian',
    authorPersonId: 'person-author',
    seniorManagerPersonId: 'person-sm',
    requestedAt: new Date('2026-10-22T11:00:00Z'),
    dueOn: '2026-11-10',
    status: 'requested',
    submittedAt: null,
    ...overrides,
  };
}

export function meetingWith(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'meeting-1',
    kind: 'consideration_meeting',
    title: 'Consideration Meeting',
    stepId: null,
    startsAt: new Date('2026-11-26T10:00:00Z'),
    endsAt: null,
    scheduledAt: new Date('2026-10-27T14:00:00Z'),
    status: 'scheduled',
    chairPersonId: 'person-chair',
    invitations: [],
    ...overrides,
  };
}

export function invitationWith(overrides: Partial<Invitation> = {}): Invitation {
  return {
    personId: 'person-p1',
    invitedAt: new Date('2026-10-27T14:00:00Z'),
    response: null,
    respondedAt: null,
    ...overrides,
  };
}

export interface SyntheticOptions {
  /** The instant the reviews are seen from; their dates are laid out around it. */
  now: Date;
  /** How many finished items (milestones, held meetings, submitted reports, done actions) each carries. */
  historyItems: number;
  seed?: number;
}

/** `count` reviews spread over the stages, each with a few open items and `historyItems` finished ones. */
export function syntheticReviews(count: number, options: SyntheticOptions): Review[] {
  const random = mulberry32(options.seed ?? 42);
  return Array.from({ length: count }, (_, index) => syntheticReview(index, options, random));
}

function syntheticReview(index: number, { now, historyItems }: SyntheticOptions, random: () => number): Review {
  const at = (days: number) => new Date(now.getTime() + Math.round(days * DAY_MS));
  const stage = index % 3;
  const notifiedAt = at(stage === 0 ? -(5 + random() * 45) : -(60 + random() * 200));
  const decidedAt = new Date(notifiedAt.getTime() + 40 * DAY_MS);
  const id = `review-${index}`;
  const history = Array.from({ length: historyItems }, (_, item) => item);
  return reviewWith({
    id,
    tenantId: `tenant-${index % 7}`,
    reference: `LR-2026-${index}`,
    status: stage === 0 ? 'decision_stage' : stage === 1 ? 'in_review' : 'improvement',
    notifiedAt,
    reviewTemplateId: stage === 0 ? null : 'tier-2-3',
    decision: stage === 0 ? null : { outcome: 'proceed', decidedAt },
    milestones: history.map((item) => ({ stepId: `done-step-${item}`, completedAt: at(-300 + item), skipped: false })),
    reportRequests: [
      reportRequestWith({ id: `${id}-report-open`, requestedAt: at(-20), dueOn: localDate(at(-10 + random() * 20)) }),
      ...history.map((item) =>
        reportRequestWith({
          id: `${id}-report-${item}`,
          requestedAt: at(-400),
          dueOn: localDate(at(-380)),
          status: 'submitted',
          submittedAt: at(-381),
        }),
      ),
    ],
    meetings: [
      meetingWith({
        id: `${id}-meeting-open`,
        kind: stage === 0 ? 'consideration_meeting' : 'review_team_meeting',
        startsAt: at(1 + random() * 10),
        scheduledAt: at(-6),
        invitations: [
          invitationWith({ personId: 'person-p1', invitedAt: at(-6) }),
          invitationWith({ personId: 'person-p2', invitedAt: at(-6), response: 'attending', respondedAt: at(-5) }),
        ],
      }),
      ...history.map((item) =>
        meetingWith({
          id: `${id}-meeting-${item}`,
          kind: 'other',
          startsAt: at(-350 + item),
          scheduledAt: at(-360 + item),
          status: 'held',
          invitations: [invitationWith({ invitedAt: at(-360 + item) })],
        }),
      ),
    ],
    improvementActions: [
      {
        id: `${id}-action-open`,
        description: 'Synthetic action',
        ownerPersonId: 'person-sm',
        agreedAt: at(-100),
        dueOn: null,
        status: 'open',
        completedAt: null,
      },
      ...history.map((item) => ({
        id: `${id}-action-${item}`,
        description: 'Done',
        ownerPersonId: null,
        agreedAt: at(-500),
        dueOn: null,
        status: 'done' as const,
        completedAt: at(-450 + item),
      })),
    ],
  });
}

function localDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** A small seeded PRNG, so the synthetic data is the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
