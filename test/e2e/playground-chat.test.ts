/**
 * End to end with a real client: the bot on the embedded store, Microsoft's Agents Playground (a
 * Teams chat emulator) pointed at it, driven in real headless Chromium the way a lead officer uses
 * Teams: typing commands, filling the `new` card form, @mentioning the bot in a team channel,
 * reading the reminders the bot sends on its own, and answering meeting invitations with a card's
 * button or in their own words. Screenshots of each step go to test-artifacts/.
 *
 * One bot, one Playground and one browser for the file; the tests run in order and build on each
 * other, as a lead officer's weeks do. The Playground's user is a lead officer (LEAD_OFFICERS). The
 * bot's clock starts on Tuesday 27 October 2026 at 10:00 in London and runs on from there, so dates
 * are fixed while the sender can still retry a dropped connection after its backoff. The scheduler
 * does not tick: the test queues what a morning's sweep would, and the sender runs as it does in
 * production.
 */
import type { Browser, Locator } from 'playwright-core';
import { committeeEngine, dueReminders, type ReminderIntent } from '../../src/domain';
import type { OutboxDelivery, Person } from '../../src/store';
import { launchChromium } from '../support/chromium';
import { PLAYGROUND, type Playground, startPlayground } from '../support/agents-playground';
import { PlaygroundBrowser, words } from '../support/playground-browser';
import { startTestService, type TestService } from '../support/test-service';

jest.setTimeout(120_000);

/** The bot's clock: starts where the test puts it and runs on in real time. */
function runningClock(start: string) {
  let origin = new Date(start).getTime();
  let setAt = Date.now();
  return {
    now: () => new Date(origin + (Date.now() - setAt)),
    set(iso: string) {
      origin = new Date(iso).getTime();
      setAt = Date.now();
    },
  };
}

const clock = runningClock('2026-10-27T10:00:00Z');
const TENANT = PLAYGROUND.tenantId;

let service: TestService;
let playground: Playground;
let browser: Browser;
let teams: PlaygroundBrowser;

beforeAll(async () => {
  service = await startTestService(
    // The sender looks at the outbox every second when nothing wakes it (a retry's time has come).
    { LEAD_OFFICERS: PLAYGROUND.user.aadObjectId, SENDER_POLL_SECONDS: '1' },
    { now: clock.now, scheduler: false },
  );
  service.sender.start();
  playground = await startPlayground(`${service.url}/api/messages`);
  browser = await launchChromium();
  teams = await PlaygroundBrowser.open(browser, playground, {
    now: clock.now(),
    // Ids, counts and outcomes only: the bot's log never holds message text or names.
    botLog: () =>
      service.logLines
        .slice(-40)
        .map((line) => JSON.stringify(line))
        .join('\n'),
  });
  // The chat is ready once the bot has greeted the person it was installed for.
  await teams.cardContaining('Learning Review bot');
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await service?.close();
});

const text = async (card: Locator) => words(await card.innerText());

/** The Playground's user, as the bot stored them on their first turn. */
async function playgroundUser(): Promise<Person> {
  const person = await service.store.people.findByAadObjectId(TENANT, PLAYGROUND.user.aadObjectId);
  if (!person) throw new Error('The Playground user has not spoken to the bot yet');
  return person;
}

/**
 * A person's deliveries for a review once none is still on its way: the Playground can show a card
 * a moment before the bot has recorded it as sent.
 */
async function settledDeliveries(reviewId: string, personId: string): Promise<OutboxDelivery[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outbox = await service.store.outbox.listForReview(TENANT, reviewId);
    const theirs = outbox.flatMap((reminder) => reminder.deliveries.filter((d) => d.recipient.personId === personId));
    if (theirs.every((d) => d.status !== 'pending') || Date.now() > deadline) return theirs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a person who opens the chat', () => {
  it('is greeted with what the bot does', async () => {
    const welcome = await text(await teams.cardContaining('Learning Review bot'));
    expect(welcome).toContain('Commands you can use now');
  });

  it('gets the help card for "help" typed into the chat box', async () => {
    const help = await teams.say('help');
    expect(await text(help)).toContain('Shows what I do and the commands you can use.');
    await teams.screenshot('e2e-playground-help', help);
  });

  it('is told plainly when a command is not known', async () => {
    const reply = await text(await teams.say('/frobnicate LR-2026-001'));
    expect(reply).toContain('I don\'t know the command "/frobnicate".');
    expect(reply).toContain('Type help to see what I can do.');
  });
});

describe('a lead officer in their chat with the bot', () => {
  it('opens a review with a typed command and gets its card: the decision date in words, days used and left', async () => {
    const card = await teams.say('new cp 20/10/2026 Child A');
    const shown = await text(card);
    expect(shown).toContain('Review opened');
    expect(shown).toContain('LR-2026-001: Child A');
    expect(shown).toContain('Kind Child Protection');
    expect(shown).toContain('Notified Tuesday 20 October 2026');
    expect(shown).toContain('Decision due by Tuesday 1 December 2026');
    expect(shown).toContain('Days used 7 days');
    expect(shown).toContain('Days left 35 days');
    await teams.screenshot('e2e-playground-01-new-typed', card);
    const stored = await service.store.reviews.loadByReference(TENANT, 'LR-2026-001');
    expect(stored).toMatchObject({ kind: 'CP', subjectPseudonym: 'Child A', status: 'decision_stage' });
  });

  it('opens a review by filling the card form: the form turns into the review card', async () => {
    const form = await teams.say('new');
    expect(await text(form)).toContain('Open a Learning Review');
    const cardsBefore = await teams.chatCards().count();

    await form.getByRole('radio', { name: 'Adult Support and Protection (asp)' }).check();
    await teams.pickDate(form, { day: 22, month: 'October', year: 2026 });
    await form.getByRole('textbox', { name: /Pseudonym/ }).fill('Adult B');
    await teams.screenshot('e2e-playground-02-new-form-filled', form);
    await form.getByRole('button', { name: 'Open the review' }).click();

    const shown = await text(await teams.untilItSays(form, 'Review opened'));
    expect(shown).toContain('LR-2026-002: Adult B');
    expect(shown).toContain('Kind Adult Support and Protection');
    expect(shown).toContain('Notified Thursday 22 October 2026');
    expect(shown).toContain('Decision due by Thursday 3 December 2026');
    expect(shown).not.toContain('Open a Learning Review');
    // Replaced where it was, not answered below it.
    expect(await teams.chatCards().count()).toBe(cardsBefore);
    await teams.screenshot('e2e-playground-03-new-form-submitted', form);
    const stored = await service.store.reviews.loadByReference(TENANT, 'LR-2026-002');
    expect(stored).toMatchObject({ kind: 'ASP', subjectPseudonym: 'Adult B' });
  });

  it('lists the open reviews, the one whose decision is due soonest first', async () => {
    const list = await teams.say('list');
    const shown = await text(list);
    expect(shown).toContain('Open reviews, most urgent first');
    expect(shown).toContain(
      'LR-2026-001: Child A Green: on track Stage Decision stage 42 days Day 7 of 42: 35 days left',
    );
    expect(shown).toContain(
      'LR-2026-002: Adult B Green: on track Stage Decision stage 42 days Day 5 of 42: 37 days left',
    );
    expect(shown.indexOf('LR-2026-001')).toBeLessThan(shown.indexOf('LR-2026-002'));
    await teams.screenshot('e2e-playground-04-list', list);
  });

  it("reads a review's timeline: every step, its planned date and its status in words", async () => {
    const timeline = await teams.say('timeline LR-2026-001');
    const shown = await text(timeline);
    expect(shown).toContain('Timeline of LR-2026-001: Child A');
    expect(shown).toContain(
      'Notification received by the Lead Officer Done Planned Tuesday 20 October 2026 Done Tuesday 20 October 2026',
    );
    expect(shown).toContain('Consideration Meeting held Upcoming Planned Tuesday 1 December 2026');
    await teams.screenshot('e2e-playground-05-timeline', timeline);
  });
});

describe('a lead officer in a team channel', () => {
  const PAUSE_REASON = 'Criminal proceedings: trial fixed for March 2027';

  it('is answered `status` after @mentioning the bot, with only what a channel may show', async () => {
    // The clock was paused on Monday (recorded directly, so the test can set the day it began).
    const lead = await playgroundUser();
    const review = await service.store.reviews.loadByReference(TENANT, 'LR-2026-001');
    await service.store.reviews.pauseClock(TENANT, lead.id, review.id, {
      category: 'criminal_proceedings',
      note: PAUSE_REASON,
      startedAt: new Date('2026-10-26T09:00:00Z'),
    });

    await teams.openChannel(PLAYGROUND.channel);
    const card = await teams.postMentioningBot('status LR-2026-001');
    const shown = await text(card);
    expect(shown).toContain('LR-2026-001: Child A');
    expect(shown).toContain('Decision due by Wednesday 2 December 2026');
    expect(shown).toContain('Clock paused since Monday 26 October 2026');
    expect(shown).toContain('Why (details one to one)');
    expect(shown).toContain('Send me the details');
    expect(shown).not.toContain('Criminal proceedings');
    await teams.screenshot('e2e-playground-06-channel-status', card);

    await card.getByRole('button', { name: 'Send me the details' }).click();
    await teams.untilItSays(card, 'sent the details to your chat with me');
    expect(await text(card)).not.toContain('Criminal proceedings');
  });

  it('finds the details it asked for in the chat with the bot', async () => {
    await teams.openPersonalChat();
    const details = await teams.cardContaining(PAUSE_REASON);
    expect(await text(details)).toContain('LR-2026-001: Child A');
    await teams.screenshot('e2e-playground-07-details-one-to-one', details);
  });
});

/** The reminders this morning's sweep would queue for a review, as the engine gives them. */
async function dueNow(reviewId: string): Promise<ReminderIntent[]> {
  const committee = await service.store.committees.get(TENANT);
  const engine = committeeEngine(service.engine, await service.calendarFor(TENANT), committee?.reminderTime);
  return dueReminders(await service.store.reviews.load(TENANT, reviewId), engine, clock.now());
}

/** The Playground user's invitation to the meeting with this title, as the store holds it. */
async function invitationTo(title: string) {
  const lead = await playgroundUser();
  const meetings = await service.store.meetings.listInvitationsOf(TENANT, lead.id, clock.now());
  const meeting = meetings.find((m) => m.title === title);
  if (!meeting) throw new Error(`The Playground user has no invitation to "${title}"`);
  return meeting;
}

describe('reminders the bot sends on its own', () => {
  const MEETING_TITLE = 'Consideration Meeting, Room 2, John Muir House';

  it("brings a 42-day reminder and a meeting invitation into the lead officer's chat, each once", async () => {
    // Three weeks on: Thursday 19 November, the morning the decision of LR-2026-002 has 14 days left.
    clock.set('2026-11-19T09:05:00Z');
    await teams.setDate(clock.now());
    await teams.openPersonalChat();

    // The Playground's user leads LR-2026-002 and is invited to its Consideration Meeting (recorded
    // directly: this test is about what the bot sends on its own, not about `meet`).
    const lead = await playgroundUser();
    const review = await service.store.reviews.loadByReference(TENANT, 'LR-2026-002');
    await service.store.people.assignRole(TENANT, lead.id, {
      reviewId: review.id,
      personId: lead.id,
      role: 'lead_officer',
    });
    const meeting = await service.store.meetings.schedule(TENANT, lead.id, review.id, {
      kind: 'consideration_meeting',
      title: MEETING_TITLE,
      startsAt: new Date('2026-12-01T10:00:00Z'),
      endsAt: new Date('2026-12-01T12:00:00Z'),
    });
    await service.store.meetings.invite(TENANT, lead.id, meeting.id, [lead.id]);

    // What this morning's sweep would queue, as the engine gives it.
    const due = await dueNow(review.id);
    const pick = (rule: string): ReminderIntent => {
      const intent = due.find((candidate) => candidate.rule === rule);
      if (!intent) throw new Error(`The engine has no ${rule} due; it has ${due.map((d) => d.rule).join(', ')}`);
      return intent;
    };
    const cardsBefore = await teams.chatCards().count();
    await service.queueReminder(pick('deadline42.days-left'));
    await service.queueReminder(pick('meeting.invitation'));

    const reminder = await teams.cardContaining("The Consideration Meeting's decision is due in 14 days");
    expect(await text(reminder)).toContain(
      "The Consideration Meeting's decision is due in 14 days, by Thursday 3 December 2026 (the 42-day standard). Review LR-2026-002 (Adult B)",
    );
    const invitation = await teams.cardContaining('You are invited to the Consideration Meeting');
    const invitationText = await text(invitation);
    expect(invitationText).toContain(
      'You are invited to the Consideration Meeting for Learning Review LR-2026-002 (Adult B).',
    );
    expect(invitationText).toContain(MEETING_TITLE);
    expect(invitationText).toContain('Tuesday 1 December 2026 at 10:00 to 12:00');
    // Nobody is the committee's Chair yet: the review's lead officer is told, in words, once.
    const notice = await teams.cardContaining('I could not reach the Committee Chair for LR-2026-002 (Adult B).');
    expect(await text(notice)).toContain('Nobody on the committee holds that role yet');
    await teams.screenshot('e2e-playground-08-reminders', invitation);

    const toLead = await settledDeliveries(review.id, lead.id);
    expect(toLead.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await teams.chatCards().count()).toBe(cardsBefore + 3);
    expect(await teams.cardsWith('decision is due in 14 days').count()).toBe(1);
    expect(await teams.cardsWith('You are invited to the Consideration Meeting').count()).toBe(1);
  });
});

describe('a person answering their invitations in their chat with the bot', () => {
  const CONSIDERATION = 'Consideration Meeting, Room 2, John Muir House';
  const EVENT = 'Practitioner Event, Room 4, Quarry House';

  it('answers with the Attending button: the invitation changes in place to show the answer, and it is kept', async () => {
    const invitation = await teams.cardContaining('You are invited to the Consideration Meeting');
    expect(await text(invitation)).toContain('Will you be there?');
    const cardsBefore = await teams.chatCards().count();

    await invitation.getByRole('button', { name: 'Attending', exact: true }).click();

    const shown = await text(await teams.untilItSays(invitation, 'Your answer: Attending'));
    // The clock runs on from the morning the invitation came: the time is said in words.
    expect(shown).toMatch(
      /Your answer: Attending, given Thursday 19 November 2026 at \d\d:\d\d\. You can change it below\./,
    );
    expect(shown).toContain('You are invited to the Consideration Meeting for Learning Review LR-2026-002 (Adult B).');
    expect(shown).toContain('Tuesday 1 December 2026 at 10:00 to 12:00');
    expect(shown).not.toContain('Will you be there?');
    // Replaced where it was, not answered below it; and still there to change the answer.
    expect(await teams.chatCards().count()).toBe(cardsBefore);
    expect(await teams.cardsWith('You are invited to the Consideration Meeting').count()).toBe(1);
    expect(await invitation.getByRole('button', { name: 'Not attending', exact: true }).isVisible()).toBe(true);
    await teams.screenshot('e2e-playground-09-invitation-attending', invitation);

    const lead = await playgroundUser();
    const meeting = await invitationTo(CONSIDERATION);
    expect(meeting.invitations).toEqual([
      expect.objectContaining({ personId: lead.id, response: 'attending', respondedAt: expect.any(Date) }),
    ]);
  });

  it('answers a second invitation by typing "can\'t make it, on leave": one line back, and "not attending" is kept', async () => {
    // The Playground user is also invited to LR-2026-002's Practitioner Event (the `meet` command is
    // not what this test is about, so it is recorded directly, and the sweep's invitation queued).
    const lead = await playgroundUser();
    const review = await service.store.reviews.loadByReference(TENANT, 'LR-2026-002');
    const event = await service.store.meetings.schedule(TENANT, lead.id, review.id, {
      kind: 'practitioner_event',
      title: EVENT,
      startsAt: new Date('2026-12-10T13:30:00Z'),
      endsAt: new Date('2026-12-10T16:00:00Z'),
    });
    await service.store.meetings.invite(TENANT, lead.id, event.id, [lead.id]);
    const prefix = `${encodeURIComponent(event.id)}/`;
    const intents = (await dueNow(review.id)).filter(
      (intent) => intent.rule === 'meeting.invitation' && intent.subject.id.startsWith(prefix),
    );
    expect(intents).toHaveLength(1);
    await service.queueReminder(intents[0]);

    const invitation = await teams.cardContaining('You are invited to the Practitioner Event');
    const invitationText = await text(invitation);
    expect(invitationText).toContain(
      'You are invited to the Practitioner Event for Learning Review LR-2026-002 (Adult B).',
    );
    expect(invitationText).toContain('Thursday 10 December 2026 at 13:30 to 16:00');
    expect(invitationText).toContain('Will you be there?');

    const reply = await teams.say("can't make it, on leave");
    const shown = await text(reply);
    expect(shown).toBe(
      'Noted: Not attending for the Practitioner Event on Thursday 10 December 2026 at 13:30 to 16:00 (LR-2026-002). To change it, reply again or use the buttons on the invitation.',
    );
    // Never echoed back.
    expect(shown).not.toContain('leave');
    await teams.screenshot('e2e-playground-10-invitation-typed', reply);

    const stored = await invitationTo(EVENT);
    expect(stored.invitations).toEqual([
      expect.objectContaining({ personId: lead.id, response: 'not_attending', respondedAt: expect.any(Date) }),
    ]);
    // The first answer stands: the typed reply went to the one invitation still waiting.
    expect((await invitationTo(CONSIDERATION)).invitation.response).toBe('attending');
  });
});

describe("an agency's Senior Manager in their chat with the bot", () => {
  it('sends the single-agency report by message and sees the receipt, with the time and none of its words', async () => {
    const person = await playgroundUser();
    const review = await service.store.reviews.loadByReference(TENANT, 'LR-2026-001');
    const agency = await service.store.agencies.add(TENANT, 'system', 'Police Scotland');
    const request = await service.store.reportRequests.request(TENANT, 'system', review.id, {
      agencyId: agency.id,
      seniorManagerPersonId: person.id,
      dueOn: '2026-11-20',
    });

    const receipt = await teams.say('report LR-2026-001 Our involvement began with a referral from the school.');
    const shown = await text(receipt);
    expect(shown).toContain('Report received');
    expect(shown).toMatch(
      // The clock runs on from wherever the reminders above left it: the time is said in words.
      /The Police Scotland report for LR-2026-001 \(Child A\) was received on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ 2026 at \d\d:\d\d\./,
    );
    expect(shown).toContain("Your message also stays in this chat's history");
    expect(shown).not.toContain('referral');
    await teams.screenshot('e2e-playground-11-report-receipt', receipt);

    const [stored] = await service.store.reportRequests.listSubmissions(TENANT, request.id);
    expect(stored).toMatchObject({ text: 'Our involvement began with a referral from the school.', version: 1 });
  });
});
