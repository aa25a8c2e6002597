/**
 * Reads a typed answer to an invitation ("yes I'll be there", "can't make it, on leave", "not sure
 * yet", "yes to Tuesday") without any outside service. The phrases live in data
 * (`invitation-replies.json`). A reply counts only when every word is an answer phrase, a filler
 * word, or says which meeting (a reference, a day or a date, a kind of meeting); the longest phrase
 * wins. Anything else that holds an answer phrase ("yes, but who is chairing?") is unclear: the bot
 * says what it understood and offers the buttons. Dates are read the British way with chrono-node.
 */
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';
import type { InvitationResponse, MeetingKind } from '../domain';
import phrases from './invitation-replies.json';

/** Which meeting the reply names, if it names one. */
export interface ReplyTarget {
  reference: string | null;
  /** Calendar dates (`YYYY-MM-DD`) named in full or by day of the month. */
  dates: string[];
  daysOfMonth: number[];
  /** Weekdays named, 1 (Monday) to 7 (Sunday). */
  weekdays: number[];
  kinds: MeetingKind[];
}

export type InvitationReply =
  /** Not an answer at all: left to the command router. */
  | { kind: 'none' }
  | { kind: 'answer'; response: InvitationResponse; target: ReplyTarget }
  /** Holds an answer phrase, but also something else (a question, other words, two answers). */
  | { kind: 'unclear'; understood: InvitationResponse | null; target: ReplyTarget };

type Phrase = { words: string[]; response: InvitationResponse | null; kind: MeetingKind | null };

const split = (phrase: string): string[] => phrase.split(' ').filter((w) => w !== '');

/** Every phrase, longest first, so that "not sure" is read before "sure". */
const PHRASES: Phrase[] = [
  ...Object.entries(phrases.answers).flatMap(([response, list]) =>
    list.map((p) => ({ words: split(p), response: response as InvitationResponse, kind: null })),
  ),
  ...Object.entries(phrases.kinds).map(([p, kind]) => ({ words: split(p), response: null, kind: kind as MeetingKind })),
  ...[...phrases.filler, ...phrases.target].map((p) => ({ words: split(p), response: null, kind: null })),
].sort((a, b) => b.words.length - a.words.length);

const REFERENCE = /\blr-\d{4}-\d{3,4}\b/i;
const ORDINAL_DAY = /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/g;
/** Dates after these words are not the meeting's ("on leave until Monday"). */
const NOT_THE_MEETING = /\b(?:until|till|til|back|from|after|since|returning)\s*$/;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[^a-z0-9'/?\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Takes the dates out of the text, noting those that name the meeting. */
function takeDates(text: string, now: Date, timeZone: string, target: ReplyTarget): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const reference = new Date(Date.UTC(local.year, local.month - 1, local.day, 12));
  let rest = text;
  for (const found of chrono.GB.parse(text, reference, { forwardDate: true }).reverse()) {
    if (found.text.trim() === 'now') continue;
    const before = text.slice(0, found.index);
    if (!NOT_THE_MEETING.test(before)) {
      if (found.start.isCertain('day')) {
        const d = found.start;
        target.dates.push(
          DateTime.fromObject({
            year: d.get('year') ?? local.year,
            month: d.get('month') ?? 1,
            day: d.get('day') ?? 1,
          }).toISODate() ?? '',
        );
      } else if (found.start.isCertain('weekday')) {
        const weekday = found.start.get('weekday') ?? 0;
        target.weekdays.push(weekday === 0 ? 7 : weekday);
      }
    }
    rest = `${rest.slice(0, found.index)} ${rest.slice(found.index + found.text.length)}`;
  }
  return rest.replace(ORDINAL_DAY, (_all, day: string) => {
    target.daysOfMonth.push(Number(day));
    return ' ';
  });
}

export function readInvitationReply(text: string, now: Date, timeZone: string): InvitationReply {
  const target: ReplyTarget = { reference: null, dates: [], daysOfMonth: [], weekdays: [], kinds: [] };
  let body = normalise(text);
  const question = body.includes('?');
  body = body.replace(/\?/g, ' ');
  const reference = REFERENCE.exec(body);
  if (reference) {
    target.reference = reference[0].toUpperCase();
    body = body.replace(REFERENCE, ' ');
  }
  body = takeDates(body, now, timeZone, target);
  const words = split(body.replace(/\s+/g, ' ').trim());

  const responses = new Set<InvitationResponse>();
  let strays = 0;
  for (let i = 0; i < words.length;) {
    const match = PHRASES.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (!match) {
      strays += 1;
      i += 1;
      continue;
    }
    if (match.response) responses.add(match.response);
    if (match.kind && !target.kinds.includes(match.kind)) target.kinds.push(match.kind);
    i += match.words.length;
  }
  if (responses.size === 0) return { kind: 'none' };
  const understood = responses.size === 1 ? [...responses][0] : null;
  if (question || strays > 0 || understood === null) return { kind: 'unclear', understood, target };
  return { kind: 'answer', response: understood, target };
}

/** Whether a meeting (its start in the committee's zone, its kind, its review) is the one a reply names. */
export function replyNames(
  target: ReplyTarget,
  meeting: { startsAt: Date; kind: MeetingKind; reference: string },
  timeZone: string,
): boolean {
  const day = DateTime.fromJSDate(meeting.startsAt, { zone: timeZone });
  if (target.reference !== null && target.reference !== meeting.reference) return false;
  if (target.dates.length > 0 && !target.dates.includes(day.toISODate() ?? '')) return false;
  if (target.daysOfMonth.length > 0 && !target.daysOfMonth.includes(day.day)) return false;
  if (target.weekdays.length > 0 && !target.weekdays.includes(day.weekday)) return false;
  if (target.kinds.length > 0 && !target.kinds.includes(meeting.kind)) return false;
  return true;
}

export const namesAMeeting = (target: ReplyTarget): boolean =>
  target.reference !== null ||
  target.dates.length > 0 ||
  target.daysOfMonth.length > 0 ||
  target.weekdays.length > 0 ||
  target.kinds.length > 0;
