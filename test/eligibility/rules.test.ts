import type { EligibilityFacts, GuardianFacts, PersonFacts } from '../../workflows/eligibility/contract';
import {
  ageOn,
  checkCharacter,
  generateIdentityCode,
  helsinkiDate,
  parseIdentityCode,
  type CalendarDate,
} from '../../workflows/eligibility/identity-code';
import {
  decideEligibility,
  NO_FINNISH_HOME_MUNICIPALITY_CODES,
  unavailableDecision,
} from '../../workflows/eligibility/rules';

const TODAY: CalendarDate = { year: 2026, month: 6, day: 15 };
const NO_PERMIT = { nonDisclosurePermit: false };
const PERMIT = { nonDisclosurePermit: true };

const ADULT = generateIdentityCode({ year: 1990, month: 1, day: 10 }, 123);
const CHILD_8 = generateIdentityCode({ year: 2018, month: 3, day: 1 }, 456);
const CHILD_15 = generateIdentityCode({ year: 2011, month: 1, day: 20 }, 457);
const GUARDIAN = generateIdentityCode({ year: 1985, month: 5, day: 5 }, 234);

const person = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  found: true,
  deceased: false,
  nonDisclosure: false,
  homeMunicipalityCode: '091',
  ...over,
});
const guardian = (over: Partial<GuardianFacts> = {}): GuardianFacts => ({
  ...person({ homeMunicipalityCode: null }),
  listedAsGuardian: true,
  ...over,
});
const facts = (subject: Partial<PersonFacts> = {}, more: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  subject: person(subject),
  municipalityLive: true,
  ...more,
});

describe('decideEligibility: each reason for a user signing in', () => {
  it.each([
    ['not in the register', facts({ found: false }), NO_PERMIT, 'DENY', 'PERSON_NOT_FOUND', null],
    ['deceased', facts({ deceased: true }), NO_PERMIT, 'DENY', 'DECEASED', null],
    ['non-disclosure, no permit', facts({ nonDisclosure: true, homeMunicipalityCode: null }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NON_DISCLOSURE', null],
    ['non-disclosure, permit on', facts({ nonDisclosure: true }), PERMIT, 'ALLOW', 'ELIGIBLE', '091'],
    ['home municipality null', facts({ homeMunicipalityCode: null }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY', null],
    ['home municipality empty', facts({ homeMunicipalityCode: '' }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY', null],
    ['home municipality 198 (none in Finland)', facts({ homeMunicipalityCode: '198' }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY', null],
    ['home municipality 199 (unknown)', facts({ homeMunicipalityCode: '199' }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY', null],
    ['home municipality 200 (abroad)', facts({ homeMunicipalityCode: '200' }, { municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY', null],
    ['municipality not live', facts({}, { municipalityLive: false }), NO_PERMIT, 'DENY', 'MUNICIPALITY_NOT_JOINED', '091'],
    ['municipality liveness not asked', facts({}, { municipalityLive: null }), NO_PERMIT, 'DENY', 'MUNICIPALITY_NOT_JOINED', '091'],
    ['resident of a live municipality', facts(), NO_PERMIT, 'ALLOW', 'ELIGIBLE', '091'],
  ])('%s → %s %s', (_case, f, options, outcome, reason, municipalityCode) => {
    const result = decideEligibility({ personId: ADULT }, f, TODAY, options);
    expect(result).toMatchObject({ decision: outcome, reason, municipalityCode });
  });

  it('child under 13 alone → GUARDIAN_REQUIRED', () => {
    expect(decideEligibility({ personId: CHILD_8 }, facts(), TODAY, NO_PERMIT)).toMatchObject({
      decision: 'DENY',
      reason: 'GUARDIAN_REQUIRED',
      municipalityCode: '091',
    });
  });

  it('child of 13-17 alone → ELIGIBLE', () => {
    expect(decideEligibility({ personId: CHILD_15 }, facts(), TODAY, NO_PERMIT).reason).toBe('ELIGIBLE');
  });

  it('exports the codes meaning no Finnish home municipality', () => {
    expect(NO_FINNISH_HOME_MUNICIPALITY_CODES).toEqual(['198', '199', '200']);
  });
});

describe('decideEligibility: precedence (the first rule that applies decides)', () => {
  it.each([
    ['not found beats deceased', { personId: ADULT }, facts({ found: false, deceased: true }), NO_PERMIT, 'PERSON_NOT_FOUND'],
    ['an identity code that does not parse is not found', { personId: '010190-1230' }, facts(), NO_PERMIT, 'PERSON_NOT_FOUND'],
    ['deceased beats non-disclosure', { personId: ADULT }, facts({ deceased: true, nonDisclosure: true }), NO_PERMIT, 'DECEASED'],
    ['a guardian not listed beats a deceased child (privacy: nothing learnt about a stranger)', { personId: CHILD_8, guardianId: GUARDIAN }, facts({ deceased: true }, { guardian: guardian({ listedAsGuardian: false }) }), NO_PERMIT, 'NOT_GUARDIAN'],
    ['a listed guardian: a deceased child is DECEASED', { personId: CHILD_8, guardianId: GUARDIAN }, facts({ deceased: true }, { guardian: guardian() }), NO_PERMIT, 'DECEASED'],
    ['with the permit, data the register withholds (0019) are non-disclosure, not "no home municipality"', { personId: ADULT }, facts({ nonDisclosure: true, withheld: true, homeMunicipalityCode: null }, { municipalityLive: null }), PERMIT, 'NON_DISCLOSURE'],
    ['a child never asked about (not listed) is NOT_GUARDIAN', { personId: CHILD_8, guardianId: GUARDIAN }, { subject: null, guardian: guardian({ listedAsGuardian: false }), municipalityLive: null }, NO_PERMIT, 'NOT_GUARDIAN'],
    ['not guardian beats non-disclosure', { personId: CHILD_8, guardianId: GUARDIAN }, facts({ nonDisclosure: true }, { guardian: guardian({ listedAsGuardian: false }) }), NO_PERMIT, 'NOT_GUARDIAN'],
    ['non-disclosure beats no home municipality', { personId: ADULT }, facts({ nonDisclosure: true, homeMunicipalityCode: null }, { municipalityLive: null }), NO_PERMIT, 'NON_DISCLOSURE'],
    ['with the permit, no home municipality still refuses', { personId: ADULT }, facts({ nonDisclosure: true, homeMunicipalityCode: '200' }, { municipalityLive: null }), PERMIT, 'NO_HOME_MUNICIPALITY'],
    ['with the permit, a municipality not live still refuses', { personId: ADULT }, facts({ nonDisclosure: true }, { municipalityLive: false }), PERMIT, 'MUNICIPALITY_NOT_JOINED'],
    ['no home municipality beats not joined', { personId: ADULT }, facts({ homeMunicipalityCode: '198' }, { municipalityLive: false }), NO_PERMIT, 'NO_HOME_MUNICIPALITY'],
    ['not joined beats guardian required', { personId: CHILD_8 }, facts({}, { municipalityLive: false }), NO_PERMIT, 'MUNICIPALITY_NOT_JOINED'],
    ['non-disclosure beats guardian required', { personId: CHILD_8 }, facts({ nonDisclosure: true, homeMunicipalityCode: null }), NO_PERMIT, 'NON_DISCLOSURE'],
  ])('%s', (_case, request, f, options, reason) => {
    expect(decideEligibility(request, f, TODAY, options).reason).toBe(reason);
  });
});

describe('decideEligibility: a guardian acting for a child', () => {
  const forChild = (childId: string, f: EligibilityFacts, options = NO_PERMIT) =>
    decideEligibility({ personId: childId, guardianId: GUARDIAN }, f, TODAY, options);

  it.each([
    ['listed guardian, child of 8', CHILD_8, facts({}, { guardian: guardian() }), NO_PERMIT, 'ALLOW', 'ELIGIBLE'],
    ['listed guardian, child of 15', CHILD_15, facts({}, { guardian: guardian() }), NO_PERMIT, 'ALLOW', 'ELIGIBLE'],
    ['guardian not listed for this child', CHILD_8, facts({}, { guardian: guardian({ listedAsGuardian: false }) }), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['guardian not in the register', CHILD_8, facts({}, { guardian: guardian({ found: false, listedAsGuardian: false }) }), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['guardian deceased', CHILD_8, facts({}, { guardian: guardian({ deceased: true }) }), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['no guardian facts at all', CHILD_8, facts(), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['"child" is an adult', ADULT, facts({}, { guardian: guardian() }), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['guardian has non-disclosure', CHILD_8, facts({}, { guardian: guardian({ nonDisclosure: true }) }), NO_PERMIT, 'DENY', 'NON_DISCLOSURE'],
    ['guardian has non-disclosure, permit on', CHILD_8, facts({}, { guardian: guardian({ nonDisclosure: true }) }), PERMIT, 'ALLOW', 'ELIGIBLE'],
    ['child has non-disclosure', CHILD_8, facts({ nonDisclosure: true, homeMunicipalityCode: null }, { guardian: guardian(), municipalityLive: null }), NO_PERMIT, 'DENY', 'NON_DISCLOSURE'],
    ["child's municipality not live", CHILD_8, facts({ homeMunicipalityCode: '049' }, { guardian: guardian(), municipalityLive: false }), NO_PERMIT, 'DENY', 'MUNICIPALITY_NOT_JOINED'],
    ['child without a Finnish home municipality', CHILD_8, facts({ homeMunicipalityCode: '200' }, { guardian: guardian(), municipalityLive: null }), NO_PERMIT, 'DENY', 'NO_HOME_MUNICIPALITY'],
    ['child not in the register, guardian not listed: nothing learnt', CHILD_8, facts({ found: false }, { guardian: guardian({ listedAsGuardian: false }) }), NO_PERMIT, 'DENY', 'NOT_GUARDIAN'],
    ['listed child not in the register', CHILD_8, facts({ found: false }, { guardian: guardian() }), NO_PERMIT, 'DENY', 'PERSON_NOT_FOUND'],
  ])('%s → %s %s', (_case, childId, f, options, outcome, reason) => {
    expect(forChild(childId, f, options)).toMatchObject({ decision: outcome, reason });
  });

  it("the child's home municipality decides and is returned", () => {
    const result = forChild(CHILD_8, facts({ homeMunicipalityCode: '049' }, { guardian: guardian() }));
    expect(result.municipalityCode).toBe('049');
    expect(result.message.en).toBe('You can use E-kirjasto on behalf of your child.');
  });

  it('speaks of the child when the child is the reason', () => {
    const result = forChild(CHILD_8, facts({}, { guardian: guardian(), municipalityLive: false }));
    expect(result.message).toEqual({
      fi: 'Lapsen kotikunta ei ole vielä liittynyt E-kirjastoon.',
      sv: 'Barnets hemkommun har ännu inte anslutit sig till E-biblioteket.',
      en: "The child's home municipality has not joined E-kirjasto yet.",
    });
  });
});

describe('decideEligibility: ages turn exactly on the birthday (Helsinki date)', () => {
  const BORN = { year: 2010, month: 6, day: 15 };
  const child = generateIdentityCode(BORN, 321, 'B');
  const on = (year: number, month: number, day: number): CalendarDate => ({ year, month, day });
  const withGuardian = { personId: child, guardianId: GUARDIAN };
  const alone = { personId: child };
  const liveWithGuardian = facts({}, { guardian: guardian() });

  it.each([
    ['alone, day before 13th birthday (12)', alone, on(2023, 6, 14), 'GUARDIAN_REQUIRED'],
    ['alone, on 13th birthday', alone, on(2023, 6, 15), 'ELIGIBLE'],
    ['alone, day after 13th birthday', alone, on(2023, 6, 16), 'ELIGIBLE'],
    ['alone, at 12 and a half', alone, on(2022, 12, 31), 'GUARDIAN_REQUIRED'],
    ['alone, day before 18th birthday (17)', alone, on(2028, 6, 14), 'ELIGIBLE'],
    ['alone, on 18th birthday', alone, on(2028, 6, 15), 'ELIGIBLE'],
    ['guardian, day before 13th birthday (12)', withGuardian, on(2023, 6, 14), 'ELIGIBLE'],
    ['guardian, on 13th birthday', withGuardian, on(2023, 6, 15), 'ELIGIBLE'],
    ['guardian, day before 18th birthday (17)', withGuardian, on(2028, 6, 14), 'ELIGIBLE'],
    ['guardian, on 18th birthday', withGuardian, on(2028, 6, 15), 'NOT_GUARDIAN'],
    ['guardian, day after 18th birthday', withGuardian, on(2028, 6, 16), 'NOT_GUARDIAN'],
  ])('%s → %s', (_case, request, today, reason) => {
    expect(decideEligibility(request, liveWithGuardian, today, NO_PERMIT).reason).toBe(reason);
  });

  it.each([
    [on(2025, 2, 28), 'GUARDIAN_REQUIRED'],
    [on(2025, 3, 1), 'ELIGIBLE'],
    [on(2024, 2, 29), 'GUARDIAN_REQUIRED'],
  ])('born on 29 February 2012, on %o → %s', (today, reason) => {
    const leapling = generateIdentityCode({ year: 2012, month: 2, day: 29 }, 300);
    expect(decideEligibility({ personId: leapling }, facts(), today, NO_PERMIT).reason).toBe(reason);
  });
});

describe('decideEligibility: every century sign', () => {
  it.each([
    ['+', 1890, 'ELIGIBLE'],
    ['-', 1990, 'ELIGIBLE'],
    ['Y', 1990, 'ELIGIBLE'],
    ['X', 1990, 'ELIGIBLE'],
    ['W', 1990, 'ELIGIBLE'],
    ['V', 1990, 'ELIGIBLE'],
    ['U', 1990, 'ELIGIBLE'],
    ['A', 2020, 'GUARDIAN_REQUIRED'],
    ['B', 2020, 'GUARDIAN_REQUIRED'],
    ['C', 2020, 'GUARDIAN_REQUIRED'],
    ['D', 2020, 'GUARDIAN_REQUIRED'],
    ['E', 2020, 'GUARDIAN_REQUIRED'],
    ['F', 2010, 'ELIGIBLE'],
  ])('sign %s: born %i → %s', (sign, year, reason) => {
    const personId = generateIdentityCode({ year, month: 1, day: 10 }, 123, sign);
    expect(personId[6]).toBe(sign);
    const parsed = parseIdentityCode(personId);
    expect(parsed).toMatchObject({ ok: true, code: personId, birthDate: { year, month: 1, day: 10 } });
    expect(decideEligibility({ personId }, facts(), TODAY, NO_PERMIT).reason).toBe(reason);
  });
});

describe('unavailableDecision', () => {
  it('asks to try again later, never refuses', () => {
    expect(unavailableDecision()).toEqual({
      decision: 'UNAVAILABLE',
      reason: 'REGISTER_UNAVAILABLE',
      municipalityCode: null,
      message: {
        fi: expect.stringContaining('Yritä hetken kuluttua uudelleen'),
        sv: expect.stringContaining('Försök igen'),
        en: expect.stringContaining('try again'),
      },
    });
  });
});

describe('every decision has an end-user message in Finnish, Swedish and English', () => {
  it.each([
    [{ personId: ADULT }, facts()],
    [{ personId: ADULT }, facts({ found: false })],
    [{ personId: ADULT }, facts({ deceased: true })],
    [{ personId: CHILD_8, guardianId: GUARDIAN }, facts({}, { guardian: guardian({ listedAsGuardian: false }) })],
    [{ personId: ADULT }, facts({ nonDisclosure: true })],
    [{ personId: CHILD_8, guardianId: GUARDIAN }, facts({ homeMunicipalityCode: null }, { guardian: guardian() })],
    [{ personId: ADULT }, facts({}, { municipalityLive: false })],
    [{ personId: CHILD_8 }, facts()],
  ])('%#', (request, f) => {
    const { message } = decideEligibility(request, f, TODAY, NO_PERMIT);
    for (const text of [message.fi, message.sv, message.en]) expect(text.length).toBeGreaterThan(10);
    expect(new Set([message.fi, message.sv, message.en]).size).toBe(3);
  });
});

describe('parseIdentityCode', () => {
  const withCheck = (ddmmyy: string, sign: string, zzz: string) => ddmmyy + sign + zzz + checkCharacter(ddmmyy + zzz);

  it.each([
    ['131052-308T', { year: 1952, month: 10, day: 13 }, 308, false],
    ['010594Y9032', { year: 1994, month: 5, day: 1 }, 903, true],
    ['010594Y9021', { year: 1994, month: 5, day: 1 }, 902, true],
    ['020594X903P', { year: 1994, month: 5, day: 2 }, 903, true],
    ['010516B903X', { year: 2016, month: 5, day: 1 }, 903, true],
    ['010501F9032', { year: 2001, month: 5, day: 1 }, 903, true],
    [withCheck('290200', 'A', '002'), { year: 2000, month: 2, day: 29 }, 2, false],
    [withCheck('311299', '+', '899'), { year: 1899, month: 12, day: 31 }, 899, false],
    [withCheck('010100', 'A', '900'), { year: 2000, month: 1, day: 1 }, 900, true],
    [withCheck('010100', 'U', '999'), { year: 1900, month: 1, day: 1 }, 999, true],
  ])('accepts %s', (code, birthDate, individualNumber, temporary) => {
    expect(parseIdentityCode(code)).toEqual({ ok: true, code, birthDate, individualNumber, temporary });
  });

  it('keeps the century sign: 100190-999P and 100190Y999P are different people', () => {
    const dash = parseIdentityCode('100190-999P');
    const y = parseIdentityCode('100190Y999P');
    expect(dash).toMatchObject({ ok: true, code: '100190-999P' });
    expect(y).toMatchObject({ ok: true, code: '100190Y999P' });
  });

  it.each([
    ['wrong check character', '131052-308U', 'the check character does not match'],
    ['check character from another sign position', '131052A308T', 'ok'],
    ['31 February', withCheck('310290', '-', '123'), 'not a real calendar date'],
    ['29 February in a common year', withCheck('290201', 'A', '123'), 'not a real calendar date'],
    ['29 February 1900 (not a leap year)', withCheck('290200', '-', '123'), 'not a real calendar date'],
    ['31 April', withCheck('310490', '-', '123'), 'not a real calendar date'],
    ['month 13', withCheck('011390', '-', '123'), 'not a real calendar date'],
    ['day 00', withCheck('000190', '-', '123'), 'not a real calendar date'],
    ['individual number 000', withCheck('010190', '-', '000'), 'between 002 and 999'],
    ['individual number 001', withCheck('010190', '-', '001'), 'between 002 and 999'],
    ['unknown sign G', withCheck('010190', 'G', '123'), 'century sign'],
    ['unknown sign Z', withCheck('010190', 'Z', '123'), 'century sign'],
    ['space as sign', withCheck('010190', ' ', '123'), 'century sign'],
    ['lower-case sign', withCheck('010190', 'a', '123'), 'upper-case'],
    ['lower-case check character', '131052-308t', 'upper-case'],
    ['too short', '131052-308', '11 characters'],
    ['too long', '131052-308TT', '11 characters'],
    ['letters in the date', '13105X-308T', 'the form DDMMYYCZZZQ'],
    ['letters in the individual number', '131052-3O8T', 'the form DDMMYYCZZZQ'],
    ['a number', 131052308, 'a string'],
    ['null', null, 'a string'],
    ['undefined', undefined, 'a string'],
  ])('%s', (_case, value, problemPart) => {
    const result = parseIdentityCode(value);
    if (problemPart === 'ok') {
      // The sign does not enter the check character, so any valid sign keeps it valid.
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(/^is not a valid Finnish personal identity code: /);
    expect(result.problem).toContain(problemPart);
    if (typeof value === 'string') expect(result.problem).not.toContain(value);
  });
});

describe('generateIdentityCode', () => {
  it('produces codes that parse back', () => {
    const code = generateIdentityCode({ year: 2005, month: 12, day: 24 }, 42, 'D');
    expect(code).toMatch(/^241205D042.$/);
    expect(parseIdentityCode(code)).toMatchObject({ ok: true, individualNumber: 42, temporary: false });
  });

  it.each([
    ['a sign of another century', () => generateIdentityCode({ year: 1990, month: 1, day: 1 }, 123, 'A')],
    ['a year outside 1800-2099', () => generateIdentityCode({ year: 2100, month: 1, day: 1 }, 123)],
    ['an impossible date', () => generateIdentityCode({ year: 1990, month: 2, day: 30 }, 123)],
    ['an unused individual number', () => generateIdentityCode({ year: 1990, month: 1, day: 1 }, 1)],
  ])('refuses %s', (_case, generate) => {
    expect(generate).toThrow(/generateIdentityCode/);
  });
});

describe('ageOn', () => {
  it.each([
    [{ year: 2000, month: 5, day: 10 }, { year: 2018, month: 5, day: 9 }, 17],
    [{ year: 2000, month: 5, day: 10 }, { year: 2018, month: 5, day: 10 }, 18],
    [{ year: 2000, month: 5, day: 10 }, { year: 2018, month: 12, day: 31 }, 18],
    [{ year: 2000, month: 5, day: 10 }, { year: 2000, month: 5, day: 10 }, 0],
    [{ year: 2004, month: 2, day: 29 }, { year: 2021, month: 2, day: 28 }, 16],
    [{ year: 2004, month: 2, day: 29 }, { year: 2021, month: 3, day: 1 }, 17],
    [{ year: 2004, month: 2, day: 29 }, { year: 2024, month: 2, day: 29 }, 20],
  ])('born %o, on %o → %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('helsinkiDate', () => {
  it.each([
    [Date.UTC(2024, 0, 1, 21, 59), { year: 2024, month: 1, day: 1 }],
    [Date.UTC(2024, 0, 1, 22, 0), { year: 2024, month: 1, day: 2 }],
    [Date.UTC(2024, 5, 30, 20, 59), { year: 2024, month: 6, day: 30 }],
    [Date.UTC(2024, 5, 30, 21, 0), { year: 2024, month: 7, day: 1 }],
    [Date.UTC(2023, 11, 31, 22, 30), { year: 2024, month: 1, day: 1 }],
  ])('%i → %o (EET/EEST, not UTC)', (epochMs, date) => {
    expect(helsinkiDate(epochMs)).toEqual(date);
  });
});
