/**
 * The store's edge, tested without a database: the lists it accepts are the domain's, and values
 * people type in more than one way are stored in one canonical form.
 */
import { REMINDER_SUBJECT_TYPES } from '../../src/domain';
import { parseInput, referenceSchema, reminderIntentSchema } from '../../src/store/input-schemas';
import { InvalidValueError } from '../../src/store';
import { reminderIntent } from './fixtures';

describe('reminder intents', () => {
  it('accept exactly the subjects the timeline engine declares', () => {
    expect(reminderIntentSchema.shape.subject.shape.type.options).toEqual([...REMINDER_SUBJECT_TYPES]);
    for (const type of REMINDER_SUBJECT_TYPES) {
      const intent = { ...reminderIntent('t', 'r', null), subject: { type, id: 'x' } };
      expect(parseInput(reminderIntentSchema, intent).subject.type).toBe(type);
    }
    const unknown = { ...reminderIntent('t', 'r', null), subject: { type: 'person', id: 'x' } };
    expect(() => parseInput(reminderIntentSchema, unknown)).toThrow(InvalidValueError);
  });
});

describe('review references', () => {
  it.each([
    ['LR-2026-050', 'LR-2026-050'],
    ['LR-2026-0050', 'LR-2026-050'],
    ['lr-2026-0007', 'LR-2026-007'],
    [' LR-2026-1234 ', 'LR-2026-1234'],
  ])('%j is stored as %j', (typed, stored) => {
    expect(parseInput(referenceSchema, typed)).toBe(stored);
  });

  it.each(['LR-2026-000', 'LR-2026-0000', 'LR-26-001', 'REF-1'])('%j is refused with a sentence', (typed) => {
    expect(() => parseInput(referenceSchema, typed)).toThrow(/LR-2026-00[17]/);
  });
});
