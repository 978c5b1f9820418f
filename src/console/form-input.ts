// The console's form fields, checked before anything is asked of a workflow: a refusal names the field
// in words, and the form comes back with what was typed.
import { unprocessable } from '../http/problem';
import type { Signature, SurveyAnswer } from '../../workflows/onboarding/contract';

export type FormBody = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^\d{3}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The posted values as strings (what the form shows again after a refusal). */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string' && !key.startsWith('_')) values[key] = value.slice(0, 1000);
  }
  return values;
}

function text(values: Record<string, string>, name: string, label: string, max: number): string {
  const value = (values[name] ?? '').trim();
  if (!value) throw unprocessable(`${label} is missing.`);
  if (value.length > max) throw unprocessable(`${label} is too long (at most ${max} characters).`);
  return value;
}

export function municipalityCode(values: Record<string, string>): string {
  const code = values.municipalityCode ?? '';
  if (!CODE.test(code)) throw unprocessable('Choose a municipality.');
  return code;
}

export function consortiumId(values: Record<string, string>, name = 'consortiumId'): string {
  const id = values[name] ?? '';
  if (!SLUG.test(id)) throw unprocessable('Choose a consortium.');
  return id;
}

export function surveyAnswer(values: Record<string, string>): SurveyAnswer {
  if (values.intendsToJoin !== 'true' && values.intendsToJoin !== 'false') throw unprocessable('Answer whether the municipality intends to join.');
  const contactEmail = text(values, 'contactEmail', 'The contact e-mail', 254);
  if (!EMAIL.test(contactEmail)) throw unprocessable(`"${contactEmail}" is not an e-mail address.`);
  return { intendsToJoin: values.intendsToJoin === 'true', desiredSchedule: text(values, 'desiredSchedule', 'The wished schedule', 200), contactEmail };
}

export function signature(values: Record<string, string>): Signature {
  return { signedOn: date(values, 'signedOn', 'The date of signing'), signatory: text(values, 'signatory', 'The signatory', 200) };
}

export function date(values: Record<string, string>, name: string, label: string): string {
  const value = values[name] ?? '';
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw unprocessable(`${label} must be a date (YYYY-MM-DD).`);
  }
  return value;
}

export function reason(values: Record<string, string>): string {
  return text(values, 'reason', 'The reason', 500);
}

export function roundName(values: Record<string, string>): string {
  const name = text(values, 'name', 'The name', 100);
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(name)) throw unprocessable('The name may hold letters, digits, spaces, dots, hyphens and underscores.');
  return name;
}

export function step(values: Record<string, string>): string {
  const value = values.step ?? '';
  if (!SLUG.test(value)) throw unprocessable('Choose an integration step.');
  return value;
}
