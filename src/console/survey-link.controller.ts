// A municipality's own page, reached from its personal link in a reminder: its contact answers the
// pre-survey and sees the agreement's signature status. No account: the signed link is the credential.
// The answer advances the workflow like a staff entry, attributed to the municipality and the contact.
import { Controller, Get, HttpStatus, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { surveyLinkSecret } from '../auth/oidc.config';
import { Public } from '../auth/roles';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { LABELS, type Language } from '../overview/i18n';
import type { MemberState } from '../../workflows/onboarding/contract';
import { refusalOf } from './console.controller';
import { ConsolePageFilter } from './console-page.filter';
import { ConsoleService } from './console.service';
import * as fields from './form-input';
import { CONSOLE_LABELS } from './i18n';
import { languageOf } from './language';
import { esc, page } from './layout';
import { StaffActions } from './staff-actions';
import { checkSurveyLink, type LinkCheck } from './survey-link-tokens';

const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;
type ValidLink = Extract<LinkCheck, { status: 'valid' }>;

@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@Public()
@Controller('survey')
export class SurveyLinkController {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(ConsoleService) private readonly console: ConsoleService,
    @Inject(StaffActions) private readonly actions: StaffActions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = languageOf(req);
    const link = await this.check(token);
    if (link.status !== 'valid') return this.unusable(res, lang, token, link.status);
    res.status(200).type('html').setHeader('Cache-Control', 'no-store');
    res.send(await this.render(lang, token, link));
  }

  @Post(':token')
  async answer(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = languageOf(req);
    const link = await this.check(token);
    if (link.status !== 'valid') return this.unusable(res, lang, token, link.status);
    const values = fields.formValues(req.body);
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    const expected = this.formToken(link.id);
    const origin = req.headers.origin ?? req.headers.referer ?? '';
    const allowed = [new URL(this.config.PUBLIC_BASE_URL).origin, `${req.protocol}://${req.headers.host}`];
    if (sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected)) || !allowed.some((o) => origin.startsWith(o))) {
      res.status(HttpStatus.FORBIDDEN).type('html').send(await this.render(lang, token, link, { refusal: 'This form was not sent from its own page. Open the link again and resend the answer.', values }));
      return;
    }
    try {
      const answer = fields.surveyAnswer(values);
      const actor = { kind: 'municipality' as const, subject: `municipality:${link.municipalityCode}`, name: answer.contactEmail };
      await this.actions.survey(link.municipalityCode, answer, { actor, via: 'survey-link', idempotencyKey: `survey-link:${link.id}` });
      await this.prisma.surveyLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: new Date(), usedBy: answer.contactEmail } });
      res.status(200).type('html').send(await this.render(lang, token, link, { done: true }));
    } catch (err) {
      const refusal = refusalOf(err);
      res.status(refusal.status).type('html').send(await this.render(lang, token, link, { refusal: refusal.detail, values }));
    }
  }

  private check(token: string): Promise<LinkCheck> {
    return TOKEN.test(token) ? checkSurveyLink(this.prisma, this.config, token) : Promise.resolve({ status: 'invalid' });
  }

  /** The form's own token: only the page behind this link can have it. */
  private formToken(linkId: string): string {
    return createHmac('sha256', surveyLinkSecret(this.config)).update(`survey-form:${linkId}`).digest('base64url');
  }

  private unusable(res: Response, lang: Language, token: string, status: Exclude<LinkCheck['status'], 'valid'>): void {
    const t = CONSOLE_LABELS[lang].survey;
    const message = { expired: t.expired, used: t.used, revoked: t.revoked, invalid: t.invalid }[status];
    const code = status === 'invalid' ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
    const body = `<h1>${esc(t.title(''))}</h1><p class="refusal" role="alert">${esc(message)}</p>`;
    res.status(code).type('html').send(page({ lang, title: t.title(''), body, path: TOKEN.test(token) ? `/survey/${token}` : '/survey', staffNavigation: false }));
  }

  private async render(lang: Language, token: string, link: ValidLink, outcome: { done?: boolean; refusal?: string; values?: Record<string, string> } = {}): Promise<string> {
    const t = CONSOLE_LABELS[lang];
    const municipality = await this.prisma.municipality.findUniqueOrThrow({ where: { code: link.municipalityCode } });
    const name = lang === 'sv' ? municipality.nameSv : municipality.nameFi;
    const state = await this.console.state(link.consortiumId);
    const member: MemberState | undefined = state?.members.find((m) => m.code === link.municipalityCode);
    const value = (key: 'desiredSchedule' | 'contactEmail') => outcome.values?.[key] ?? member?.[key] ?? '';
    const intends = outcome.values?.intendsToJoin ?? (member?.intendsToJoin === false ? 'false' : 'true');
    // A calendar date (signedOn) at noon; an instant (surveyAnsweredAt) as it is; both read in Helsinki.
    const date = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString(LABELS[lang].locale, { timeZone: 'Europe/Helsinki' });
    const status = [
      member?.surveyAnsweredAt ? t.survey.answered(date(member.surveyAnsweredAt)) : '',
      member?.signedOn ? t.survey.signature(date(member.signedOn), member.signatory ?? '') : t.survey.notSigned,
    ].filter(Boolean);
    const problem = outcome.refusal ? `<p class="refusal" id="survey-problem" role="alert">${esc(t.refused)}: ${esc(outcome.refusal)}</p>` : '';
    const described = outcome.refusal ? ' aria-describedby="survey-problem"' : '';
    const form = outcome.done
      ? `<p class="notice" role="status">${esc(t.survey.thanks)}</p>`
      : `<form class="action" method="post" action="/survey/${esc(token)}?lang=${lang}" aria-labelledby="survey-form-title">
<h2 id="survey-form-title">${esc(t.col.survey)}</h2>${problem}
<input type="hidden" name="_csrf" value="${esc(this.formToken(link.id))}">
<fieldset><legend>${esc(t.form.intendsToJoin)}</legend>
<input type="radio" id="intends-yes" name="intendsToJoin" value="true"${intends === 'true' ? ' checked' : ''}><label for="intends-yes">${esc(t.yes)}</label>
<input type="radio" id="intends-no" name="intendsToJoin" value="false"${intends === 'false' ? ' checked' : ''}><label for="intends-no">${esc(t.no)}</label></fieldset>
<label for="desiredSchedule">${esc(t.form.desiredSchedule)}</label><input id="desiredSchedule" name="desiredSchedule" type="text" required maxlength="200" value="${esc(value('desiredSchedule'))}"${described}>
<label for="contactEmail">${esc(t.form.contactEmail)}</label><input id="contactEmail" name="contactEmail" type="email" required maxlength="254" autocomplete="email" value="${esc(value('contactEmail'))}"${described}>
<button type="submit">${esc(t.survey.send)}</button></form>`;
    const body = `<h1>${esc(t.survey.title(name))}</h1><p>${esc(t.survey.intro)}</p>
<section aria-labelledby="status-title"><h2 id="status-title">${esc(t.col.status)}</h2><ul>${status.map((s) => `<li>${esc(s)}</li>`).join('')}</ul></section>
${form}`;
    return page({ lang, title: t.survey.title(name), body, path: `/survey/${token}`, staffNavigation: false });
  }
}
