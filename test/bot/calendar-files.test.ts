/**
 * Calendar files for meetings, served by the bot at signed, expiring URLs: a meeting scheduled
 * through the store is fetched through its link from the real server; a tampered or expired link is
 * refused. The clock is the service's own, moved by the test.
 */
import { meetingCalendarLink } from '../../src/bot/calendar-file';
import { TENANT_ID } from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';

let now = new Date('2026-11-24T10:00:00Z');
let service: TestService;

beforeEach(async () => {
  now = new Date('2026-11-24T10:00:00Z');
  service = await startTestService({}, { now: () => new Date(now) });
});

afterEach(() => service.close());

async function scheduledMeeting() {
  const review = await service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:00:00Z'),
  });
  return service.store.meetings.schedule(TENANT_ID, 'system', review.id, {
    kind: 'consideration_meeting',
    title: 'Meeting about the Smith family at Leith',
    startsAt: new Date('2026-11-27T10:00:00Z'),
    endsAt: new Date('2026-11-27T11:30:00Z'),
  });
}

const linkFor = (meeting: { id: string; startsAt: Date }) =>
  meetingCalendarLink({ ...service.config, publicUrl: service.url }, TENANT_ID, meeting, now);

it('serves the meeting as an .ics file, in UTC, named by kind, reference and pseudonym only', async () => {
  const meeting = await scheduledMeeting();
  const response = await fetch(linkFor(meeting));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('private, no-store');
  const ics = (await response.text()).replace(/\r\n/g, '\n');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain(`UID:${meeting.id}@learning-review-bot`);
  expect(ics).toContain('DTSTART:20261127T100000Z');
  expect(ics).toContain('DTEND:20261127T113000Z');
  expect(ics).toContain('SUMMARY:Consideration Meeting: LR-2026-001 (Child A)');
  expect(ics).toContain('STATUS:CONFIRMED');
  expect(ics).not.toContain('Smith');
});

it('says a cancelled meeting is cancelled', async () => {
  const meeting = await scheduledMeeting();
  await service.store.meetings.setStatus(TENANT_ID, 'system', meeting.id, 'cancelled');
  expect(await (await fetch(linkFor(meeting))).text()).toContain('STATUS:CANCELLED');
});

describe('refuses a link that was changed', () => {
  const tamper: Array<[string, (url: URL) => void]> = [
    [
      'its signature',
      (url) => {
        const signature = url.searchParams.get('signature')!;
        url.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
      },
    ],
    ['no signature', (url) => url.searchParams.delete('signature')],
    [
      'a later expiry',
      (url) => url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400)),
    ],
    [
      'another meeting',
      (url) => (url.pathname = url.pathname.replace(/[^/]+\.ics$/, '00000000-0000-4000-8000-000000000000.ics')),
    ],
    [
      'another tenant',
      (url) => (url.pathname = url.pathname.replace(TENANT_ID, '0b0b0b0b-0000-4000-8000-00000000b002')),
    ],
  ];
  it.each(tamper)('%s: 403, and nothing of the meeting', async (_label, change) => {
    const meeting = await scheduledMeeting();
    const url = new URL(linkFor(meeting));
    change(url);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('LR-2026-001');
    expect(service.logLines.filter((l) => l.msg === 'calendar link refused')).toHaveLength(1);
  });
});

it('works until a week after the meeting, then answers 410', async () => {
  const meeting = await scheduledMeeting();
  const link = linkFor(meeting);
  now = new Date('2026-12-04T09:59:59Z');
  expect((await fetch(link)).status).toBe(200);
  now = new Date('2026-12-04T10:00:00Z');
  const response = await fetch(link);
  expect(response.status).toBe(410);
  expect(await response.json()).toEqual({
    error: 'This calendar link has expired. Ask the bot for the meeting again.',
  });
});

it('refuses a link signed with another secret (as after the secret is changed)', async () => {
  const meeting = await scheduledMeeting();
  const forged = meetingCalendarLink(
    { publicUrl: service.url, calendarLinkSecret: 'another-secret-of-at-least-32-characters' },
    TENANT_ID,
    meeting,
    now,
  );
  expect((await fetch(forged)).status).toBe(403);
});
