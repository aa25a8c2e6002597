/**
 * Typed answers to invitations, as people really write them: what counts as an answer, what does
 * not (questions, other business), and which meeting a reply names. Today is Tuesday 24 November
 * 2026 in London.
 */
import { namesAMeeting, readInvitationReply, replyNames } from '../../../src/bot/read-invitation-reply';

const NOW = new Date('2026-11-24T10:00:00Z');
const ZONE = 'Europe/London';
const read = (text: string) => readInvitationReply(text, NOW, ZONE);

describe('a typed answer', () => {
  it.each([
    ['yes', 'attending'],
    ["yes I'll be there", 'attending'],
    ['Yes I’ll be there, thanks', 'attending'],
    ['confirm', 'attending'],
    ['Confirmed, thank you', 'attending'],
    ['see you then', 'attending'],
    ['See you there!', 'attending'],
    ['yep', 'attending'],
    ['Yes please', 'attending'],
    ['count me in', 'attending'],
    ['I can make it', 'attending'],
    ['I will attend', 'attending'],
    ['happy to attend', 'attending'],
    ['no problem, see you then', 'attending'],
    ['Sure, looking forward to it', 'attending'],
    ['ok I will be there', 'attending'],
    ["can't make it, on leave", 'not_attending'],
    ['cant make it sorry', 'not_attending'],
    ['no sorry', 'not_attending'],
    ['No', 'not_attending'],
    ["Sorry, I won't be able to make it", 'not_attending'],
    ["I'm on annual leave that week", 'not_attending'],
    ['unable to attend, apologies', 'not_attending'],
    ['Please send my apologies', 'not_attending'],
    ["I'm afraid I cannot attend", 'not_attending'],
    ['not available', 'not_attending'],
    ['no sorry, on leave until Monday', 'not_attending'],
    ['actually I cannot come, I am on leave', 'not_attending'],
    ['maybe', 'tentative'],
    ['not sure yet', 'tentative'],
    ['Not sure', 'tentative'],
    ['possibly', 'tentative'],
    ["I'll try to make it", 'tentative'],
    ['tbc', 'tentative'],
    ["Don't know yet, I'll let you know", 'tentative'],
    ['hopefully!', 'tentative'],
    ['pencil me in', 'tentative'],
  ])('reads "%s" as %s', (text, response) => {
    expect(read(text)).toMatchObject({ kind: 'answer', response });
  });

  it.each([
    ['yes, but who is chairing?', 'attending'],
    ['Yes, is there parking?', 'attending'],
    ["no idea who's chairing", 'not_attending'],
    ['yes I can come but only in the afternoon', 'attending'],
    ['maybe, depends on cover for my caseload', 'tentative'],
    ['will I need to bring my notes? yes or no', null],
    ['yes no', null],
  ])('does not count "%s" as an answer, saying what it understood', (text, understood) => {
    expect(read(text)).toMatchObject({ kind: 'unclear', understood });
  });

  it.each([['hello'], ['who is chairing?'], ['what time does it start'], ['status LR-2026-001'], ['thanks'], ['']])(
    'leaves "%s" alone: it answers nothing',
    (text) => {
      expect(read(text)).toEqual({ kind: 'none' });
    },
  );
});

describe('which meeting a reply names', () => {
  const practitionerEvent = {
    startsAt: new Date('2026-12-08T10:00:00Z'),
    kind: 'practitioner_event' as const,
    reference: 'LR-2026-001',
  };
  const consideration = {
    startsAt: new Date('2026-12-01T10:00:00Z'),
    kind: 'consideration_meeting' as const,
    reference: 'LR-2026-002',
  };

  it.each([
    ['yes to Tuesday 8 December', true, false],
    ['yes for the 8th', true, false],
    ['yes to 8/12', true, false],
    ['yes to the practitioner event', true, false],
    ['can’t make the consideration meeting, sorry', false, true],
    ['no to LR-2026-002', false, true],
    ['yes for LR-2026-001', true, false],
    ['yes to Tuesday', true, true],
  ])('"%s" names the event: %s; the meeting: %s', (text, event, meeting) => {
    const reply = read(text);
    expect(reply.kind).not.toBe('none');
    if (reply.kind === 'none') return;
    expect(namesAMeeting(reply.target)).toBe(true);
    expect(replyNames(reply.target, practitionerEvent, ZONE)).toBe(event);
    expect(replyNames(reply.target, consideration, ZONE)).toBe(meeting);
  });

  it('does not take the day someone is back as the meeting', () => {
    const reply = read('no sorry, on leave until Monday');
    expect(reply).toMatchObject({ kind: 'answer', response: 'not_attending' });
    if (reply.kind === 'answer') expect(namesAMeeting(reply.target)).toBe(false);
  });
});
