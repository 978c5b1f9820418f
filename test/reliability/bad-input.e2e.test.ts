// Malformed and hostile requests on every route, on the real stack (API, Temporal dev server, worker,
// PostgreSQL, register simulator): each must be refused with its exact 4xx, as problem+json whose detail
// a person can read and that gives nothing away, and nothing may change. Then the races: the same
// signature ten times at once, different signatures at once, the same onboarding started twice at once.
//
// The table found five product bugs when it was written (deep JSON, long idempotency keys, __proto__
// keys, echoed identity codes, echoed step names); its cases now assert the fixes.
import { checkCharacter, generateIdentityCode } from '../../workflows/eligibility/identity-code';
import { onboardingWorkflowId, searchAttributes } from '../../workflows/onboarding/contract';
import { FIXTURE, ID } from '../register/support/fixture-population';
import { SimulatorProcess, startSimulator, writePopulation } from '../register/support/simulator-process';
import { startTestStack, TestStack } from '../support/stack';
import { BadRequestCase, describeAnswer, problemViolations, send } from './support/bad-request';

// ---------------------------------------------------------------------------------------------------
// Fixtures the table relies on (arranged in beforeAll through the API):
//   helmet (049 091 092 235): every survey answered, 049 and 091 signed  → SIGNATURES
//   kirkes (186 245 505 858): 186 answered                               → SURVEY
//   vaski: never started; ratamo and lukki: kept for the races.
// ---------------------------------------------------------------------------------------------------
const A = 'helmet';
const A_MEMBERS = ['049', '091', '092', '235'];
const A_SIGNED = ['049', '091'];
const B = 'kirkes';
const B_ANSWERED = '186';
const B_UNANSWERED = '245';
const NOT_STARTED = 'vaski';
const NOT_STARTED_MEMBER = '202';
const RACE = 'ratamo';
const RACE_MEMBERS = ['086', '106', '433', '543', '694'];
const STARTED_TWICE = 'lukki';

const answer = (code: string) => ({ intendsToJoin: true, desiredSchedule: 'first round (April 2024)', contactEmail: `kirjasto-${code}@example.fi` });
const SIGNATURE = { signedOn: '2024-03-01', signatory: 'Kirjastotoimenjohtaja Maija Meikäläinen' };
const ROUND = { name: '2024-opening', signingDeadline: '2024-03-15', goLiveDate: '2024-04-23' }; // seeded

// ---------------------------------------------------------------------------------------------------
// Identity codes: valid ones from the fixture population, and every malformed kind built from them.
// ---------------------------------------------------------------------------------------------------
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** DDMMYY C ZZZ with the right check character, whatever the date (so only the date is wrong). */
const withCheck = (ddmmyy: string, sign: string, zzz: string) => ddmmyy + sign + zzz + checkCharacter(ddmmyy + zzz);
const wrongCheck = (code: string) => code.slice(0, -1) + CHECK_CHARACTERS[(CHECK_CHARACTERS.indexOf(code.slice(-1)) + 1) % CHECK_CHARACTERS.length];
const yearOfSign: Record<string, number> = { '+': 1890, '-': 1980, Y: 1981, X: 1982, W: 1983, V: 1984, U: 1985, A: 2005, B: 2006, C: 2007, D: 2008, E: 2009, F: 2010 };
const validWithSign = (sign: string) => generateIdentityCode({ year: yearOfSign[sign], month: 7, day: 14 }, 234, sign);
/** A valid code whose check character is a letter (so that it can be lower-cased). */
const letterChecked = (() => {
  for (let n = 2; ; n++) {
    const code = generateIdentityCode({ year: 1980, month: 1, day: 15 }, n);
    if (/[A-Y]$/.test(code)) return code;
  }
})();
const adult = ID.adult; // 150180-101?, a resident of 091 in the simulator
const child2000s = ID.child; // B sign

const ELIGIBILITY = '/eligibility/checks';
const personIdProblem = (problem: string) => new RegExp(`^The request is invalid: personId is not a valid Finnish personal identity code: ${problem}`);
const eligibility = (name: string, personId: unknown, detail: RegExp, more: Partial<BadRequestCase> = {}): BadRequestCase => ({
  name,
  method: 'POST',
  path: ELIGIBILITY,
  role: 'login-service',
  body: { personId },
  status: 400,
  detail,
  secrets: [adult, ...(typeof personId === 'string' ? [personId] : [])],
  ...more,
});

const IDENTITY_CODE_CASES: BadRequestCase[] = [
  eligibility('identity code one character short', adult.slice(0, 10), personIdProblem('it must be exactly 11 characters long')),
  eligibility('identity code one character long', `${adult}0`, personIdProblem('it must be exactly 11 characters long')),
  eligibility('empty string', '', personIdProblem('it must be exactly 11 characters long')),
  eligibility('lower-case century sign', withCheck('140705', 'a', '234'), personIdProblem('letters must be upper-case')),
  eligibility('lower-case check character', letterChecked.toLowerCase(), personIdProblem('letters must be upper-case')),
  eligibility('unknown century sign G', withCheck('150180', 'G', '101'), personIdProblem('the century sign must be one of')),
  eligibility('unknown century sign *', withCheck('150180', '*', '101'), personIdProblem('the century sign must be one of')),
  eligibility('Unicode minus sign (U+2212) for -', adult.slice(0, 6) + '\u2212' + adult.slice(7), personIdProblem('the century sign must be one of')),
  eligibility('Cyrillic А (U+0410) for the A sign', withCheck('140705', '\u0410', '234'), personIdProblem('the century sign must be one of')),
  eligibility('31 February', withCheck('310280', '-', '123'), personIdProblem('the birth date is not a real calendar date'), { status: 422 }),
  eligibility('29 February of a non-leap year (2023)', withCheck('290223', 'A', '123'), personIdProblem('the birth date is not a real calendar date'), { status: 422 }),
  eligibility('29 February 1900 (not a leap year)', withCheck('290200', '-', '123'), personIdProblem('the birth date is not a real calendar date'), { status: 422 }),
  eligibility('month 13', withCheck('011380', '-', '123'), personIdProblem('the birth date is not a real calendar date')),
  eligibility('day 00', withCheck('000180', '-', '123'), personIdProblem('the birth date is not a real calendar date')),
  eligibility('individual number 000', withCheck('150180', '-', '000'), personIdProblem('the individual number must be between 002 and 999')),
  eligibility('individual number 001', withCheck('150180', '-', '001'), personIdProblem('the individual number must be between 002 and 999')),
  ...['+', '-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'].map((sign) =>
    eligibility(`wrong check character, sign ${sign}`, wrongCheck(validWithSign(sign)), personIdProblem('the check character does not match'), { status: 422 }),
  ),
  eligibility('leading space', ` ${adult}`, personIdProblem('it must be exactly 11 characters long')),
  eligibility('trailing newline', `${adult}\n`, personIdProblem('it must be exactly 11 characters long')),
  eligibility('space instead of the century sign', adult.slice(0, 6) + ' ' + adult.slice(7), personIdProblem('the century sign must be one of')),
  eligibility('full-width digit (U+FF11)', '\uff11' + adult.slice(1), personIdProblem('it must have the form DDMMYYCZZZQ')),
  eligibility('Arabic-Indic digit (U+0663)', adult.slice(0, 8) + '\u0663' + adult.slice(9), personIdProblem('it must have the form DDMMYYCZZZQ')),
  eligibility('null', null, /personId must be a string/),
  eligibility('a number', 150180101, /personId must be a string/),
  eligibility('an array', [adult], /personId must be a string/),
  eligibility('an object', { value: adult }, /personId must be a string/),
  eligibility('a boolean', true, /personId must be a string/),
  eligibility('SQL injection (11 characters)', "' OR 1=1 --", personIdProblem('it must have the form DDMMYYCZZZQ')),
  eligibility('SQL injection', '091; DROP TABLE "Municipality";--', personIdProblem('it must be exactly 11 characters long')),
  { ...eligibility('personId missing', undefined, /personId is required/), body: {} },
  {
    ...eligibility('guardianId with a wrong check character', child2000s, /^The request is invalid: guardianId is not a valid Finnish personal identity code: the check character does not match/, { status: 422 }),
    body: { personId: child2000s, guardianId: wrongCheck(ID.guardian) },
    secrets: [child2000s, ID.guardian, wrongCheck(ID.guardian)],
  },
  {
    ...eligibility('guardianId the same as personId', child2000s, /guardianId must be the guardian's own identity code/, { status: 422 }),
    body: { personId: child2000s, guardianId: child2000s },
    secrets: [child2000s],
  },
  { ...eligibility('guardianId null', adult, /guardianId must be a string/), body: { personId: adult, guardianId: null } },
  { ...eligibility('an unexpected field', adult, /name is not a field of this request/), body: { personId: adult, name: 'Matti Meikäläinen' } },
  {
    ...eligibility('a __proto__ key', adult, /may not contain a field named "__proto__"/),
    body: undefined,
    raw: `{"personId":"${adult}","__proto__":{"roles":["admin"]}}`,
    contentType: 'application/json',
  },
  {
    ...eligibility('a constructor key', adult, /may not contain a field named "constructor"/),
    body: undefined,
    raw: `{"personId":"${adult}","constructor":{"prototype":{"polluted":true}}}`,
    contentType: 'application/json',
  },
  { ...eligibility('a JSON array body', adult, /The request body must be a JSON object/), body: [{ personId: adult }] },
  { ...eligibility('JSON null body', adult, /not valid JSON/), body: undefined, raw: 'null', contentType: 'application/json' },
  { ...eligibility('malformed JSON', adult, /not valid JSON/), body: undefined, raw: `{"personId":"${adult}"`, contentType: 'application/json' },
  {
    ...eligibility('JSON sent as text/plain', adult, /The request body must be a JSON object/),
    body: undefined,
    raw: JSON.stringify({ personId: adult }),
    contentType: 'text/plain',
  },
  {
    ...eligibility('JSON declared as ISO-8859-1', adult, /UTF-8/),
    body: undefined,
    raw: Buffer.from(JSON.stringify({ personId: adult }), 'latin1'),
    contentType: 'application/json; charset=iso-8859-1',
    status: 415,
  },
  {
    ...eligibility('a 1 MB body', adult, /too large/),
    body: undefined,
    raw: JSON.stringify({ personId: adult, padding: 'x'.repeat(1024 * 1024) }),
    contentType: 'application/json',
    status: 413,
  },
  {
    ...eligibility('personId nested 30 000 arrays deep', adult, /nested too deeply/),
    body: undefined,
    raw: `{"personId":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
    contentType: 'application/json',
  },
  { ...eligibility('staff may not check eligibility', adult, /needs one of the roles login-service/), role: 'staff', status: 403, body: { personId: adult } },
  { ...eligibility('no bearer token', adult, /needs a bearer token/), role: null, status: 401, body: { personId: adult } },
];

// ---------------------------------------------------------------------------------------------------
// Staff routes.
// ---------------------------------------------------------------------------------------------------
const SQL_OR = "' OR 1=1 --";
const SQL_DROP = '091; DROP TABLE "Municipality";--';
const TRAVERSAL = '..%2F..%2Fetc%2Fpasswd';
const LONG = 'a'.repeat(10 * 1024);
const BAD_PERCENT = '%E0%A4%A';
const enc = encodeURIComponent;
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const staff = (c: Omit<BadRequestCase, 'role'> & { role?: BadRequestCase['role'] }): BadRequestCase => ({ role: 'staff', ...c });
const json = (raw: string) => ({ raw, contentType: 'application/json' });
const codeDetail = /^The request is invalid: path parameter code is not valid: it must be a municipality \(kunta\) code, three digits, e\.g\. 091 for Helsinki\.$/;
/** A path parameter outside its documented pattern (see the OpenAPI document). */
const badParameter = (name: string) => new RegExp(`^The request is invalid: path parameter ${name} is not valid: it must be `);
// A well-formed id is named in the answer; anything else (it may carry personal data) is not echoed.
const noConsortium = (id: string) =>
  /^[a-z0-9][a-z0-9-]{0,62}$/.test(id)
    ? new RegExp(`^There is no library consortium with id "${id}"`)
    : /^There is no library consortium with that id\./;
const invalid = (text: string) => new RegExp(`^The request is invalid: .*${text}`);


const SURVEY_CASES: BadRequestCase[] = [
  staff({ name: 'unknown municipality', method: 'POST', path: '/municipalities/999/survey', body: answer('999'), status: 404, detail: /no municipality with code 999/ }),
  staff({ name: 'two-digit code', method: 'POST', path: '/municipalities/91/survey', body: answer('091'), status: 400, detail: codeDetail }),
  staff({ name: 'SQL injection in the code', method: 'POST', path: `/municipalities/${enc(SQL_DROP)}/survey`, body: answer('091'), status: 400, detail: codeDetail }),
  staff({ name: 'path traversal in the code', method: 'POST', path: `/municipalities/${TRAVERSAL}/survey`, body: answer('091'), status: 400, detail: codeDetail }),
  staff({ name: '10 kB code', method: 'POST', path: `/municipalities/${LONG}/survey`, body: answer('091'), status: 400, detail: codeDetail }),
  staff({ name: 'full-width digits in the code', method: 'POST', path: `/municipalities/${enc('０９１')}/survey`, body: answer('091'), status: 400, detail: codeDetail }),
  staff({
    name: 'member of a consortium whose onboarding was never started',
    method: 'POST',
    path: `/municipalities/${NOT_STARTED_MEMBER}/survey`,
    body: answer(NOT_STARTED_MEMBER),
    status: 409,
    detail: /^No onboarding has been started for consortium "vaski"/,
  }),
  staff({ name: 'intendsToJoin as a string', method: 'POST', path: '/municipalities/092/survey', body: { ...answer('092'), intendsToJoin: 'true' }, status: 400, detail: invalid('intendsToJoin must be a boolean') }),
  staff({ name: 'SQL injection as the e-mail', method: 'POST', path: '/municipalities/092/survey', body: { ...answer('092'), contactEmail: SQL_OR }, status: 400, detail: invalid('contactEmail must be an e-mail address') }),
  staff({ name: 'every field missing', method: 'POST', path: '/municipalities/092/survey', body: {}, status: 400, detail: /intendsToJoin.*desiredSchedule.*contactEmail/ }),
  staff({ name: 'an unexpected field', method: 'POST', path: '/municipalities/092/survey', body: { ...answer('092'), signedOn: '2024-03-01' }, status: 400, detail: invalid('signedOn should not exist') }),
  staff({ name: 'desiredSchedule of 201 characters', method: 'POST', path: '/municipalities/092/survey', body: { ...answer('092'), desiredSchedule: 'x'.repeat(201) }, status: 400, detail: invalid('desiredSchedule must be shorter than or equal to 200 characters') }),
  staff({
    name: 'survey answer changed after signing',
    method: 'POST',
    path: `/municipalities/${A_SIGNED[0]}/survey`,
    body: { ...answer(A_SIGNED[0]), intendsToJoin: false },
    status: 409,
    detail: /^Municipality 049 already signed the agreement on 2024-03-01; its survey answer can no longer change\.$/,
  }),
  staff({
    name: 'a __proto__ key next to a valid answer',
    method: 'POST',
    path: '/municipalities/092/survey',
    ...json(`{"intendsToJoin":true,"desiredSchedule":"first round (April 2024)","contactEmail":"kirjasto-092@example.fi","__proto__":{"intendsToJoin":false}}`),
    status: 400,
    detail: /may not contain a field named "__proto__"/,
  }),
  staff({
    name: 'a constructor key next to a valid answer',
    method: 'POST',
    path: '/municipalities/092/survey',
    ...json(`{"intendsToJoin":true,"desiredSchedule":"first round (April 2024)","contactEmail":"kirjasto-092@example.fi","constructor":{"prototype":{"polluted":true}}}`),
    status: 400,
    detail: /may not contain a field named "constructor"/,
  }),
  staff({ name: 'only a __proto__ key carrying the fields', method: 'POST', path: '/municipalities/092/survey', ...json(`{"__proto__":${JSON.stringify(answer('092'))}}`), status: 400, detail: /may not contain a field named "__proto__"/ }),
  staff({ name: 'a JSON array body', method: 'POST', path: '/municipalities/092/survey', body: [answer('092')], status: 400, detail: /^The request/ }),
  staff({ name: 'malformed JSON', method: 'POST', path: '/municipalities/092/survey', ...json('{"intendsToJoin":tru'), status: 400, detail: /not valid JSON/ }),
  staff({ name: 'JSON sent as text/plain', method: 'POST', path: '/municipalities/092/survey', raw: JSON.stringify(answer('092')), contentType: 'text/plain', status: 400, detail: invalid('intendsToJoin must be a boolean') }),
  staff({
    name: 'JSON declared as windows-1252',
    method: 'POST',
    path: '/municipalities/092/survey',
    raw: Buffer.from(JSON.stringify({ ...answer('092'), desiredSchedule: 'syksyllä' }), 'latin1'),
    contentType: 'application/json; charset=windows-1252',
    status: 415,
    detail: /UTF-8/,
  }),
  staff({ name: 'a 1 MB body', method: 'POST', path: '/municipalities/092/survey', ...json(JSON.stringify({ ...answer('092'), desiredSchedule: 'x'.repeat(1024 * 1024) })), status: 413, detail: /too large/ }),
  staff({
    name: 'intendsToJoin nested 30 000 arrays deep',
    method: 'POST',
    path: '/municipalities/092/survey',
    ...json(`{"intendsToJoin":${nested(30_000)},"desiredSchedule":"x","contactEmail":"a@example.fi"}`),
    status: 400,
    detail: /nested too deeply/,
  }),
  staff({ name: 'operators may not answer surveys', method: 'POST', path: '/municipalities/092/survey', role: 'operator', body: answer('092'), status: 403, detail: /needs one of the roles staff, admin/ }),
];

const SIGNATURE_CASES: BadRequestCase[] = [
  staff({
    name: 'signature before the survey answer',
    method: 'POST',
    path: `/municipalities/${B_UNANSWERED}/signature`,
    body: SIGNATURE,
    status: 409,
    detail: /^Municipality 245 has not answered the pre-survey; record its survey answer before its signature\.$/,
  }),
  staff({
    name: 'a different signature for a member that signed',
    method: 'POST',
    path: `/municipalities/${A_SIGNED[0]}/signature`,
    body: { ...SIGNATURE, signatory: 'Someone else' },
    status: 409,
    detail: /^Municipality 049 already signed on 2024-03-01 \(.*\); a signature cannot be replaced\.$/,
  }),
  staff({
    name: 'the same signatory on another date for a member that signed',
    method: 'POST',
    path: `/municipalities/${A_SIGNED[1]}/signature`,
    body: { ...SIGNATURE, signedOn: '2024-03-02' },
    status: 409,
    detail: /a signature cannot be replaced/,
  }),
  staff({ name: 'dated in the future', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signedOn: '2999-01-01' }, status: 422, detail: /^A signature cannot be dated in the future: 2999-01-01 is after today/ }),
  staff({ name: '30 February', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signedOn: '2024-02-30' }, status: 400, detail: invalid('signedOn must be a date written YYYY-MM-DD') }),
  staff({ name: 'a date with a time', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signedOn: '2024-03-01T00:00:00Z' }, status: 400, detail: invalid('signedOn must be a date written YYYY-MM-DD') }),
  staff({ name: 'SQL injection in the date', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signedOn: "2024-03-01' OR '1'='1" }, status: 400, detail: invalid('signedOn must be a date written YYYY-MM-DD') }),
  staff({ name: 'the date as a number', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signedOn: 20240301 }, status: 400, detail: invalid('signedOn must be a date written YYYY-MM-DD') }),
  staff({ name: 'empty signatory', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signatory: '' }, status: 400, detail: invalid('signatory must name who signed') }),
  staff({ name: 'blank signatory', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signatory: '   ' }, status: 400, detail: /signatory must name who signed \(not blank\)/ }),
  staff({ name: 'signatory of 201 characters', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signatory: 'x'.repeat(201) }, status: 400, detail: invalid('signatory must be shorter than or equal to 200 characters') }),
  staff({ name: 'signatory as an object', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, signatory: { $ne: null } }, status: 400, detail: invalid('signatory must be a string') }),
  staff({
    name: 'signatory nested 5 000 objects deep (10 kB)',
    method: 'POST',
    path: '/municipalities/092/signature',
    ...json(`{"signedOn":"2024-03-01","signatory":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`),
    status: 400,
    detail: /nested too deeply/,
  }),
  staff({ name: 'an unexpected field', method: 'POST', path: '/municipalities/092/signature', body: { ...SIGNATURE, municipalityCode: '091' }, status: 400, detail: invalid('municipalityCode should not exist') }),
  staff({ name: 'member of a consortium never started', method: 'POST', path: `/municipalities/${NOT_STARTED_MEMBER}/signature`, body: SIGNATURE, status: 409, detail: /^No onboarding has been started for consortium "vaski"/ }),
  staff({ name: 'unknown municipality', method: 'POST', path: '/municipalities/000/signature', body: SIGNATURE, status: 404, detail: /no municipality with code 000/ }),
];

const INTEGRATION_CASES: BadRequestCase[] = [
  staff({ name: 'a manual step before every member signed', method: 'POST', path: `/consortia/${A}/integration/patron-authentication/complete`, status: 409, detail: /^Integration starts once every member has signed; the consortium is in phase SIGNATURES\.$/ }),
  staff({ name: 'an unknown step', method: 'POST', path: `/consortia/${A}/integration/no-such-step/complete`, status: 404, detail: /^"no-such-step" is not an integration step; the checklist is: library-system-endpoint, patron-authentication, app-presence\.$/ }),
  staff({ name: 'the automatic step confirmed by hand', method: 'POST', path: `/consortia/${A}/integration/library-system-endpoint/complete`, status: 409, detail: /verified automatically/ }),
  staff({ name: 'SQL injection as the step', method: 'POST', path: `/consortia/${A}/integration/${enc(SQL_OR)}/complete`, status: 400, detail: badParameter('step') }),
  staff({ name: 'path traversal as the step', method: 'POST', path: `/consortia/${A}/integration/${TRAVERSAL}/complete`, status: 400, detail: badParameter('step') }),
  staff({
    name: '10 kB step',
    method: 'POST',
    path: `/consortia/${A}/integration/${LONG}/complete`,
    status: 400,
    detail: badParameter('step'),
  }),
  staff({
    name: 'a 1 000-character Idempotency-Key',
    method: 'POST',
    path: `/consortia/${A}/integration/no-such-step/complete`,
    headers: { 'idempotency-key': 'k'.repeat(1000) },
    status: 404,
    detail: /is not an integration step/,
  }),
  staff({ name: 'a step of a consortium never started', method: 'POST', path: `/consortia/${NOT_STARTED}/integration/patron-authentication/complete`, status: 409, detail: /^No onboarding has been started for consortium "vaski"/ }),
  staff({ name: 'a step of an unknown consortium', method: 'POST', path: '/consortia/no-such-kimppa/integration/patron-authentication/complete', status: 404, detail: noConsortium('no-such-kimppa') }),
];

const WITHDRAW_CASES: BadRequestCase[] = [
  staff({ name: 'empty reason', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, body: { reason: '' }, status: 400, detail: invalid('reason must say why') }),
  staff({ name: 'blank reason', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, body: { reason: ' \t ' }, status: 400, detail: /reason must say why \(not blank\)/ }),
  staff({ name: 'no body', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, status: 400, detail: invalid('reason must be a string') }),
  staff({ name: 'reason as a number', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, body: { reason: 42 }, status: 400, detail: invalid('reason must be a string') }),
  staff({ name: 'reason of 501 characters', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, body: { reason: 'x'.repeat(501) }, status: 400, detail: invalid('reason must be shorter than or equal to 500 characters') }),
  staff({ name: 'an unexpected field', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, body: { reason: 'test', phase: 'LIVE' }, status: 400, detail: invalid('phase should not exist') }),
  staff({ name: 'reason sent as a form', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, raw: 'reason=council+said+no', contentType: 'application/x-www-form-urlencoded', status: 400, detail: invalid('reason must be a string') }),
  staff({
    name: 'reason nested 5 000 arrays deep',
    method: 'POST',
    path: `/consortia/${A}/onboarding/withdraw`,
    ...json(`{"reason":${nested(5_000)}}`),
    status: 400,
    detail: /nested too deeply/,
  }),
  staff({ name: 'a consortium never started', method: 'POST', path: `/consortia/${NOT_STARTED}/onboarding/withdraw`, body: { reason: 'test' }, status: 409, detail: /^No onboarding has been started for consortium "vaski"/ }),
  staff({ name: 'SQL injection as the consortium', method: 'POST', path: `/consortia/${enc(SQL_OR)}/onboarding/withdraw`, body: { reason: 'test' }, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'operators may not withdraw', method: 'POST', path: `/consortia/${A}/onboarding/withdraw`, role: 'operator', body: { reason: 'test' }, status: 403, detail: /needs one of the roles staff, admin/ }),
];

const adultAsPath = adult.toLowerCase(); // an identity code that fits the consortium-id pattern
const START_CASES: BadRequestCase[] = [
  staff({ name: 'an unknown consortium', method: 'POST', path: '/consortia/no-such-kimppa/onboarding', status: 404, detail: noConsortium('no-such-kimppa') }),
  staff({ name: 'upper-case consortium id', method: 'POST', path: '/consortia/HELMET/onboarding', status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'SQL injection as the consortium', method: 'POST', path: `/consortia/${enc(SQL_OR)}/onboarding`, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'SQL DROP as the consortium', method: 'POST', path: `/consortia/${enc(SQL_DROP)}/onboarding`, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'path traversal as the consortium', method: 'POST', path: `/consortia/${TRAVERSAL}/onboarding`, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: '10 kB consortium id', method: 'POST', path: `/consortia/${LONG}/onboarding`, status: 400, detail: badParameter('consortiumId') }),
  staff({
    name: 'broken percent-encoding in the consortium id',
    method: 'POST',
    path: `/consortia/${BAD_PERCENT}/onboarding`,
    status: 400,
    detail: /^Failed to decode param '%E0%A4%A'$/,
  }),
  staff({
    name: 'an identity code as the consortium id',
    method: 'POST',
    path: `/consortia/${adultAsPath}/onboarding`,
    status: 404,
    detail: /^There is no library consortium with that id\./,
    secrets: [adultAsPath],
  }),
  staff({ name: 'operators may not start onboardings', method: 'POST', path: `/consortia/${NOT_STARTED}/onboarding`, role: 'operator', status: 403, detail: /needs one of the roles staff, admin/ }),
  staff({ name: 'the login service may not start onboardings', method: 'POST', path: `/consortia/${NOT_STARTED}/onboarding`, role: 'login-service', status: 403, detail: /needs one of the roles staff, admin/ }),
];

const READ_CASES: BadRequestCase[] = [
  staff({ name: 'state of a consortium never started', method: 'GET', path: `/consortia/${NOT_STARTED}/onboarding`, status: 409, detail: /^No onboarding has been started for consortium "vaski"/ }),
  staff({ name: 'state of an unknown consortium', method: 'GET', path: '/consortia/no-such-kimppa/onboarding', status: 404, detail: noConsortium('no-such-kimppa') }),
  staff({ name: 'SQL injection as the consortium', method: 'GET', path: `/consortia/${enc(SQL_OR)}`, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'path traversal as the consortium', method: 'GET', path: `/consortia/${TRAVERSAL}`, status: 400, detail: badParameter('consortiumId') }),
  staff({ name: 'SQL injection as the municipality', method: 'GET', path: `/municipalities/${enc(SQL_DROP)}`, status: 400, detail: codeDetail }),
  staff({ name: 'path traversal as the municipality', method: 'GET', path: `/municipalities/${TRAVERSAL}`, status: 400, detail: codeDetail }),
  staff({ name: '10 kB municipality code', method: 'GET', path: `/municipalities/${'9'.repeat(10 * 1024)}`, status: 400, detail: codeDetail }),
  staff({
    name: 'broken percent-encoding in the municipality code',
    method: 'GET',
    path: `/municipalities/${BAD_PERCENT}`,
    status: 400,
    detail: /^Failed to decode param '%E0%A4%A'$/,
  }),
  staff({ name: 'SQL injection as the joined filter', method: 'GET', path: `/municipalities?joined=${enc(SQL_OR)}`, status: 400, detail: /^The request is invalid: query parameter joined must be one of true, false\.$/ }),
  staff({ name: 'the joined filter twice', method: 'GET', path: '/municipalities?joined=true&joined=false', status: 400, detail: /^The request is invalid: query parameter joined must be given once, as a single value\.$/ }),
  staff({ name: 'SQL injection as the stats period', method: 'GET', path: `/eligibility/stats?from=${enc(SQL_OR)}`, status: 400, detail: /^The request is invalid: query parameter from must be a date written YYYY-MM-DD, or must be a date and time/ }),
  staff({ name: 'a date followed by SQL as the stats period', method: 'GET', path: `/eligibility/stats?from=${enc("2024-01-01' OR 1=1 --")}`, status: 400, detail: /^The request is invalid: query parameter from must be a date written YYYY-MM-DD, or must be a date and time/ }),
  staff({ name: 'month 13 as the stats period', method: 'GET', path: '/eligibility/stats?to=2024-13-45', status: 400, detail: /^The request is invalid: query parameter to must be a date written YYYY-MM-DD, or must be a date and time/ }),
  staff({ name: 'an empty stats period', method: 'GET', path: '/eligibility/stats?from=2024-06-01&to=2024-01-01', status: 422, detail: /^The period is empty: from must be before to\.$/ }),
  staff({ name: 'the login service may not read municipalities', method: 'GET', path: '/municipalities', role: 'login-service', status: 403, detail: /needs one of the roles staff, operator, admin/ }),
  staff({ name: 'a malformed Authorization header', method: 'GET', path: '/municipalities', role: null, headers: { authorization: "Bearer ' OR 1=1 --" }, status: 401, detail: /^The Authorization header must be "Bearer <token>"\.$/ }),
  staff({ name: 'an unknown route', method: 'GET', path: '/admin/users', status: 404, detail: /Cannot GET \/admin\/users/ }),
  staff({ name: 'an unknown method on a known path', method: 'DELETE', path: `/consortia/${A}`, status: 405, detail: /^This path does not take DELETE; it takes GET, HEAD\.$/ }),
];

const ROUND_CASES: BadRequestCase[] = [
  staff({ name: 'go-live before the signing deadline', method: 'POST', path: '/joining-rounds', body: { name: '2025-spring', signingDeadline: '2025-05-01', goLiveDate: '2025-04-01' }, status: 422, detail: /^The go-live date 2025-04-01 is before the signing deadline 2025-05-01\.$/ }),
  staff({ name: 'an existing name with other dates', method: 'POST', path: '/joining-rounds', body: { ...ROUND, goLiveDate: '2024-05-01' }, status: 409, detail: /^A joining round named "2024-opening" already exists with signing deadline 2024-03-15 and go-live 2024-04-23\.$/ }),
  staff({ name: 'SQL injection as the name', method: 'POST', path: '/joining-rounds', body: { ...ROUND, name: `x'; DROP TABLE "JoiningRound";--` }, status: 400, detail: invalid('name may hold letters, digits, spaces, dots, hyphens and underscores') }),
  staff({ name: '__proto__ as the name', method: 'POST', path: '/joining-rounds', body: { ...ROUND, name: '__proto__' }, status: 400, detail: invalid('name may hold letters') }),
  staff({ name: 'name of 101 characters', method: 'POST', path: '/joining-rounds', body: { ...ROUND, name: 'r'.repeat(101) }, status: 400, detail: invalid('name must be shorter than or equal to 100 characters') }),
  staff({ name: '30 February as the deadline', method: 'POST', path: '/joining-rounds', body: { ...ROUND, signingDeadline: '2024-02-30' }, status: 400, detail: invalid('signingDeadline must be a date written YYYY-MM-DD') }),
  staff({ name: 'a timestamp as the go-live date', method: 'POST', path: '/joining-rounds', body: { ...ROUND, goLiveDate: '2024-04-23T00:00:00+03:00' }, status: 400, detail: invalid('goLiveDate must be a date written YYYY-MM-DD') }),
  staff({ name: 'dates as numbers', method: 'POST', path: '/joining-rounds', body: { ...ROUND, signingDeadline: 20240315, goLiveDate: 1713830400000 }, status: 400, detail: invalid('signingDeadline must be a date') }),
  staff({ name: 'every field missing', method: 'POST', path: '/joining-rounds', body: {}, status: 400, detail: /name.*signingDeadline.*goLiveDate/ }),
  staff({ name: 'an unexpected field', method: 'POST', path: '/joining-rounds', body: { ...ROUND, id: 'x' }, status: 400, detail: invalid('id should not exist') }),
  staff({
    name: 'a __proto__ key next to the seeded round',
    method: 'POST',
    path: '/joining-rounds',
    ...json(`{"name":"2024-opening","signingDeadline":"2024-03-15","goLiveDate":"2024-04-23","__proto__":{"goLiveDate":"2024-01-01"}}`),
    status: 400,
    detail: /may not contain a field named "__proto__"/,
  }),
  staff({
    name: 'name nested 30 000 arrays deep',
    method: 'POST',
    path: '/joining-rounds',
    ...json(`{"name":${nested(30_000)},"signingDeadline":"2025-09-15","goLiveDate":"2025-11-01"}`),
    status: 400,
    detail: /nested too deeply/,
  }),
  staff({ name: 'a JSON array body', method: 'POST', path: '/joining-rounds', body: [ROUND], status: 400, detail: /^The request/ }),
  staff({ name: 'a JSON string body', method: 'POST', path: '/joining-rounds', ...json('"2024-opening"'), status: 400, detail: /not valid JSON/ }),
  staff({ name: 'operators may not create rounds', method: 'POST', path: '/joining-rounds', role: 'operator', body: { ...ROUND, name: 'operator-round' }, status: 403, detail: /needs one of the roles staff, admin/ }),
];

const MOVE_CASES: BadRequestCase[] = [
  staff({ name: 'an unknown municipality', method: 'POST', path: '/municipalities/999/consortium', body: { consortiumId: 'kainet' }, status: 404, detail: /no municipality with code 999/ }),
  staff({ name: 'to an unknown consortium', method: 'POST', path: '/municipalities/092/consortium', body: { consortiumId: 'no-such-kimppa' }, status: 404, detail: noConsortium('no-such-kimppa') }),
  staff({ name: 'to SQL injection', method: 'POST', path: '/municipalities/092/consortium', body: { consortiumId: SQL_OR }, status: 400, detail: invalid('consortiumId must be a consortium id such as "helmet"') }),
  staff({ name: 'to SQL DROP', method: 'POST', path: '/municipalities/092/consortium', body: { consortiumId: SQL_DROP }, status: 400, detail: invalid('consortiumId must be a consortium id') }),
  staff({ name: 'consortiumId missing', method: 'POST', path: '/municipalities/092/consortium', body: {}, status: 400, detail: invalid('consortiumId must be') }),
  staff({ name: 'consortiumId as an array', method: 'POST', path: '/municipalities/092/consortium', body: { consortiumId: ['kainet'] }, status: 400, detail: invalid('consortiumId must be a string') }),
  staff({ name: 'SQL injection as the municipality', method: 'POST', path: `/municipalities/${enc(SQL_OR)}/consortium`, body: { consortiumId: 'kainet' }, status: 400, detail: codeDetail }),
  staff({
    name: 'consortiumId nested 5 000 arrays deep',
    method: 'POST',
    path: '/municipalities/092/consortium',
    ...json(`{"consortiumId":${nested(5_000)}}`),
    status: 400,
    detail: /nested too deeply/,
  }),
  staff({ name: 'an unexpected field', method: 'POST', path: '/municipalities/092/consortium', body: { consortiumId: 'kainet', force: true }, status: 400, detail: invalid('force should not exist') }),
];

const CASES: BadRequestCase[] = [
  ...IDENTITY_CODE_CASES,
  ...SURVEY_CASES.map((c) => ({ ...c, name: `survey: ${c.name}` })),
  ...SIGNATURE_CASES.map((c) => ({ ...c, name: `signature: ${c.name}` })),
  ...INTEGRATION_CASES.map((c) => ({ ...c, name: `integration: ${c.name}` })),
  ...WITHDRAW_CASES.map((c) => ({ ...c, name: `withdraw: ${c.name}` })),
  ...START_CASES.map((c) => ({ ...c, name: `start: ${c.name}` })),
  ...READ_CASES.map((c) => ({ ...c, name: `read: ${c.name}` })),
  ...ROUND_CASES.map((c) => ({ ...c, name: `joining round: ${c.name}` })),
  ...MOVE_CASES.map((c) => ({ ...c, name: `move: ${c.name}` })),
];

const label = (c: BadRequestCase) => `${c.name} (${c.method} ${c.path.length > 60 ? `${c.path.slice(0, 60)}…` : c.path} as ${c.role ?? 'nobody'} → ${c.status})`;

describe('malformed and hostile requests: an exact 4xx, a readable problem, nothing changed', () => {
  let stack: TestStack;
  let simulator: SimulatorProcess;
  let population: { file: string; remove(): void };
  const http = () => stack.http('staff');

  /** Everything a refused request could have changed, minus the workflow's own reminder bookkeeping. */
  const snapshot = async () => {
    const onboarding = async (id: string) => {
      const res = await http().get(`/consortia/${id}/onboarding`);
      if (res.status !== 200) return { status: res.status };
      const { reminders: _reminders, ...state } = res.body;
      return state;
    };
    return {
      onboardings: {
        [A]: await onboarding(A),
        [B]: await onboarding(B),
        [NOT_STARTED]: await onboarding(NOT_STARTED),
        [RACE]: await onboarding(RACE),
        [STARTED_TWICE]: await onboarding(STARTED_TWICE),
      },
      municipalities: (await http().get('/municipalities').expect(200)).body,
      consortia: (await http().get('/consortia').expect(200)).body,
      joiningRounds: (await http().get('/joining-rounds').expect(200)).body,
      eligibilityAudits: await stack.db.prisma.eligibilityAudit.count(),
    };
  };

  beforeAll(async () => {
    population = writePopulation(FIXTURE);
    simulator = await startSimulator({ REGISTER_SIM_POPULATION: population.file });
    stack = await startTestStack({ REGISTER_URL: simulator.url });

    await http().post(`/consortia/${A}/onboarding`).expect(201);
    for (const code of A_MEMBERS) await http().post(`/municipalities/${code}/survey`).send(answer(code)).expect(200);
    for (const code of A_SIGNED) await http().post(`/municipalities/${code}/signature`).send(SIGNATURE).expect(200);
    await http().post(`/consortia/${B}/onboarding`).expect(201);
    await http().post(`/municipalities/${B_ANSWERED}/survey`).send(answer(B_ANSWERED)).expect(200);
    await http().post(`/consortia/${RACE}/onboarding`).expect(201);
    for (const code of RACE_MEMBERS) await http().post(`/municipalities/${code}/survey`).send(answer(code)).expect(200);
    const check = await stack.http('login-service').post(ELIGIBILITY).send({ personId: adult }).expect(200);
    expect(check.body).toMatchObject({ decision: 'DENY', reason: 'MUNICIPALITY_NOT_JOINED' });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await simulator?.stop();
    population?.remove();
  });

  describe(`the table (${CASES.length} cases)`, () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeAll(async () => {
      before = await snapshot();
      expect(before.onboardings[A]).toMatchObject({ phase: 'SIGNATURES' });
      expect(before.onboardings[B]).toMatchObject({ phase: 'SURVEY' });
      expect(before.onboardings[NOT_STARTED]).toEqual({ status: 409 });
      expect(before.eligibilityAudits).toBe(1);
    });

    it('has at least 60 cases', () => {
      expect(CASES.length).toBeGreaterThanOrEqual(60);
    });

    it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_, c) => {
      const res = await send(stack, c);
      const violations = problemViolations(c, res);
      expect({ violations, answer: violations.length ? describeAnswer(res) : '' }).toEqual({ violations: [], answer: '' });
    });

    it('left every onboarding, municipality, consortium, joining round and audit count as it was', async () => {
      expect(await snapshot()).toEqual(before);
    });

    it('let no request pollute Object.prototype', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).roles).toBeUndefined();
      expect(({} as Record<string, unknown>).intendsToJoin).toBeUndefined();
    });
  });

  describe('duplicate and concurrent requests', () => {
    const memberOf = (state: { members: { code: string; signedOn: string | null; signatory: string | null }[] }, code: string) =>
      state.members.find((m) => m.code === code)!;

    it('records the same signature sent 10 times at once exactly once, answering 200 to all', async () => {
      const [code] = RACE_MEMBERS;
      const answers = await Promise.all(Array.from({ length: 10 }, () => http().post(`/municipalities/${code}/signature`).send(SIGNATURE)));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      const state = (await http().get(`/consortia/${RACE}/onboarding`).expect(200)).body;
      expect(memberOf(state, code)).toMatchObject(SIGNATURE);
      expect(state.members.filter((m: { signedOn: string | null }) => m.signedOn !== null).map((m: { code: string }) => m.code)).toEqual([code]);
      const description = await stack.env.client.workflow.getHandle(onboardingWorkflowId(RACE)).describe();
      expect(description.typedSearchAttributes.get(searchAttributes.signedCount)).toBe(1);
    });

    it('lets one of two different signatures sent at once win and refuses the other with 409', async () => {
      const code = RACE_MEMBERS[1];
      const first = { ...SIGNATURE, signatory: 'Kirjastotoimenjohtaja A' };
      const second = { ...SIGNATURE, signatory: 'Sivistysjohtaja B' };
      // Three copies of each, interleaved: one signature's copies all succeed, the other's all fail.
      const bodies = [first, second, first, second, first, second];
      const answers = await Promise.all(bodies.map((body) => http().post(`/municipalities/${code}/signature`).send(body)));
      const state = (await http().get(`/consortia/${RACE}/onboarding`).expect(200)).body;
      const winner = memberOf(state, code).signatory;
      expect([first.signatory, second.signatory]).toContain(winner);
      answers.forEach((res, i) => {
        if (bodies[i].signatory === winner) {
          expect(res.status).toBe(200);
        } else {
          expect(res.status).toBe(409);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.body.detail).toMatch(new RegExp(`^Municipality ${code} already signed on 2024-03-01 \\(${winner}\\); a signature cannot be replaced\\.$`));
        }
      });
      expect(state.members.filter((m: { signedOn: string | null }) => m.signedOn !== null)).toHaveLength(2);
      expect(state.phase).toBe('SIGNATURES');
    });

    it('starts an onboarding asked for twice at once only once: one 201, one 200, one workflow', async () => {
      const answers = await Promise.all([0, 1].map(() => http().post(`/consortia/${STARTED_TWICE}/onboarding`)));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
      for (const res of answers) expect(res.body).toMatchObject({ consortiumId: STARTED_TWICE, phase: 'SURVEY' });
      const again = await Promise.all([0, 1, 2, 3, 4].map(() => http().post(`/consortia/${STARTED_TWICE}/onboarding`)));
      expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

      // Visibility is eventually consistent: wait for the workflow to be listed, then count every run.
      const runs = async () => {
        const found: string[] = [];
        for await (const w of stack.env.client.workflow.list({ query: `WorkflowId = "${onboardingWorkflowId(STARTED_TWICE)}"` })) found.push(w.runId);
        return found;
      };
      const deadline = Date.now() + 10_000;
      let found = await runs();
      while (found.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        found = await runs();
      }
      expect(found).toHaveLength(1);
    });
  });
});
