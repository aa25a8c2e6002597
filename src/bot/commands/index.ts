/**
 * Every command the bot answers, in the order the help card lists them. Needs no store or service,
 * so tools (the Teams manifest's command lists) can read the same definitions the router uses.
 */
import type { CommandDefinition } from '../command-router';
import { forgetCommand } from './forget-person';
import { committeeCommand } from './committee';
import { demoCommand } from './demo';
import { helpCommand } from './help';
import { listCommand } from './list-reviews';
import { myDataCommand } from './my-data';
import { digestCommand } from './review-digest';
import { meetingCommand } from './meeting-attendance';
import { concernCommand } from './raise-concern';
import { newReviewCommand } from './new-review';
import { deliveriesCommand } from './review-deliveries';
import { historyCommand } from './review-history';
import { addCommand, handoverCommand, peopleCommand, removeCommand } from './review-people';
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
  reopenCommand,
  resumeCommand,
  skipCommand,
} from './review-progress';
import { readCommand, reportCommand } from './report';

export function commandDefinitions(): CommandDefinition[] {
  const definitions: CommandDefinition[] = [];
  definitions.push(
    helpCommand(() => definitions),
    newReviewCommand,
    listCommand,
    statusCommand,
    timelineCommand,
    historyCommand,
    myDataCommand,
    forgetCommand,
    digestCommand,
    peopleCommand,
    addCommand,
    removeCommand,
    handoverCommand,
    deliveriesCommand,
    committeeCommand,
    demoCommand,
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
    reopenCommand,
    reportCommand,
    readCommand,
    meetingCommand,
    concernCommand,
  );
  return definitions;
}
