/**
 * Every command the bot answers, in the order the help card lists them. Needs no store or service,
 * so tools (the Teams manifest's command lists) can read the same definitions the router uses.
 */
import type { CommandDefinition } from '../command-router';
import { helpCommand } from './help';
import { listCommand } from './list-reviews';
import { newReviewCommand } from './new-review';
import { historyCommand } from './review-history';
import { statusCommand } from './review-status';
import { timelineCommand } from './review-timeline';
import { cancelMeetingCommand, meetCommand, moveCommand } from './meetings';
import { dueCommand, reportsCommand, requestCommand } from './report-requests';
import { actionCommand, correctCommand } from './review-corrections';
import {
  cancelCommand,
  closeCommand,
  decideCommand,
  doneCommand,
  pauseCommand,
  resumeCommand,
  skipCommand,
} from './review-progress';

export function commandDefinitions(): CommandDefinition[] {
  const definitions: CommandDefinition[] = [];
  definitions.push(
    helpCommand(() => definitions),
    newReviewCommand,
    listCommand,
    statusCommand,
    timelineCommand,
    historyCommand,
    // Running a review: the menu lists the daily ones (request, reports, meet, done); the rest are typed.
    requestCommand,
    dueCommand,
    reportsCommand,
    meetCommand,
    moveCommand,
    cancelMeetingCommand,
    decideCommand,
    pauseCommand,
    resumeCommand,
    doneCommand,
    skipCommand,
    actionCommand,
    correctCommand,
    closeCommand,
    cancelCommand,
  );
  return definitions;
}
