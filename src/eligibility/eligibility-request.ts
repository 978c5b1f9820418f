// Validation of `POST /eligibility/checks`. Hand-written rather than class-validator: the messages
// must name the field and the problem without ever echoing the identity code.
import { helsinkiDate, isBornAfter, parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { badRequest } from '../http/problem';

export interface EligibilityCheckBody {
  personId: string;
  guardianId?: string;
}

const ALLOWED_FIELDS = new Set(['personId', 'guardianId']);

export function parseEligibilityCheckBody(body: unknown): EligibilityCheckBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object: { "personId": "...", "guardianId": "..." }.');
  }
  const fields = body as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  for (const key of Object.keys(fields)) {
    if (!ALLOWED_FIELDS.has(key)) problems.push({ field: key.slice(0, 64), problem: 'is not a field of this request' });
  }
  const check = (field: 'personId' | 'guardianId', required: boolean) => {
    const value = fields[field];
    if (value === undefined) {
      if (required) problems.push({ field, problem: 'is required: the personal identity code (henkilötunnus)' });
      return;
    }
    if (typeof value !== 'string') {
      problems.push({ field, problem: 'must be a string: the personal identity code (henkilötunnus)' });
      return;
    }
    const problem = identityCodeProblem(value);
    if (problem) problems.push({ field, problem });
  };
  check('personId', true);
  check('guardianId', false);
  if (problems.length === 0 && fields.guardianId === fields.personId) {
    problems.push({ field: 'guardianId', problem: 'must be the guardian\'s own identity code, not the child\'s' });
  }
  if (problems.length > 0) {
    throw badRequest(`The request is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, problems);
  }
  return { personId: fields.personId as string, ...(fields.guardianId !== undefined && { guardianId: fields.guardianId as string }) };
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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body must be a JSON object: { "${field}": "..." }.`);
  }
  const fields = body as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  for (const key of Object.keys(fields)) {
    if (key !== field) problems.push({ field: key.slice(0, 64), problem: 'is not a field of this request' });
  }
  const value = fields[field];
  if (value === undefined) problems.push({ field, problem: 'is required: the personal identity code (henkilötunnus)' });
  else if (typeof value !== 'string') problems.push({ field, problem: 'must be a string: the personal identity code (henkilötunnus)' });
  else {
    const problem = identityCodeProblem(value);
    if (problem) problems.push({ field, problem });
  }
  if (problems.length > 0) {
    throw badRequest(`The request is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, problems);
  }
  return { [field]: value } as Record<F, string>;
}

/** The OpenAPI pattern of an identity code: DDMMYY, century sign, individual number, check character. */
export const IDENTITY_CODE_PATTERN = '^[0-3][0-9][01][0-9][0-9]{2}[-+ABCDEFUVWXY][0-9]{3}[0-9ABCDEFHJKLMNPRSTUVWXY]$';
