import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './problem';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
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
      return badRequest(`The request is invalid: ${fields.map((f) => `${f.field} ${f.problem.replace(new RegExp(`^${f.field.split('.').pop()} `), '')}`).join('; ')}.`, fields);
    },
  });
}
