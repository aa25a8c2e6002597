/**
 * `concern LR-2026-001 ...`: a live safeguarding concern about a review's case. Anyone may type it;
 * see raise-concern.ts for who is alerted. What follows the reference is read by nobody: it is
 * neither logged nor kept.
 */
import { ANYONE } from '../authorise';
import type { CommandDefinition } from '../command-router';
import { raiseConcern } from '../raise-concern';

const REFERENCE = /^LR-\d{4}-\d{3,4}$/i;

export const concernCommand: CommandDefinition = {
  name: 'concern',
  usage: 'concern LR-2026-001',
  summary: 'A live safeguarding concern about a review’s case: how to raise it now, and the lead officer alerted.',
  requires: ANYONE,
  run(ctx, { args }) {
    const [first] = args.split(' ');
    return raiseConcern(ctx, first && REFERENCE.test(first) ? first : null);
  },
};
