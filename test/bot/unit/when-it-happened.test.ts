/**
 * The optional `on <date>` at the end of a line that records what happened (decide, pause, done, cancel
 * ...): the date is the last "on" whose remainder reads wholly as a date; any other "on" is an ordinary
 * word and stays in the words, whole; words after the last "on" clearly meant as a date and not one are
 * refused with the problem, never taken for words nor replaced by today.
 */
import { CommandProblem } from '../../../src/bot/command-router';
import { meantAsDate, whenItHappened } from '../../../src/bot/review-answers';

// Wednesday 2 December 2026, 10:00 in London (UTC in winter).
const NOW = new Date('2026-12-02T10:00:00Z');
const clock = { now: () => new Date(NOW), timeZone: 'Europe/London' };
const WHAT = 'The date it was cancelled';

const when = (typed: string, words?: string) => whenItHappened(clock, typed, WHAT, undefined, words);

function problemOf(typed: string, words?: string): string {
  try {
    when(typed, words);
  } catch (problem) {
    expect(problem).toBeInstanceOf(CommandProblem);
    return (problem as CommandProblem).message;
  }
  throw new Error(`"${typed}" was read without a problem`);
}

describe('a date at the end of the line', () => {
  it('reads a day and month without a year, or a bare weekday, as the last one: what is recorded has happened', () => {
    // Nearer to today next May than last May, and this Friday than last Friday; both have happened.
    expect(when('proceed tier-1 on 12 May').said).toBe('Tuesday 12 May 2026');
    expect(when('criminal proceedings on Friday').said).toBe('Friday 27 November 2026');
  });

  it.each([
    [
      'duplicate notification on 30/11/2026',
      'duplicate notification',
      '2026-11-30T00:00:00.000Z',
      'Monday 30 November 2026',
    ],
    ['on 30/11/2026', '', '2026-11-30T00:00:00.000Z', 'Monday 30 November 2026'],
    ['proceed tier-2-3 on yesterday', 'proceed tier-2-3', '2026-12-01T00:00:00.000Z', 'Tuesday 1 December 2026'],
    [
      'recommendation-report on 3 November',
      'recommendation-report',
      '2026-11-03T00:00:00.000Z',
      'Tuesday 3 November 2026',
    ],
    [
      'criminal proceedings on last Friday',
      'criminal proceedings',
      '2026-11-27T00:00:00.000Z',
      'Friday 27 November 2026',
    ],
    ['other ON 20/11/2026 14:30', 'other', '2026-11-20T14:30:00.000Z', 'Friday 20 November 2026'],
    // A full stop after the date is the end of the sentence, not part of the date.
    [
      'duplicate notification on 30/11/2026.',
      'duplicate notification',
      '2026-11-30T00:00:00.000Z',
      'Monday 30 November 2026',
    ],
  ])('reads %j', (typed, rest, at, said) => {
    expect(when(typed)).toMatchObject({ rest, at: new Date(at), said });
  });

  it('says whether the line gave the date', () => {
    expect(when('duplicate notification on 30/11/2026').dated).toBe(true);
    expect(when('duplicate notification').dated).toBe(false);
  });

  it('takes today as now', () => {
    expect(when('duplicate notification on today')).toMatchObject({
      rest: 'duplicate notification',
      at: NOW,
      said: 'Wednesday 2 December 2026',
    });
  });

  it('takes the last "on" as the date and keeps every earlier one in the words', () => {
    expect(when('duplicate notification on hold on 20/11/2026')).toMatchObject({
      rest: 'duplicate notification on hold',
      said: 'Friday 20 November 2026',
    });
    expect(when('carried on on 20/11/2026')).toMatchObject({ rest: 'carried on', said: 'Friday 20 November 2026' });
    // The words may mention a date of their own when the line ends with its date.
    expect(when('sent on 12 November to the wrong team on today', 'the reason')).toMatchObject({
      rest: 'sent on 12 November to the wrong team',
      at: NOW,
    });
  });
});

describe('"on" as an ordinary word', () => {
  it.each([
    'duplicate notification',
    'opened on the wrong committee',
    'duplicate notification on hold',
    'sent on to the council by mistake',
    'moved on',
    'held on this basis',
  ])('keeps %j whole and dates it now', (typed) => {
    expect(when(typed, 'the reason')).toEqual({ rest: typed, at: NOW, said: 'today', dated: false });
  });
});

describe('a date meant and not read', () => {
  it.each([
    ['on 31/11/2026', '"31/11/2026" is not a date: November 2026 has 30 days.'],
    ['duplicate on 30/13/2026', '"30/13/2026" is not a date: there is no month 13 (dates are day/month/year).'],
    ['on hold on 31/11/2026', '"31/11/2026" is not a date: November 2026 has 30 days.'],
    [
      'reported on 2 occasions',
      'I could not read the date after "on". Write it as day/month/year, such as on 20/10/2026.',
    ],
    [
      'duplicate on the 3rd',
      'I could not read the date after "on". Write it as day/month/year, such as on 20/10/2026.',
    ],
    [
      'duplicate on 20/11/2026 in error',
      '"20/11/2026" reads as a date, but more follows it: put on and the date at the very end of the line.',
    ],
    [
      "discussed on Friday's call",
      '"Friday" reads as a date, but more follows it: put on and the date at the very end of the line.',
    ],
  ])('refuses %j saying why', (typed, problem) => {
    expect(problemOf(typed)).toBe(problem);
  });

  it('refuses a date in the future', () => {
    expect(problemOf('duplicate on 3/12/2026')).toBe(
      'The date it was cancelled cannot be in the future: Thursday 3 December 2026 is after today.',
    );
    expect(problemOf('on tomorrow')).toBe(
      'The date it was cancelled cannot be in the future: Thursday 3 December 2026 is after today.',
    );
  });

  it('tells a command that takes words how to keep an "on" of theirs', () => {
    expect(problemOf('reported on 2 occasions', 'the reason')).toBe(
      'I could not read the date after "on". Write it as day/month/year, such as on 20/10/2026. If "on" and what follows belong to the reason, end the line with on today.',
    );
    expect(problemOf('the hearing is on 3/12/2026', 'the reason')).toBe(
      'The date it was cancelled cannot be in the future: Thursday 3 December 2026 is after today. If "on" and what follows belong to the reason, end the line with on today.',
    );
  });
});

describe('words clearly meant as a date', () => {
  it.each([
    '31/11/2026',
    '3 November',
    'Monday',
    'mon',
    'Tues 1 December',
    'Nov 3rd',
    'the 3rd of November',
    'last Friday',
    'next Thursday',
    'yesterday',
    'today',
    'tomorrow',
    "Friday's call",
  ])('%j is', (words) => {
    expect(meantAsDate(words)).toBe(true);
  });

  it.each(['the wrong committee', 'hold', 'the family court', 'this basis', 'next steps', 'a Monday', 'Mondayish'])(
    '%j is not',
    (words) => {
      expect(meantAsDate(words)).toBe(false);
    },
  );
});
