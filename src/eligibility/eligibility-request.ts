// Validation of `POST /eligibility/checks`. Hand-written rather than class-validator: the messages
// must name the field and the problem without ever echoing the identity code.
import { parseIdentityCode } from '../../workflows/eligibility/identity-code';
import { badRequest, ProblemException } from '../http/problem';

export interface EligibilityCheckBody {
  personId: string;
  guardianId?: string;
}

const ALLOWED_FIELDS = new Set(['personId', 'guardianId']);

/**
 * The shape of a henkilötunnus (DDMMYYCZZZQ) as the OpenAPI document gives it. A code of this shape can
 * still be no one's (31 February, a wrong check character): that is a 422, the request was well formed.
 */
export const IDENTITY_CODE_SHAPE = '^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[-+A-FU-Y](00[2-9]|0[1-9][0-9]|[1-9][0-9]{2})[0-9A-FHJ-NPR-Y]$';
const SHAPE = new RegExp(IDENTITY_CODE_SHAPE);

export function parseEligibilityCheckBody(body: unknown): EligibilityCheckBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object: { "personId": "...", "guardianId": "..." }.');
  }
  const fields = body as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  /** A missing, unexpected or misshapen field: what the documented schema itself forbids. */
  let malformed = false;
  for (const key of Object.keys(fields)) {
    if (!ALLOWED_FIELDS.has(key)) {
      problems.push({ field: key.slice(0, 64), problem: 'is not a field of this request' });
      malformed = true;
    }
  }
  const check = (field: 'personId' | 'guardianId', required: boolean) => {
    const value = fields[field];
    if (value === undefined) {
      if (required) problems.push({ field, problem: 'is required: the personal identity code (henkilötunnus)' });
      malformed ||= required;
      return;
    }
    if (typeof value !== 'string') {
      problems.push({ field, problem: 'must be a string: the personal identity code (henkilötunnus)' });
      malformed = true;
      return;
    }
    const parsed = parseIdentityCode(value);
    if (!parsed.ok) problems.push({ field, problem: parsed.problem });
    if (!parsed.ok && !SHAPE.test(value)) malformed = true;
  };
  check('personId', true);
  check('guardianId', false);
  if (problems.length === 0 && fields.guardianId === fields.personId) {
    problems.push({ field: 'guardianId', problem: 'must be the guardian\'s own identity code, not the child\'s' });
  }
  if (problems.length > 0) {
    const detail = `The request is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`;
    throw malformed ? badRequest(detail, problems) : new ProblemException(422, detail, problems);
  }
  return { personId: fields.personId as string, ...(fields.guardianId !== undefined && { guardianId: fields.guardianId as string }) };
}
