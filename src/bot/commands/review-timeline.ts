/** `timeline LR-2026-001`: every step with its planned (original and adjusted) and actual date, status in words. */
import type { MilestoneView, Review } from '../../domain';
import type { CommandDefinition } from '../command-router';
import { answer } from '../present-card';
import { stepStatus, summaryFields, viewOf } from '../review-views';
import { sayLocalDate } from '../say-date';
import { REVIEW_READERS } from './review-status';

const stepRow = (review: Review) => (m: MilestoneView) => ({
  step: m.optional ? `${m.title} (optional)` : m.title,
  plannedDate: m.plannedDate ? sayLocalDate(m.plannedDate) : 'not yet known',
  originalDate: m.originalDate && m.originalDate !== m.plannedDate ? sayLocalDate(m.originalDate) : '',
  actualDate: m.completedDate ? sayLocalDate(m.completedDate) : '',
  ...stepStatus(review, m),
});

export const timelineCommand: CommandDefinition = {
  name: 'timeline',
  usage: 'timeline LR-2026-001',
  summary: 'Every step of a review: planned (original and adjusted) and actual dates, and its status.',
  menu: ['personal', 'groupChat', 'team'],
  requires: REVIEW_READERS,
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'timeline' }),
  run(ctx, { review }) {
    const view = viewOf(ctx, review!);
    const line = view.timeline;
    const steps = [...line.decisionStage.milestones, ...(line.reviewStage?.milestones ?? [])].map(stepRow(review!));
    return Promise.resolve(answer('timeline', { ...summaryFields(ctx, view), steps }, `timeline ${review!.reference}`));
  },
};
