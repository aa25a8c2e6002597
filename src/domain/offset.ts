/**
 * How far a step lies from its anchor. Each step chooses its own unit, because the seeds speak in
 * weeks (000), calendar days (the 42-day standard, 001 §6) and months (six to nine, 001 §7).
 */
import { z } from 'zod';
import { addWorkingDays, type Calendar } from './calendar';
import { addMonths, type DayNumber } from './day-number';

export const OFFSET_UNITS = ['calendar_days', 'working_days', 'weeks', 'months'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

export const offsetSchema = z
  .object({
    amount: z.number().int().min(-3660).max(3660),
    unit: z.enum(OFFSET_UNITS),
  })
  .strict();
export type Offset = z.infer<typeof offsetSchema>;

export function applyOffset(calendar: Calendar, day: DayNumber, offset: Offset): DayNumber {
  switch (offset.unit) {
    case 'calendar_days':
      return day + offset.amount;
    case 'weeks':
      return day + 7 * offset.amount;
    case 'months':
      return addMonths(day, offset.amount);
    case 'working_days':
      return addWorkingDays(calendar, day, offset.amount);
  }
}
