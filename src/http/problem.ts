// Errors as RFC 9457 problem details (application/problem+json) with a detail a person can act on.
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { scrubString } from '../observability/identity-codes';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Field-level problems of a rejected body or parameter. */
  errors?: { field: string; problem: string }[];
}

/** A refusal with its own status and a readable detail. */
export class ProblemException extends HttpException {
  /** Sent as Retry-After (a 503 the caller may repeat later). */
  readonly retryAfterSeconds?: number;
  constructor(status: number, detail: string, errors?: ProblemDetails['errors']) {
    super({ detail, errors }, status);
  }
}

export const notFound = (detail: string) => new ProblemException(HttpStatus.NOT_FOUND, detail);
export const conflict = (detail: string) => new ProblemException(HttpStatus.CONFLICT, detail);
export const badRequest = (detail: string, errors?: ProblemDetails['errors']) =>
  new ProblemException(HttpStatus.BAD_REQUEST, detail, errors);
export const unprocessable = (detail: string) => new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, detail);
/** A 503 the caller may repeat after `retryAfterSeconds` (sent as Retry-After). */
export const tryAgainLater = (detail: string, retryAfterSeconds: number): ProblemException =>
  Object.assign(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail), { retryAfterSeconds });

export const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function fromHttpException(err: HttpException): Omit<ProblemDetails, 'type' | 'title' | 'instance'> {
  const status = err.getStatus();
  const body = err.getResponse() as string | { detail?: string; message?: string | string[]; errors?: ProblemDetails['errors'] };
  if (typeof body === 'string') return { status, detail: body };
  if (body.detail) return { status, detail: body.detail, errors: body.errors };
  const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  return { status, detail: message ?? err.message };
}

/** The request path for `instance`, with anything shaped like an identity code taken out. */
export function problemInstance(path: string): string {
  return scrubString(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

/** Answers a problem straight from Express middleware, before Nest's routing and filters. */
export function sendProblem(req: Request, res: Response, status: number, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, instance: problemInstance(req.path) });
}

/** A browser navigating to a page (not a script or API client asking for data). */
function wantsPage(request: Request): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !accept.includes('application/json') && !accept.includes('application/problem+json');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    let problem: Omit<ProblemDetails, 'type' | 'title'> | undefined;
    if (exception instanceof HttpException) problem = fromHttpException(exception);
    if (!problem) {
      // Never echo internal errors: they may carry personal data or secrets.
      this.logger.error({ err: exception, path: request.path }, 'Unhandled error');
      problem = { status: 500, detail: 'Something went wrong on our side. The error has been logged.' };
    }
    const status = problem.status;
    if (exception instanceof ProblemException && exception.retryAfterSeconds) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (status === 401 && request.method === 'GET' && wantsPage(request)) {
      // A person in a browser: sign in first, then back to the page.
      response.redirect(303, `/auth/sign-in?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    response
      .status(status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: TITLES[status] ?? HttpStatus[status] ?? 'Error', instance: problemInstance(request.path), ...problem });
  }
}

