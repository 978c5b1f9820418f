// Validation of `POST /eligibility/checks`. Hand-written rather than class-validator: the messages
// must name the field and the problem without ever echoing the identity code.
import { helsinkiDate, isBornAfter, parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { badRequest, ProblemDetails, ProblemException } from '../http/problem';

export interface EligibilityCheckBody {
  personId: string;
  guardianId?: string;
}

/**
 * The shape of a henkilötunnus (DDMMYYCZZZQ) as the OpenAPI document gives it. A code of this shape can
 * still be no one's (31 February, a wrong check character): that is a 422, the request was well formed.
 */
export const IDENTITY_CODE_SHAPE = '^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[-+A-FU-Y](00[2-9]|0[1-9][0-9]|[1-9][0-9]{2})[0-9A-FHJ-NPR-Y]$';
const SHAPE = new RegExp(IDENTITY_CODE_SHAPE);

export function parseEligibilityCheckBody(body: unknown): EligibilityCheckBody {
  const fields = parseIdentityCodes(body, ['personId'], ['guardianId']);
  if (fields.guardianId === fields.personId) {
    refuse([{ field: 'guardianId', problem: 'must be the guardian\'s own identity code, not the child\'s' }], true);
  }
  return { personId: fields.personId, ...(fields.guardianId !== undefined && { guardianId: fields.guardianId }) };
}

/** Why a string is not a usable identity code, or undefined. Never repeats the code. */
export function identityCodeProblem(value: string, now = Date.now()): string | undefined {
  const parsed = parseIdentityCode(value);
  if (!parsed.ok) return parsed.problem;
  if (isBornAfter(parsed.birthDate, helsinkiDate(now))) {
    return 'is not a valid Finnish personal identity code: its birth date is in the future';
  }
  return undefined;
}

/** A body of exactly one identity code field (`{ "personId": ... }`, `{ "guardianId": ... }`). */
export function parseIdentityCodeBody<F extends string>(body: unknown, field: F): Record<F, string> {
  return parseIdentityCodes(body, [field]);
}

/** A JSON object of identity-code fields and nothing else; each problem named, no code ever repeated. */
function parseIdentityCodes<R extends string, O extends string = never>(
  body: unknown,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, string> & Partial<Record<O, string>> {
  const names: string[] = [...required, ...optional];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body must be a JSON object: { ${names.map((name) => `"${name}": "..."`).join(', ')} }.`);
  }
  const fields = body as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  /** False once a problem is one the documented schema already forbids (see IDENTITY_CODE_SHAPE). */
  let wellFormed = true;
  const malformed = (field: string, problem: string) => {
    problems.push({ field, problem });
    wellFormed = false;
  };
  for (const key of Object.keys(fields)) {
    if (!names.includes(key)) malformed(key.slice(0, 64), 'is not a field of this request');
  }
  for (const field of names) {
    const value = fields[field];
    if (value === undefined) {
      if ((required as readonly string[]).includes(field)) malformed(field, 'is required: the personal identity code (henkilötunnus)');
    } else if (typeof value !== 'string') {
      malformed(field, 'must be a string: the personal identity code (henkilötunnus)');
    } else {
      const problem = identityCodeProblem(value);
      if (problem) problems.push({ field, problem });
      if (problem && !SHAPE.test(value)) wellFormed = false;
    }
  }
  refuse(problems, wellFormed);
  return fields as Record<R, string> & Partial<Record<O, string>>;
}

/**
 * 400 when the body breaks its documented schema, 422 when it is well formed yet names no one (no such
 * date, a wrong check character, a birth date in the future): see README, "which refusals are 400".
 */
function refuse(problems: NonNullable<ProblemDetails['errors']>, wellFormed: boolean): void {
  if (problems.length === 0) return;
  const detail = `The request is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`;
  throw wellFormed ? new ProblemException(422, detail, problems) : badRequest(detail, problems);
}
