/**
 * The calendar reads the United Kingdom's holidays from `src/domain/holidays-gb.json`, date-holidays'
 * own rules for GB written by `npm run holidays`. The file must be what the installed date-holidays
 * says (an upgrade that changes a bank holiday fails here until the file is written again), and the
 * parser must give, from it alone, every holiday the whole package gives.
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import HolidaysParser from 'date-holidays-parser';
import { fullHolidayData, HOLIDAY_DATA_FILE, pickHolidayData } from '../../scripts/pick-holidays';

const written = () => JSON.parse(readFileSync(HOLIDAY_DATA_FILE, 'utf8')) as object;

it('holds the installed date-holidays rules for the United Kingdom (else run `npm run holidays`)', () => {
  expect(written()).toEqual(pickHolidayData(fullHolidayData()));
});

it('holds no other country', () => {
  expect(Object.keys((written() as { holidays: object }).holidays)).toEqual(['GB']);
});

describe.each([
  ['Scotland', 'SCT'],
  ['England', 'ENG'],
  ['Wales', 'WLS'],
  ['Northern Ireland', 'NIR'],
])('%s', (_, state) => {
  it('has the same holidays, 2000 to 2040, as the whole date-holidays package', () => {
    const whole = new Holidays('GB', state);
    const picked = new HolidaysParser(written(), 'GB', state);
    for (let year = 2000; year <= 2040; year += 1) {
      const days = (source: { getHolidays(year: number): Array<{ date: string; name: string; type: string }> }) =>
        source.getHolidays(year).map(({ date, name, type }) => ({ date, name, type }));
      expect(days(picked)).toEqual(days(whole));
    }
  });
});
