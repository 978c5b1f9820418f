// Staff sign-in for the browser through the organisation's OpenID provider, and sign-out
// (RP-initiated: the provider's session ends too). Pages, not API: excluded from the OpenAPI document.
import { Controller, Get, HttpStatus, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CONSOLE_LABELS } from '../console/i18n';
import { languageOf } from '../console/language';
import { messagePage } from '../console/layout';
import { ConsolePageFilter } from '../console/console-page.filter';
import { assertSameSiteForm } from './csrf';
import { OidcService, SignInError } from './oidc.service';
import { Public } from './roles';
import { clearedCookie, cookie, readCookie, secureCookies, SESSION_COOKIE, SIGN_IN_COOKIE } from './session-cookie';
import { StaffSessions } from './staff-sessions';

/** Only a path on this site: never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/console';
}

@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(OidcService) private readonly oidc: OidcService,
    @Inject(StaffSessions) private readonly sessions: StaffSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** To the provider's own sign-in page. */
  @Get('sign-in')
  @Public()
  async signIn(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const t = CONSOLE_LABELS[languageOf(req)];
    if (!this.oidc.enabled) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).type('html').send(messagePage(languageOf(req), t.auth.failed, t.auth.notConfigured));
      return;
    }
    try {
      const attempt = await this.oidc.begin(safeNext(next));
      res.setHeader('Set-Cookie', cookie(SIGN_IN_COOKIE, attempt.state, attempt.maxAgeSeconds, secureCookies(req, this.config.NODE_ENV)));
      res.redirect(HttpStatus.SEE_OTHER, attempt.url);
    } catch (err) {
      this.refuse(req, res, err, HttpStatus.SERVICE_UNAVAILABLE);
    }
  }

  /** The provider sends the browser back here with a code: a session, then where the person was going. */
  @Get('callback')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const secure = secureCookies(req, this.config.NODE_ENV);
    try {
      const { session, returnTo } = await this.oidc.complete(req.originalUrl, readCookie(req, SIGN_IN_COOKIE));
      const value = await this.sessions.create(session);
      res.setHeader('Set-Cookie', [cookie(SESSION_COOKIE, value, this.sessions.ttlSeconds, secure), clearedCookie(SIGN_IN_COOKIE)]);
      res.redirect(HttpStatus.SEE_OTHER, returnTo);
    } catch (err) {
      res.setHeader('Set-Cookie', clearedCookie(SIGN_IN_COOKIE));
      this.refuse(req, res, err, HttpStatus.BAD_REQUEST);
    }
  }

  /** A form (with its CSRF token) in every console page's header. */
  @Post('sign-out')
  @Public()
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const value = readCookie(req, SESSION_COOKIE);
    const principal = value ? await this.sessions.principal(value) : undefined;
    assertSameSiteForm(req, principal, this.config.PUBLIC_BASE_URL);
    const idToken = principal?.session ? await this.sessions.end(principal.session.id) : undefined;
    res.setHeader('Set-Cookie', clearedCookie(SESSION_COOKIE));
    const providerSignOut = idToken ? await this.oidc.endSessionUrl(idToken) : undefined;
    res.redirect(HttpStatus.SEE_OTHER, providerSignOut ?? '/auth/signed-out');
  }

  @Get('signed-out')
  @Public()
  signedOut(@Req() req: Request, @Res() res: Response): void {
    const lang = languageOf(req);
    const t = CONSOLE_LABELS[lang];
    res.type('html').send(messagePage(lang, t.auth.signedOut, t.auth.signedOut, { href: `/auth/sign-in?next=${encodeURIComponent(`/console?lang=${lang}`)}`, text: t.auth.signInAgain }));
  }

  private refuse(req: Request, res: Response, err: unknown, status: number): void {
    const lang = languageOf(req);
    const t = CONSOLE_LABELS[lang];
    const message = err instanceof SignInError ? err.message : 'The sign-in could not be completed. Start again.';
    res.status(status).type('html').send(messagePage(lang, t.auth.failed, message, { href: '/auth/sign-in', text: t.auth.signInAgain }));
  }
}
