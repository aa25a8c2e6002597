/**
 * The subject of a review is known only by a pseudonym: a word such as Child, Adult, Young Person or
 * Family and one capital letter, optionally with digits (issue of the procedure; 001 §2: the report
 * is anonymised, no one is named; 004: "your name will not be included").
 */
import { checkPseudonym, nextPseudonym } from '../../src/domain';

describe('a pseudonym', () => {
  it.each([
    ['Child A', 'Child A'],
    ['Adult B2', 'Adult B2'],
    ['Young Person C', 'Young Person C'],
    ['Family D', 'Family D'],
    ['  child   e ', 'Child E'],
  ])('takes %j as %j', (typed, stored) => {
    expect(checkPseudonym(typed)).toEqual({ ok: true, pseudonym: stored });
  });

  it('refuses a name, saying why', () => {
    const check = checkPseudonym('Jane Smith');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toBe(
      '"Jane Smith" cannot be a pseudonym. A pseudonym is a word such as Child, Adult, Young Person or Family and one capital letter, optionally with digits, e.g. "Child A" or "Adult B2", so that the child or adult is never named.',
    );
  });

  it('refuses initials, saying they read as initials', () => {
    const check = checkPseudonym('Child JS');
    expect(!check.ok && check.reason).toBe(
      '"Child JS" has more than one letter after "Child", which reads like initials. Use one letter, e.g. "Child J", so that the subject cannot be identified.',
    );
    expect(checkPseudonym('Adult AB12').ok).toBe(false);
  });

  it.each(['Child Smith', 'Child', 'A', 'Child A-B', 'Child 7'])('refuses %j', (typed) => {
    expect(checkPseudonym(typed).ok).toBe(false);
  });

  it("checks against the committee's own words when it has set them", () => {
    const words = ['Baby', 'Child'];
    expect(checkPseudonym('Baby A', words)).toEqual({ ok: true, pseudonym: 'Baby A' });
    const check = checkPseudonym('Adult A', words);
    expect(!check.ok && check.reason).toMatch(/a word such as Baby or Child and one capital letter/);
  });
});

describe('the next free pseudonym', () => {
  it("takes the next free letter of the committee's year, by the kind of review", () => {
    expect(nextPseudonym('CP', [])).toBe('Child A');
    expect(nextPseudonym('CP', ['Child A', 'child b', 'Adult C'])).toBe('Child C');
    expect(nextPseudonym('ASP', ['Child A', 'Adult A'])).toBe('Adult B');
  });

  it('goes on to A2 once the alphabet is used', () => {
    const all = Array.from({ length: 26 }, (_, i) => `Child ${String.fromCharCode(65 + i)}`);
    expect(nextPseudonym('CP', all)).toBe('Child A2');
  });
});
