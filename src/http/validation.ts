import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './problem';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * class-validator's messages start with the property's name ("reason should not be empty"); the detail
 * names the field once. Plain string comparison: the name comes from the request body, and a regular
 * expression built from it could fail to compile or backtrack for a long time.
 */
function withoutLeadingName(field: string, problem: string): string {
  const name = field.slice(field.lastIndexOf('.') + 1);
  return problem.startsWith(`${name} `) ? problem.slice(name.length + 1) : problem;
}

/** Bodies are whitelisted: an unexpected field is an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return badRequest(`The request is invalid: ${fields.map((f) => `${f.field} ${withoutLeadingName(f.field, f.problem)}`).join('; ')}.`, fields);
    },
  });
}
