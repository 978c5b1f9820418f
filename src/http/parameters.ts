// Path, query and header parameters are checked against the OpenAPI document the API publishes: the
// document is the contract clients generate code from, so what it forbids is refused with 400 and what
// it allows goes through, for every route (new ones included) without a second description to keep in
// step. Runs as an interceptor: after authentication and authorisation, before pipes and handlers.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { isCalendarDate, isDateTime } from './dto-validators';
import { badRequest } from './problem';

type Problem = { field: string; problem: string };

const FORMATS: Record<string, { test: (value: string) => boolean; problem: string }> = {
  date: { test: isCalendarDate, problem: 'must be a date written YYYY-MM-DD' },
  'date-time': { test: isDateTime, problem: 'must be a date and time such as 2024-04-23T10:00:00Z' },
};

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;

/** What is wrong with one parameter value under its schema (the subset of JSON Schema our parameters use). */
export function parameterProblem(schema: SchemaObject, value: string, description?: string): string | undefined {
  if (schema.anyOf) {
    const problems = (schema.anyOf as SchemaObject[]).map((alternative) => parameterProblem(alternative, value, description));
    return problems.includes(undefined) ? undefined : problems.join(', or ');
  }
  if (schema.enum && !schema.enum.includes(value)) return `must be one of ${schema.enum.join(', ')}`;
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return 'must be a whole number';
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') return 'must be true or false';
  if (schema.minLength !== undefined && [...value].length < schema.minLength) return `must be at least ${characters(schema.minLength)}`;
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return `must be at most ${characters(schema.maxLength)}`;
  // The pattern is the document's own (written in our code), never taken from the request.
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    return description ? `is not valid: it must be a ${description[0].toLowerCase()}${description.slice(1)}` : `must match ${schema.pattern}`;
  }
  const format = schema.format ? FORMATS[schema.format] : undefined;
  if (format && !format.test(value)) return format.problem;
  return undefined;
}

function valueOf(req: Request, parameter: ParameterObject): unknown {
  switch (parameter.in) {
    case 'path':
      return req.params[parameter.name];
    case 'query':
      return (req.query as Record<string, unknown>)[parameter.name];
    case 'header':
      return req.headers[parameter.name.toLowerCase()];
    default:
      return undefined;
  }
}

function problemsOf(req: Request, parameters: ParameterObject[]): Problem[] {
  const problems: Problem[] = [];
  for (const parameter of parameters) {
    const field = `${parameter.in} parameter ${parameter.name}`;
    const value = valueOf(req, parameter);
    if (value === undefined) {
      if (parameter.required) problems.push({ field, problem: 'is required' });
    } else if (typeof value !== 'string') {
      problems.push({ field, problem: 'must be given once, as a single value' });
    } else {
      const problem = parameterProblem((parameter.schema ?? {}) as SchemaObject, value, parameter.description);
      if (problem) problems.push({ field, problem });
    }
  }
  return problems;
}

/** Express's route path (`/consortia/:consortiumId`) in OpenAPI's spelling (`/consortia/{consortiumId}`). */
const toOpenApiPath = (routePath: string) => routePath.replace(/:(\w+)/g, '{$1}');

@Injectable()
export class ParameterValidation implements NestInterceptor {
  /** "GET /consortia/{consortiumId}" → its parameters. */
  private readonly operations = new Map<string, ParameterObject[]>();

  constructor(document: OpenAPIObject) {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const parameters = (operation as { parameters?: (ParameterObject | ReferenceObject)[] })?.parameters;
        if (parameters) this.operations.set(`${method.toUpperCase()} ${path}`, parameters.filter((p): p is ParameterObject => 'in' in p));
      }
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const parameters = typeof routePath === 'string' ? this.operations.get(`${method} ${toOpenApiPath(routePath)}`) : undefined;
    const problems = parameters ? problemsOf(req, parameters) : [];
    if (problems.length > 0) {
      throw badRequest(`The request is invalid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, problems);
    }
    return next.handle();
  }
}
