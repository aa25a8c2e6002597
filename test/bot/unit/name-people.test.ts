/**
 * Where the person a command names ends, and how a list of people splits: "me", an @mention (its
 * `<at>…</at>` text, or a plain `@Name` as long as the longest name mentioned), or an e-mail
 * address; a comma inside a mentioned name does not split it.
 */
import { peopleListed, personAtStart } from '../../../src/bot/name-people';

const MENTIONED = [{ name: 'Jo Bloggs' }, { name: 'Jo' }, { name: 'Bloggs, Sam' }];

describe('the person at the start of a line', () => {
  it.each([
    ['me for Police Scotland', 'me', 'for Police Scotland'],
    ['Me', 'Me', ''],
    ['me@nhs.scot for NHS Lothian', 'me@nhs.scot', 'for NHS Lothian'],
    ['jo.bloggs@nhs.scot, me', 'jo.bloggs@nhs.scot', ', me'],
    ['<at>Jo Bloggs</at> for Police Scotland', '<at>Jo Bloggs</at>', 'for Police Scotland'],
    ['@Jo Bloggs for Police Scotland', '@Jo Bloggs', 'for Police Scotland'],
    ['@jo bloggs', '@jo bloggs', ''],
    ['@Jo for Police Scotland', '@Jo', 'for Police Scotland'],
    ['@Pat Nobody', '@Pat', 'Nobody'],
  ])('%j names %j, and leaves %j', (text, named, rest) => {
    expect(personAtStart(text, MENTIONED)).toEqual({ named, rest });
  });

  it.each(['Jo', 'men', 'jo.bloggs@nhs', 'jo.bloggs@nhs.scot.', ''])('%j starts with nobody', (text) => {
    expect(personAtStart(text, MENTIONED)).toBeNull();
  });
});

describe('a list of people', () => {
  it.each([
    ['me, jo.bloggs@nhs.scot and @Jo Bloggs', ['me', 'jo.bloggs@nhs.scot', '@Jo Bloggs']],
    ['<at>Bloggs, Sam</at>, me', ['<at>Bloggs, Sam</at>', 'me']],
    ['@Bloggs, Sam and me', ['@Bloggs, Sam', 'me']],
    ['me, and jo.bloggs@nhs.scot,', ['me', 'jo.bloggs@nhs.scot']],
    // Not people: kept as typed, so the answer can say what was not understood.
    ['Jo Bloggs, me', ['Jo Bloggs', 'me']],
    ['me Room 5', ['me Room 5']],
  ])('%j names %j', (text, people) => {
    expect(peopleListed(text, MENTIONED)).toEqual(people);
  });
});
