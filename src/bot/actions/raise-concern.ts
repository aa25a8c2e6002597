/** The invitation card's "Raise an urgent concern" button: the same as typing `concern` and the reference. */
import { z } from 'zod';
import { ANYONE } from '../authorise';
import { defineAction } from '../card-actions';
import { raiseConcern } from '../raise-concern';

export const raiseConcernAction = defineAction({
  verb: 'concern.raise',
  // Whether the person takes part in the review is checked before anyone is alerted.
  requires: ANYONE,
  payload: z.object({
    reference: z
      .string()
      .trim()
      .regex(/^LR-\d{4}-\d{3,4}$/i),
  }),
  run: (ctx, p) => raiseConcern(ctx, p.reference),
});
