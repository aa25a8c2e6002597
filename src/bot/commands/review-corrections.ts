/**
 * `correct LR-2026-001 notified 19/10/2026`: puts right a date typed wrong when the review was
 * opened. `action LR-2026-001 add ...` / `done 1` / `drop 1 <why>`: the improvement action plan the
 * Sub-group oversees (001 §9), numbered in the order the actions were agreed.
 */
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { readDate } from '../read-date';
import { commandForm, instantOn, REVIEW_RUNNERS, reviewAnswer } from '../review-answers';
import { days, sayDay } from '../say-date';
import { viewOf } from '../review-views';
import { sayLocalDate } from '../say-date';

const CORRECT_USAGE = 'correct LR-2026-001 notified 19/10/2026';
const ACTION_USAGE = 'action LR-2026-001 add Review the multi-agency chronology template';

export const correctCommand: CommandDefinition = {
  name: 'correct',
  usage: CORRECT_USAGE,
  summary: 'Corrects a date typed wrong: notified (the date the notification came in).',
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  form: () => commandForm('correct', 'Correct a date', CORRECT_USAGE),
  async run(ctx, { args, review }) {
    const [what, ...rest] = args.split(' ');
    if (what?.toLowerCase() !== 'notified') {
      throw new CommandProblem('I can correct the notification date: type notified and the date it came in.');
    }
    // "notified on 19/10/2026" reads as naturally as "notified 19/10/2026".
    const typed = rest.join(' ').replace(/^on\s+/i, '');
    const reading = readDate(typed, ctx.now(), ctx.timeZone, 'past');
    if (!reading.ok) throw new CommandProblem(reading.problem);
    const at = instantOn(ctx, reading.value, 'The notification date');
    const corrected = await ctx.store.reviews.correctNotification(ctx.tenantId, ctx.person.id, review!.id, at);
    const countdown = viewOf(ctx, corrected).timeline.decisionStage.countdown;
    return reviewAnswer(corrected, 'Notification date corrected', {
      dates: [
        { label: 'Notified', when: sayDay(corrected.notifiedAt, ctx.timeZone) },
        { label: 'Was', when: sayDay(review!.notifiedAt, ctx.timeZone) },
        { label: 'Decision due by', when: sayLocalDate(countdown.deadline.adjusted) },
      ],
      notes: countdown.decidedDate ? [] : [`Days used: ${days(countdown.daysUsed)}.`],
    });
  },
};

export const actionCommand: CommandDefinition = {
  name: 'action',
  usage: ACTION_USAGE,
  summary:
    'The improvement action plan: add an action, mark one done by its number (action LR-2026-001 done 1), or drop one with why.',
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  work: 'improvement_action',
  form: () => commandForm('action', 'The improvement action plan', ACTION_USAGE),
  async run(ctx, { args, review }) {
    const [verb, ...restWords] = args.split(' ');
    const rest = restWords.join(' ').trim();
    const actions = review!.improvementActions;
    if (verb?.toLowerCase() === 'add') {
      if (rest === '') throw new CommandProblem('Say what the action is after add.');
      await ctx.store.improvementActions.add(ctx.tenantId, ctx.person.id, review!.id, {
        description: rest,
        agreedAt: ctx.now(),
      });
      return reviewAnswer(review!, `Improvement action ${actions.length + 1} added`, {
        dates: [{ label: 'Agreed', when: sayDay(ctx.now(), ctx.timeZone) }],
        details: [`${actions.length + 1}. ${rest}`],
        notes: [`Mark it done with: action ${review!.reference} done ${actions.length + 1}`],
      });
    }
    if (verb?.toLowerCase() !== 'done' && verb?.toLowerCase() !== 'drop') {
      throw new CommandProblem(
        'After the reference, type add and the action, done and its number, or drop, its number and why.',
      );
    }
    const [numberWord, ...why] = rest.split(' ');
    const number = Number(numberWord);
    if (!Number.isInteger(number) || number < 1 || number > actions.length) {
      throw new CommandProblem(
        actions.length === 0
          ? `${review!.reference} has no improvement actions yet: add one first.`
          : `Give the action's number, from 1 to ${actions.length}.`,
      );
    }
    const action = actions[number - 1];
    if (action.status !== 'open') {
      throw new CommandProblem(`Action ${number} is already ${action.status === 'done' ? 'done' : 'dropped'}.`);
    }
    if (verb.toLowerCase() === 'done') {
      await ctx.store.improvementActions.update(ctx.tenantId, ctx.person.id, action.id, {
        status: 'done',
        completedAt: ctx.now(),
      });
      return reviewAnswer(review!, `Improvement action ${number} done`, {
        dates: [{ label: 'Done', when: sayDay(ctx.now(), ctx.timeZone) }],
        details: [`${number}. ${action.description}`],
      });
    }
    const reason = why.join(' ').trim();
    if (reason === '') throw new CommandProblem('An action is dropped only with a reason, for the Sub-group: say why.');
    await ctx.store.improvementActions.update(ctx.tenantId, ctx.person.id, action.id, { status: 'dropped', reason });
    return reviewAnswer(review!, `Improvement action ${number} dropped`, {
      dates: [{ label: 'Dropped', when: sayDay(ctx.now(), ctx.timeZone) }],
      details: [`${number}. ${action.description}`, `Why: ${reason}`],
    });
  },
};
