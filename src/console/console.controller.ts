// The staff console: pages (GET) and their forms (POST, session + CSRF token + same origin, or a bearer
// token). Every form calls the same services as the API; a refusal comes back inside its form with what
// was typed. Pages for people, not API: excluded from the OpenAPI document.
import { Controller, Get, HttpException, HttpStatus, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../database/prisma';
import { assertSameSiteForm } from '../auth/csrf';
import { ConsoleForm, StaffAction, StaffRead, type AuthenticatedRequest } from '../auth/roles';
import { ConsolePageFilter, detailOf } from './console-page.filter';
import { ConsoleService } from './console.service';
import * as fields from './form-input';
import { languageOf } from './language';
import { consortiaPage, consortiumPage, type FormFeedback, roundsPage } from './pages';
import { actorOf, StaffAudit } from './staff-audit';
import { RoundActions } from './round-actions';
import { type Attribution, StaffActions } from './staff-actions';
import { issueSurveyLink } from './survey-link-tokens';

const FORM_KEY = /^[a-z0-9-]{1,60}$/;

@ApiExcludeController()
@UseFilters(ConsolePageFilter)
@StaffRead()
@Controller('console')
export class ConsoleController {
  constructor(
    @Inject(ConsoleService) private readonly console: ConsoleService,
    @Inject(StaffActions) private readonly actions: StaffActions,
    @Inject(RoundActions) private readonly roundActions: RoundActions,
    @Inject(StaffAudit) private readonly audit: StaffAudit,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async consortia(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    this.html(res, 200, consortiaPage(languageOf(req), await this.console.consortiaByPhase(), req.principal));
  }

  @Get('consortia/:consortiumId')
  async consortium(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const saved = typeof req.query.saved === 'string' && FORM_KEY.test(req.query.saved) ? { form: req.query.saved, saved: true } : undefined;
    this.html(res, 200, consortiumPage(languageOf(req), await this.console.consortiumPage(id), req.principal, saved));
  }

  @Post('consortia/:consortiumId/start')
  @StaffAction()
  @ConsoleForm()
  start(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'start', (by) => this.actions.start(id, by));
  }

  @Post('consortia/:consortiumId/restart')
  @StaffAction()
  @ConsoleForm()
  restart(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'restart', (by) => this.actions.restart(id, by));
  }

  @Post('consortia/:consortiumId/survey')
  @StaffAction()
  @ConsoleForm()
  survey(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'survey', (by, v) => this.actions.survey(fields.municipalityCode(v), fields.surveyAnswer(v), by));
  }

  @Post('consortia/:consortiumId/signature')
  @StaffAction()
  @ConsoleForm()
  signature(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'signature', (by, v) => this.actions.signature(fields.municipalityCode(v), fields.signature(v), by));
  }

  @Post('consortia/:consortiumId/integration')
  @StaffAction()
  @ConsoleForm()
  integration(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'step', (by, v) => this.actions.completeStep(id, fields.step(v), by));
  }

  @Post('consortia/:consortiumId/withdraw')
  @StaffAction()
  @ConsoleForm()
  withdraw(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'withdraw', (by, v) => this.actions.withdraw(id, fields.reason(v), by));
  }

  @Post('consortia/:consortiumId/move')
  @StaffAction()
  @ConsoleForm()
  move(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'move', (by, v) => this.actions.move(fields.municipalityCode(v), fields.consortiumId(v), by));
  }

  /** A new personal link, shown once on the page for staff to pass on. */
  @Post('consortia/:consortiumId/survey-link')
  @StaffAction()
  @ConsoleForm()
  async issueLink(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertSameSiteForm(req, req.principal, this.config.PUBLIC_BASE_URL);
    const values = fields.formValues(req.body);
    const lang = languageOf(req);
    try {
      const code = await this.memberOf(id, fields.municipalityCode(values));
      const link = await issueSurveyLink(this.prisma, this.config, { municipalityCode: code, consortiumId: id });
      await this.audit.record({ ...this.by(req), action: 'survey-link-issued', consortiumId: id, municipalityCode: code, summary: `Survey link issued for ${code}, expires ${link.expiresAt.toISOString()}` });
      this.html(res, 201, consortiumPage(lang, await this.console.consortiumPage(id), req.principal, { form: 'link', link: link.url, values }));
    } catch (err) {
      await this.refusal(req, res, id, 'link', values, err);
    }
  }

  @Post('consortia/:consortiumId/survey-link/revoke')
  @StaffAction()
  @ConsoleForm()
  revokeLinks(@Param('consortiumId') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onConsortium(req, res, id, 'revoke', async (by, v) => {
      const code = await this.memberOf(id, fields.municipalityCode(v));
      const { count } = await this.prisma.surveyLink.updateMany({
        where: { municipalityCode: code, revokedAt: null, usedAt: null },
        data: { revokedAt: new Date(), revokedBy: by.actor.subject },
      });
      await this.audit.record({ ...by, action: 'survey-link-revoked', consortiumId: id, municipalityCode: code, summary: `${count} survey link(s) of ${code} revoked` });
    });
  }

  @Get('joining-rounds')
  async rounds(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const saved = typeof req.query.saved === 'string' && FORM_KEY.test(req.query.saved) ? { form: req.query.saved, saved: true } : undefined;
    this.html(res, 200, roundsPage(languageOf(req), await this.console.roundRows(), req.principal, saved));
  }

  @Post('joining-rounds')
  @StaffAction()
  @ConsoleForm()
  addRound(@Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.onRounds(req, res, 'round-new', (by, v) =>
      this.roundActions.createRound(
        { name: fields.roundName(v), signingDeadline: fields.date(v, 'signingDeadline', 'The signing deadline'), goLiveDate: fields.date(v, 'goLiveDate', 'The go-live date') },
        by,
      ),
    );
  }

  @Post('joining-rounds/:roundId')
  @StaffAction()
  @ConsoleForm()
  async changeRound(@Param('roundId') roundId: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const round = /^[0-9a-f-]{36}$/.test(roundId) ? await this.prisma.joiningRound.findUnique({ where: { id: roundId } }) : null;
    return this.onRounds(req, res, `round-${round?.id ?? 'unknown'}`, (by, v) => {
      if (!round) throw new HttpException({ detail: 'There is no such joining round.' }, HttpStatus.NOT_FOUND);
      return this.roundActions.changeRound(round.name, { signingDeadline: fields.date(v, 'signingDeadline', 'The signing deadline'), goLiveDate: fields.date(v, 'goLiveDate', 'The go-live date') }, by);
    });
  }

  private by(req: AuthenticatedRequest): Attribution {
    const key = typeof req.body?._idem === 'string' && /^[\w-]{8,64}$/.test(req.body._idem) ? req.body._idem : undefined;
    return { actor: actorOf(req.principal), via: 'console', idempotencyKey: key };
  }

  /** The municipality, if it is a member of this consortium (a link is issued from its consortium's page). */
  private async memberOf(consortiumId: string, code: string): Promise<string> {
    const found = await this.prisma.municipality.findFirst({ where: { code, consortiumId }, select: { code: true } });
    if (!found) throw new HttpException({ detail: `Municipality ${code} is not a member of this consortium.` }, HttpStatus.UNPROCESSABLE_ENTITY);
    return code;
  }

  private async onConsortium(
    req: AuthenticatedRequest,
    res: Response,
    id: string,
    form: string,
    work: (by: Attribution, values: Record<string, string>) => Promise<unknown>,
  ): Promise<void> {
    assertSameSiteForm(req, req.principal, this.config.PUBLIC_BASE_URL);
    const values = fields.formValues(req.body);
    try {
      await work(this.by(req), values);
      res.redirect(HttpStatus.SEE_OTHER, `/console/consortia/${encodeURIComponent(id)}?lang=${languageOf(req)}&saved=${form}#form-${form}`);
    } catch (err) {
      await this.refusal(req, res, id, form, values, err);
    }
  }

  private async onRounds(req: AuthenticatedRequest, res: Response, form: string, work: (by: Attribution, values: Record<string, string>) => Promise<unknown>): Promise<void> {
    assertSameSiteForm(req, req.principal, this.config.PUBLIC_BASE_URL);
    const values = fields.formValues(req.body);
    try {
      await work(this.by(req), values);
      res.redirect(HttpStatus.SEE_OTHER, `/console/joining-rounds?lang=${languageOf(req)}&saved=${form}#form-${form}`);
    } catch (err) {
      const refusal = refusalOf(err);
      this.html(res, refusal.status, roundsPage(languageOf(req), await this.console.roundRows(), req.principal, { form, refusal: refusal.detail, values }));
    }
  }

  /** A refusal (4xx) goes back into its form; anything else is ours and goes to the error filter. */
  private async refusal(req: AuthenticatedRequest, res: Response, id: string, form: string, values: Record<string, string>, err: unknown): Promise<void> {
    const refusal = refusalOf(err);
    const feedback: FormFeedback = { form, refusal: refusal.detail, values };
    this.html(res, refusal.status, consortiumPage(languageOf(req), await this.console.consortiumPage(id), req.principal, feedback));
  }

  private html(res: Response, status: number, body: string): void {
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}

export function refusalOf(err: unknown): { status: number; detail: string } {
  if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
  return { status: err.getStatus(), detail: detailOf(err) };
}
