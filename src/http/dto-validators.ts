import { registerDecorator, ValidationOptions } from 'class-validator';

/** A real calendar date written `YYYY-MM-DD` (no time, no 2024-02-30): OpenAPI's `format: date`. */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** An RFC 3339 date and time with its offset (`2024-04-23T10:00:00Z`): OpenAPI's `format: date-time`. */
export function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m || !isCalendarDate(m[1])) return false;
  const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const offsetOk = m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60);
  // No leap seconds: nothing here counts them, and JavaScript's Date cannot hold them.
  return hours < 24 && minutes < 60 && seconds < 60 && offsetOk;
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}
