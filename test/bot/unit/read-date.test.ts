/**
 * Dates are read the British way and in words, in the committee's zone, whatever the client's
 * locale; an impossible date is refused saying what was wrong; answers say the date in words.
 */
import { readDate, readDateAtStart } from '../../../src/bot/read-date';
import { sayDay, sayDayAndTime, sayLocalDate } from '../../../src/bot/say-date';

// Tuesday 24 November 2026, 10:00 in London (UTC in winter).
const NOW = new Date('2026-11-24T10:00:00Z');
const LONDON = 'Europe/London';

const read = (text: string, zone = LONDON) => {
  const reading = readDateAtStart(text, NOW, zone);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.value;
};

describe('reading a date', () => {
  it.each([
    ['3/12/2026', '2026-12-03'],
    ['20/10/2026', '2026-10-20'],
    ['1/2/2026', '2026-02-01'],
    ['yesterday', '2026-11-23'],
    ['today', '2026-11-24'],
    ['1 Dec', '2026-12-01'],
    ['next Thursday', '2026-12-03'],
    ['2026-12-01', '2026-12-01'],
  ])('reads %j as %s', (typed, date) => {
    expect(read(typed).date).toBe(date);
  });

  it('reads a time in the committee zone, across the clock change', () => {
    // The clocks go back on 25 October 2026: 10:00 in London is 10:00 UTC after it, 09:00 UTC before.
    expect(read('27/11/2026 10:00').instant.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(read('20/10/2026 10:00').instant.toISOString()).toBe('2026-10-20T09:00:00.000Z');
    expect(read('next Thursday 10am').instant.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(read('next Thursday 10am', 'Pacific/Auckland').instant.toISOString()).toBe('2026-12-02T21:00:00.000Z');
  });

  it('starts a date without a time at the beginning of that day in the committee zone', () => {
    expect(read('20/10/2026').instant.toISOString()).toBe('2026-10-19T23:00:00.000Z');
    expect(read('20/10/2026').hasTime).toBe(false);
  });

  it('says what follows the date', () => {
    expect(read('20/10/2026 Child A')).toMatchObject({ date: '2026-10-20', text: '20/10/2026', rest: 'Child A' });
  });

  it.each([
    ['31/02/2026', '"31/02/2026" is not a date: February 2026 has 28 days.'],
    ['29/02/2026 Child A', '"29/02/2026" is not a date: February 2026 has 28 days.'],
    ['3/13/2026', '"3/13/2026" is not a date: there is no month 13 (dates are day/month/year).'],
    ['Child A', 'I could not read a date there. Write it as day/month/year, such as 20/10/2026.'],
  ])('refuses %j saying what was wrong', (typed, problem) => {
    expect(readDateAtStart(typed, NOW, LONDON)).toEqual({ ok: false, problem });
  });

  it('accepts a leap day that exists', () => {
    expect(read('29/02/2028').date).toBe('2028-02-29');
  });

  it('wants nothing after a date that must stand alone', () => {
    expect(readDate('20/10/2026', NOW, LONDON).ok).toBe(true);
    expect(readDate('20/10/2026 and more', NOW, LONDON).ok).toBe(false);
  });
});

describe('a date that leaves out its year or its week', () => {
  const sided = (text: string, side?: 'past' | 'future') => {
    const reading = readDate(text, NOW, LONDON, side);
    if (!reading.ok) throw new Error(reading.problem);
    return reading.value.date;
  };

  it.each([
    // Today is Tuesday 24 November 2026.
    ['12 May', '2027-05-12', '2026-05-12', '2027-05-12'],
    ['3 November', '2026-11-03', '2026-11-03', '2027-11-03'],
    ['20 December', '2026-12-20', '2025-12-20', '2026-12-20'],
    ['Friday', '2026-11-27', '2026-11-20', '2026-11-27'],
    ['Monday', '2026-11-23', '2026-11-23', '2026-11-30'],
  ])('reads %j as the nearest (%s), the last (%s) or the next (%s)', (typed, nearest, past, future) => {
    expect(sided(typed)).toBe(nearest);
    expect(sided(typed, 'past')).toBe(past);
    expect(sided(typed, 'future')).toBe(future);
  });

  it('keeps today, and a date given in full or counted from today, as given, whichever side is asked', () => {
    for (const side of ['past', 'future'] as const) {
      expect(sided('today', side)).toBe('2026-11-24');
      expect(sided('12/05/2027', side)).toBe('2027-05-12');
      expect(sided('3 November 2025', side)).toBe('2025-11-03');
      expect(sided('last Friday', side)).toBe('2026-11-20');
      expect(sided('next Thursday', side)).toBe('2026-12-03');
    }
  });
});

describe('saying a date', () => {
  it('says dates in words, on the committee calendar', () => {
    expect(sayLocalDate('2026-12-01')).toBe('Tuesday 1 December 2026');
    // 23:30 UTC on 19 October is already the 20th in London (BST).
    expect(sayDay(new Date('2026-10-19T23:30:00Z'), LONDON)).toBe('Tuesday 20 October 2026');
    expect(sayDayAndTime(new Date('2026-11-27T10:00:00Z'), LONDON)).toBe('Friday 27 November 2026 at 10:00');
  });
});
