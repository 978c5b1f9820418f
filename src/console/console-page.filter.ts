// Refusals on console and survey-link routes, for people: a browser (a page or a posted form) gets a
// readable page in its language; a script or API client gets the usual problem+json.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemFilter } from '../http/problem';
import type { AuthenticatedRequest } from '../auth/roles';
import { CONSOLE_LABELS } from './i18n';
import { languageOf } from './language';
import { messagePage } from './layout';

function fromBrowser(request: Request): boolean {
  const accept = request.headers.accept ?? '';
  const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return form || (accept.includes('text/html') && !accept.includes('application/json'));
}

/** The readable sentence of a refusal. */
export function detailOf(exception: HttpException): string {
  const body = exception.getResponse() as string | { detail?: string; message?: string | string[] };
  if (typeof body === 'string') return body;
  return body.detail ?? (Array.isArray(body.message) ? body.message.join('; ') : body.message) ?? exception.message;
}

@Catch()
export class ConsolePageFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (!(exception instanceof HttpException) || !fromBrowser(request)) return this.problems.catch(exception, host);
    const status = exception.getStatus();
    const lang = languageOf(request);
    const t = CONSOLE_LABELS[lang];
    const detail = detailOf(exception);
    if (status === HttpStatus.UNAUTHORIZED) {
      const next = request.method === 'GET' ? request.originalUrl : `/console?lang=${lang}`;
      if (request.method === 'GET') return void response.redirect(HttpStatus.SEE_OTHER, `/auth/sign-in?next=${encodeURIComponent(next)}`);
      response.status(status).type('html').send(messagePage(lang, t.signIn, detail, { href: `/auth/sign-in?next=${encodeURIComponent(next)}`, text: t.signIn }));
      return;
    }
    const title = status === HttpStatus.FORBIDDEN ? t.auth.forbidden : status === HttpStatus.NOT_FOUND ? t.auth.notFound : t.auth.error;
    response.status(status).type('html').send(messagePage(lang, title, detail, { href: `/console?lang=${lang}`, text: t.auth.back }, request.principal));
  }
}
