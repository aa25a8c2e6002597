/**
 * One calendar per committee: its time zone, holiday region and its own days off live in the
 * store, and they are what the timeline engine counts with for that committee's reviews.
 * TIME_ZONE and HOLIDAY_REGION are only where a new committee starts. Both engines.
 */
import { DateTime } from 'luxon';
import {
  committeeEngine,
  dueRemindersForAll,
  type EngineSetup,
  type ReminderIntent,
  timeline,
  toLocalDate,
} from '../../src/domain';
import { InvalidValueError, type Store } from '../../src/store';
import { loadTemplates } from '../../src/templates/load-templates';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const setup: EngineSetup = loadTemplates();
const SCOTLAND = 'tenant-scottish-committee';
const ENGLAND = 'tenant-english-committee';

/** What the scheduler does at `now`: every committee, with its own calendar and reminder time. */
async function sweep(store: Store, now: Date): Promise<ReminderIntent[]> {
  const intents: ReminderIntent[] = [];
  for (const committee of await store.committees.list()) {
    const context = committeeEngine(
      setup,
      await store.committees.calendarOf(committee.tenantId),
      committee.reminderTime,
    );
    const { intents: due, failures } = dueRemindersForAll(
      await store.reviews.listForSweep(committee.tenantId),
      context,
      now,
    );
    expect(failures).toEqual([]);
    intents.push(...due);
  }
  return intents;
}

const local = (instant: Date, zone = 'Europe/London') =>
  DateTime.fromJSDate(instant, { zone }).toFormat('ccc d LLL HH:mm');

forEachEngine((harness) => {
  let store: Store;
  const clock = testClock('2026-11-02T10:00:00.000Z');

  beforeAll(async () => {
    // The service's defaults: England and Wales. Scotland is one committee's own choice.
    store = await (
      await harness.fresh()
    ).open(clock.now, {
      committeeDefaults: { holidayRegion: 'england-and-wales' },
    });
  });

  test('a new committee starts with the defaults; configuring one changes only that one', async () => {
    await store.agencies.add(ENGLAND, 'system', 'NHS England');
    expect(await store.committees.get(ENGLAND)).toEqual({
      tenantId: ENGLAND,
      name: null,
      timeZone: 'Europe/London',
      holidayRegion: 'england-and-wales',
      reminderTime: '09:00',
      daysOff: [],
      pseudonymWords: null,
      oversightDates: null,
    });
    await store.committees.configure(SCOTLAND, 'system', { name: 'Lothian CPC', holidayRegion: 'scotland' });
    expect(await store.committees.get(SCOTLAND)).toMatchObject({ name: 'Lothian CPC', holidayRegion: 'scotland' });
    expect(await store.committees.get(ENGLAND)).toMatchObject({ holidayRegion: 'england-and-wales' });
    expect((await store.committees.list()).map((c) => [c.tenantId, c.holidayRegion])).toEqual([
      [ENGLAND, 'england-and-wales'],
      [SCOTLAND, 'scotland'],
    ]);
    // St Andrew's Day is a day off in the one, a working day in the other.
    const standrews = DateTime.fromISO('2026-11-30T12:00:00Z').toJSDate();
    const [scottish, english] = [
      await store.committees.calendarOf(SCOTLAND),
      await store.committees.calendarOf(ENGLAND),
    ];
    expect(scottish.isWorkingDay(scottish.dayOf(standrews))).toBe(false);
    expect(english.isWorkingDay(english.dayOf(standrews))).toBe(true);
  });

  test("a turn's one read of its committee: the calendar and reminder time as just configured", async () => {
    const tenant = 'tenant-turn-settings';
    // Never used: the defaults, and no reminder time of its own.
    const fresh = await store.committees.settingsOf(tenant);
    expect(fresh.reminderTime).toBeNull();
    expect(fresh.calendar.timeZone).toBe('Europe/London');
    const christmasEve = DateTime.fromISO('2026-12-24T12:00:00Z').toJSDate();
    expect(fresh.calendar.isWorkingDay(fresh.calendar.dayOf(christmasEve))).toBe(true);

    await store.committees.configure(tenant, 'system', {
      reminderTime: '08:15',
      daysOff: [{ date: '2026-12-24', name: 'Office closed' }],
    });
    const configured = await store.committees.settingsOf(tenant);
    expect(configured.reminderTime).toBe('08:15');
    expect(configured.calendar.isWorkingDay(configured.calendar.dayOf(christmasEve))).toBe(false);

    // A later change (a day off taken back) is seen at once, not a calendar kept from before.
    await store.committees.configure(tenant, 'system', { daysOff: [] });
    const changed = await store.committees.settingsOf(tenant);
    expect(changed.calendar.isWorkingDay(changed.calendar.dayOf(christmasEve))).toBe(true);
    expect(changed.reminderTime).toBe('08:15');
  });

  test('two committees in one store each get their own working days and 09:00 reminders on the same sweep', async () => {
    const requests = new Map<string, string>();
    for (const tenant of [SCOTLAND, ENGLAND]) {
      const review = await store.reviews.create(tenant, 'system', {
        kind: 'CP',
        subjectPseudonym: 'Child A',
        notifiedAt: new Date('2026-10-30T10:00:00Z'),
      });
      const agency = await store.agencies.add(tenant, 'system', 'Police');
      // Due Friday 27 November; every 3 working days overdue, escalated at 5.
      const request = await store.reportRequests.request(tenant, 'system', review.id, {
        agencyId: agency.id,
        dueOn: '2026-11-27',
      });
      requests.set(request.id, tenant);
    }
    const reportIntents = async (iso: string) =>
      (await sweep(store, new Date(iso)))
        .filter((intent) => intent.rule.startsWith('report.'))
        .map((intent) => [requests.get(intent.subject.id), intent.rule, local(intent.dueAt)])
        .sort();

    // England: 30 November, 1 and 2 December. Scotland skips St Andrew's Day: 1, 2 and 3 December, so
    // on the 2nd it has nothing new to say (the day's "due today" is past, and not sent late).
    expect(await reportIntents('2026-12-02T09:00:00Z')).toEqual([[ENGLAND, 'report.overdue', 'Wed 2 Dec 09:00']]);
    expect(await reportIntents('2026-12-03T09:00:00Z')).toEqual([
      [ENGLAND, 'report.overdue', 'Wed 2 Dec 09:00'],
      [SCOTLAND, 'report.overdue', 'Thu 3 Dec 09:00'],
    ]);
    // Escalation after 5 working days: Friday 4 December in England, Monday 7 December in Scotland.
    const escalations = (await sweep(store, new Date('2026-12-07T09:00:00Z')))
      .filter((intent) => intent.rule === 'report.escalation')
      .map((intent) => [requests.get(intent.subject.id), local(intent.dueAt)])
      .sort();
    expect(escalations).toEqual([
      [ENGLAND, 'Fri 4 Dec 09:00'],
      [SCOTLAND, 'Mon 7 Dec 09:00'],
    ]);
  });

  test("a committee's reminder time and zone are its own", async () => {
    const tenant = 'tenant-early-committee';
    clock.set('2026-06-01T10:00:00.000Z');
    await store.committees.configure(tenant, 'system', { timeZone: 'Europe/Dublin', reminderTime: '08:30' });
    const review = await store.reviews.create(tenant, 'system', {
      kind: 'ASP',
      subjectPseudonym: 'Adult B',
      notifiedAt: new Date('2026-06-01T10:00:00Z'),
    });
    const { reminderTime } = (await store.committees.get(tenant))!;
    expect(reminderTime).toBe('08:30');
    const context = committeeEngine(setup, await store.committees.calendarOf(tenant), reminderTime);
    // The 42-day deadline is 13 July; 14 days left on 29 June, at 08:30 Irish summer time.
    const [alert] = dueRemindersForAll(
      [await store.reviews.load(tenant, review.id)],
      context,
      new Date('2026-06-29T08:00:00Z'),
    ).intents.filter((intent) => intent.rule === 'deadline42.days-left');
    expect(local(alert.dueAt, 'Europe/Dublin')).toBe('Mon 29 Jun 08:30');
    expect(alert.dueAt.toISOString()).toBe('2026-06-29T07:30:00.000Z');
  });

  test("a committee's own day off moves a working-day deadline, as soon as it is configured", async () => {
    clock.set('2026-11-24T11:00:00.000Z');
    const review = await store.reviews.create(SCOTLAND, 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child C',
      notifiedAt: new Date('2026-11-24T10:00:00Z'),
    });
    const acknowledgement = async () => {
      const context = committeeEngine(setup, await store.committees.calendarOf(SCOTLAND));
      const view = timeline(await store.reviews.load(SCOTLAND, review.id), context, clock.now());
      return view.decisionStage.milestones.find((m) => m.stepId === 'notification-acknowledged')?.plannedDate;
    };
    // Two working days after Tuesday 24 November.
    expect(await acknowledgement()).toBe('2026-11-26');
    await store.committees.configure(SCOTLAND, 'system', {
      daysOff: [{ date: '2026-11-26', name: 'Council local holiday' }],
    });
    expect(await acknowledgement()).toBe('2026-11-27');
    const calendar = await store.committees.calendarOf(SCOTLAND);
    expect(calendar.holidayName(calendar.dayOf(new Date('2026-11-26T12:00:00Z')))).toBe('Council local holiday');
    expect(toLocalDate(calendar.dayOf(new Date('2026-11-26T12:00:00Z')))).toBe('2026-11-26');
    // The other committee's calendar is untouched.
    const english = await store.committees.calendarOf(ENGLAND);
    expect(english.isWorkingDay(english.dayOf(new Date('2026-11-26T12:00:00Z')))).toBe(true);
    const audit = await store.audit.list(SCOTLAND, { limit: 1 });
    expect(audit[0]).toMatchObject({
      action: 'committee.configured',
      after: { daysOff: [{ date: '2026-11-26', name: 'Council local holiday' }] },
    });
  });

  test.each([
    ['an unknown time zone', { timeZone: 'Europe/Nowhere' }, /IANA name/],
    ['an unknown region', { holidayRegion: 'wales' as never }, /scotland, england-and-wales/],
    ['a reminder time that is not HH:mm', { reminderTime: '9am' }, /HH:mm/],
    ['a day off that is not a date', { daysOff: [{ date: '2026-02-30', name: 'x' }] }, /not a date on the calendar/],
    [
      'the same day off twice',
      {
        daysOff: [
          { date: '2026-07-20', name: 'Fair Monday' },
          { date: '2026-07-20', name: 'Fair Monday' },
        ],
      },
      /only once/,
    ],
  ])('%s is refused with a sentence, and the committee is as it was', async (_case, input, sentence) => {
    const before = await store.committees.get(SCOTLAND);
    const attempt = store.committees.configure(SCOTLAND, 'system', input);
    await expect(attempt).rejects.toBeInstanceOf(InvalidValueError);
    await expect(attempt).rejects.toThrow(sentence);
    expect(await store.committees.get(SCOTLAND)).toEqual(before);
  });
});
