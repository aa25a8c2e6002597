import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import {
  addMonths,
  addWorkingDays,
  createCalendar,
  createOffsetLookup,
  fromLocalDate,
  isLocalDate,
  isoWeekday,
  minutesOfTime,
  toLocalDate,
  workingDaysBetween,
} from '../../src/domain';

const scotland = createCalendar();
const england = createCalendar({ region: 'england-and-wales' });
const d = fromLocalDate;

describe('local dates', () => {
  it.each(['1970-01-01', '2026-02-28', '2028-02-29', '2026-12-31', '1969-12-31'])('round-trips %s', (date) => {
    expect(toLocalDate(fromLocalDate(date))).toBe(date);
  });

  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '20261020', ''])('refuses %j', (date) => {
    expect(isLocalDate(date)).toBe(false);
    expect(() => fromLocalDate(date)).toThrow(RangeError);
  });

  it('numbers weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday(d('2026-10-19'))).toBe(1);
    expect(isoWeekday(d('2026-10-20'))).toBe(2);
    expect(isoWeekday(d('2026-10-25'))).toBe(7);
    expect(isoWeekday(d('1969-12-29'))).toBe(1);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-12-01', 6, '2027-06-01'],
    ['2026-12-01', 9, '2027-09-01'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-10-15', 0, '2026-10-15'],
  ])('adds months to %s (+%i) clamping to the month end: %s', (from, months, expected) => {
    expect(toLocalDate(addMonths(d(from), months))).toBe(expected);
  });

  it('adds calendar days across month and year ends: 2026-10-20 + 42 = 2026-12-01', () => {
    expect(toLocalDate(d('2026-10-20') + 42)).toBe('2026-12-01');
    expect(toLocalDate(d('2026-12-31') + 1)).toBe('2027-01-01');
  });
});

describe('working days (date-holidays)', () => {
  it('knows Scotland has St Andrew’s Day and England does not', () => {
    expect(scotland.holidayName(d('2026-11-30'))).toMatch(/St Andrew/);
    expect(scotland.isWorkingDay(d('2026-11-30'))).toBe(false);
    expect(england.isWorkingDay(d('2026-11-30'))).toBe(true);
  });

  it('skips St Andrew’s Day in Scotland: Friday 2026-11-27 + 1 working day', () => {
    expect(toLocalDate(addWorkingDays(scotland, d('2026-11-27'), 1))).toBe('2026-12-01');
    expect(toLocalDate(addWorkingDays(england, d('2026-11-27'), 1))).toBe('2026-11-30');
  });

  it('skips Christmas and the Boxing Day substitute: 2026-12-24 + 1 working day', () => {
    expect(toLocalDate(addWorkingDays(scotland, d('2026-12-24'), 1))).toBe('2026-12-29');
    expect(toLocalDate(addWorkingDays(england, d('2026-12-24'), 1))).toBe('2026-12-29');
  });

  it('skips New Year and Scotland’s 2 January substitute: 2026-12-31 + 1 working day', () => {
    expect(toLocalDate(addWorkingDays(scotland, d('2026-12-31'), 1))).toBe('2027-01-05');
    expect(toLocalDate(addWorkingDays(england, d('2026-12-31'), 1))).toBe('2027-01-04');
  });

  it('counts backwards over the same holidays', () => {
    expect(toLocalDate(addWorkingDays(scotland, d('2026-12-01'), -1))).toBe('2026-11-27');
    expect(toLocalDate(addWorkingDays(scotland, d('2027-01-05'), -2))).toBe('2026-12-30');
  });

  it.each([
    ['forwards', ['2026-05-04', '2028-05-01'], '2027-01-01', 'New Year'],
    ['backwards', ['2026-05-04', '2024-05-06'], '2025-01-01', 'New Year'],
  ])('knows the holidays of a year skipped over when asked about its neighbours (%s)', (_, asked, later, name) => {
    // A fresh calendar per case: which years have been looked at is the calendar's own state.
    const calendar = createCalendar();
    for (const date of asked) expect(calendar.holidayName(d(date))).not.toBeNull();
    expect(calendar.holidayName(d(later))).toMatch(name);
    expect(calendar.isWorkingDay(d(later))).toBe(false);
  });

  it('treats n = 0 as the day itself, working or not', () => {
    expect(toLocalDate(addWorkingDays(scotland, d('2026-11-28'), 0))).toBe('2026-11-28');
  });

  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween(scotland, d('2026-11-27'), d('2026-12-04'))).toBe(4);
    expect(workingDaysBetween(england, d('2026-11-27'), d('2026-12-04'))).toBe(5);
    expect(workingDaysBetween(scotland, d('2026-12-04'), d('2026-11-27'))).toBe(-4);
    // 23, 24, 29, 30, 31 December and 5, 6 January
    expect(workingDaysBetween(scotland, d('2026-12-22'), d('2027-01-06'))).toBe(7);
  });

  it('adding n working days and counting them back agree, whatever the day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: d('2020-01-01'), max: d('2035-12-31') }),
        fc.integer({ min: 0, max: 60 }),
        (day, n) => {
          const later = addWorkingDays(scotland, day, n);
          expect(workingDaysBetween(scotland, day, later)).toBe(n);
          if (n > 0) expect(scotland.isWorkingDay(later)).toBe(true);
        },
      ),
    );
  });
});

describe('time zone and daylight saving (Europe/London)', () => {
  const nineAm = minutesOfTime('09:00');

  it.each([
    ['2026-03-28', '2026-03-28T09:00:00.000Z'],
    ['2026-03-29', '2026-03-29T08:00:00.000Z'],
    ['2026-10-24', '2026-10-24T08:00:00.000Z'],
    ['2026-10-25', '2026-10-25T09:00:00.000Z'],
  ])('puts 09:00 local on %s at %s', (date, instant) => {
    expect(scotland.instantAt(d(date), nineAm).toISOString()).toBe(instant);
  });

  it('moves a time inside the spring-forward gap forward by the gap', () => {
    expect(scotland.instantAt(d('2026-03-29'), minutesOfTime('01:30')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads the local date of an instant in the committee’s zone', () => {
    expect(toLocalDate(scotland.dayOf(new Date('2026-01-15T23:30:00Z')))).toBe('2026-01-15');
    expect(toLocalDate(scotland.dayOf(new Date('2026-06-30T23:30:00Z')))).toBe('2026-07-01');
  });

  it('supports another zone and refuses an unknown one', () => {
    const newYork = createCalendar({ timeZone: 'America/New_York' });
    expect(newYork.instantAt(d('2026-07-01'), nineAm).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(() => createCalendar({ timeZone: 'Europe/Nowhere' })).toThrow(/Unknown time zone/);
  });

  it('always lands 09:00 on 09:00 local, and consecutive days 23, 24 or 25 hours apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('2020-01-01'), max: d('2035-12-31') }), (day) => {
        const at = scotland.instantAt(day, nineAm);
        const local = DateTime.fromJSDate(at, { zone: 'Europe/London' });
        expect(local.toFormat('yyyy-MM-dd HH:mm')).toBe(`${toLocalDate(day)} 09:00`);
        expect(scotland.dayOf(at)).toBe(day);
        const hours = (scotland.instantAt(day + 1, nineAm).getTime() - at.getTime()) / 3_600_000;
        expect([23, 24, 25]).toContain(hours);
      }),
    );
  });

  it.each(['9:00', '24:00', '09:60', 'nine'])('refuses the time %j', (time) => {
    expect(() => minutesOfTime(time)).toThrow(RangeError);
  });
});

describe('the offset cache', () => {
  it('remembers a bounded number of quarter-hours, and answers correctly after forgetting', () => {
    const lookup = createOffsetLookup('Europe/London', 100);
    const zone = IANAZone.create('Europe/London');
    const start = Date.UTC(2026, 0, 1);
    const quarterHour = 15 * 60_000;
    // Four years of quarter-hours, read twice: far more than it may remember.
    for (let pass = 0; pass < 2; pass += 1) {
      for (let ms = start; ms < start + 4 * 365 * 86_400_000; ms += 37 * quarterHour) {
        expect(lookup(ms)).toBe(zone.offset(ms));
      }
    }
    expect(lookup.size).toBe(100);
  });
});
