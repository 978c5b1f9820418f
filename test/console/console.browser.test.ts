// The staff console in a real browser: sign in on the local provider's own page, take a consortium from
// start to LIVE through the forms (one of them by keyboard alone), see who did what in the history, the
// workflow state and its history; refusals beside their form; CSRF refusals; axe-core on every page;
// and a municipality answering its survey from the link in its reminder e-mail (a real SMTP server).
import { mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { defaultPayloadConverter } from '@temporalio/common';
import { createDataConverter } from '../../src/codec/data-converter';
import { handleLibrarySystemRequest } from '../../src/stand-ins/library-systems';
import { helsinkiDate } from '../../workflows/onboarding/calendar';
import { getOnboardingState, onboardingWorkflowId, type OnboardingState } from '../../workflows/onboarding/contract';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { launchChromium, seriousViolations } from './support/browser';
import { ConsoleStack, DEV_USERS, startConsoleStack } from './support/identity-provider';

const ROOT = path.resolve(__dirname, '..', '..');
// Screenshots for people (docs/console-*.png are copies of these): the test never writes into docs/.
const SCREENSHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const STAFF_INBOX = 'kirjastot@kansalliskirjasto.example';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Quoted-printable as nodemailer writes a text body: soft line breaks and =XX escapes. */
const unquote = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('staff console in a browser', () => {
  let cs: ConsoleStack;
  let browser: Browser;
  let staff: BrowserContext;
  let librarySystems: Server;
  let smtp: SmtpInbox;
  const mails = () => smtp.mails.map((m) => ({ to: m.to, text: unquote(m.data) }));
  const violations: { url: string; id: string; help: string; targets: string[] }[] = [];
  const url = (p: string) => `${cs.apiBase}${p}`;
  const state = (id: string) => cs.stack.env.client.workflow.getHandle(onboardingWorkflowId(id)).query(getOnboardingState);
  const today = helsinkiDate(Date.now());

  async function checkAxe(page: Page) {
    violations.push(...(await seriousViolations(page)));
  }

  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read().catch(() => undefined);
      if (value !== undefined && ok(value)) return value;
      if (Date.now() > until) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)?.slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Fills and sends a form of the page by its field names. */
  async function submit(page: Page, formId: string, values: Record<string, string> = {}) {
    const form = page.locator(`#form-${formId}`);
    for (const [name, value] of Object.entries(values)) {
      const field = form.locator(`[name="${name}"]`);
      const tag = await field.first().evaluate((el: { tagName: string; type?: string }) => `${el.tagName}:${el.type ?? ''}`);
      if (tag.startsWith('SELECT')) await field.selectOption(value);
      else if (tag.endsWith(':radio')) await form.locator(`[name="${name}"][value="${value}"]`).check();
      else await field.fill(value);
    }
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    librarySystems = createServer((req, res) => {
      if (!handleLibrarySystemRequest(req, res)) res.writeHead(404).end();
    });
    const libraryPort = await listen(librarySystems);
    smtp = await startSmtpInbox();
    cs = await startConsoleStack({
      LIBRARY_SYSTEM_URL_TEMPLATE: `http://127.0.0.1:${libraryPort}/library-systems/{consortiumId}/health`,
      SMTP_URL: smtp.url,
      ONBOARDING_STAFF_EMAIL: STAFF_INBOX,
      REMINDER_INTERVAL: '4s',
    });
    browser = await launchChromium();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cs?.stop();
    await new Promise((resolve) => librarySystems?.close(resolve));
    await smtp?.stop();
  });

  it('signs in on the local provider\'s own page, by keyboard', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console?lang=en'));
    expect(page.url()).toContain(`${cs.idp.issuer}/interaction/`);
    await checkAxe(page);
    // The username field has focus; the rest by keyboard.
    await page.keyboard.type(DEV_USERS.staff.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEV_USERS.staff.password);
    await Promise.all([page.waitForURL(url('/console?lang=en')), page.keyboard.press('Enter')]);
    expect(await page.locator('header').textContent()).toContain(DEV_USERS.staff.name);
    expect(await page.locator('h1').textContent()).toBe('Consortia by phase');
    await checkAxe(page);
    await page.close();
  });

  it('takes a consortium from start to LIVE through the forms, with refusals beside their form', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console?lang=en'));
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Blanka' }).click()]);
    expect(page.url()).toBe(url('/console/consortia/blanka?lang=en'));
    await checkAxe(page);

    // Start, by keyboard alone: Tab from the top of the page to the start form's button, then Enter.
    await page.keyboard.press('Tab');
    for (let i = 0; i < 40 && (await page.evaluate('document.activeElement.closest("form")?.id')) !== 'form-start'; i++) await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/saved=start/), page.keyboard.press('Enter')]);
    await eventually(() => state('blanka'), (s) => s.phase === 'SURVEY');
    await checkAxe(page);

    // A signature before the survey answer is refused: the reason beside the form, what was typed kept.
    await submit(page, 'signature', { municipalityCode: '445', signedOn: today, signatory: 'Kommundirektör Anna Andersson' });
    const refusal = page.locator('#form-signature .refusal');
    expect(await refusal.textContent()).toContain('has not answered the pre-survey');
    expect(await page.locator('#form-signature [name="signatory"]').inputValue()).toBe('Kommundirektör Anna Andersson');
    expect(await page.locator('#form-signature [name="municipalityCode"]').inputValue()).toBe('445');
    expect(await page.locator('#signature-signatory').getAttribute('aria-describedby')).toBe('signature-problem');
    await checkAxe(page);

    // The first survey answer by keyboard: the municipality and "yes" are preselected.
    await page.goto(url('/console/consortia/blanka?lang=en'));
    await page.focus('#survey-municipalityCode');
    await page.keyboard.press('Tab'); // the radio group (yes)
    await page.keyboard.press('Tab');
    await page.keyboard.type('first round');
    await page.keyboard.press('Tab');
    await page.keyboard.type('bibliotek@kimitoon.example');
    await Promise.all([page.waitForURL(/saved=survey/), page.keyboard.press('Enter')]);
    expect(await page.locator('#form-survey .notice').textContent()).toBe('Saved.');
    await submit(page, 'survey', { municipalityCode: '445', intendsToJoin: 'true', desiredSchedule: 'hösten', contactEmail: 'bibliotek@pargas.example' });
    await eventually(() => state('blanka'), (s) => s.phase === 'SIGNATURES');

    // A joining round going live today.
    const roundName = `browser-${Date.now()}`;
    await page.goto(url('/console/joining-rounds?lang=en'));
    await checkAxe(page);
    await submit(page, 'round-new', { name: roundName, signingDeadline: today, goLiveDate: '2000-01-01' });
    expect(await page.locator('#form-round-new .refusal').textContent()).toContain('before the signing deadline');
    expect(await page.locator('#round-new-name').inputValue()).toBe(roundName);
    await submit(page, 'round-new', { name: roundName, signingDeadline: today, goLiveDate: today });
    expect(page.url()).toContain('saved=round-new');
    expect(await page.locator('tbody').textContent()).toContain(roundName);

    await page.goto(url('/console/consortia/blanka?lang=en'));
    for (const [code, signatory] of [['322', 'Kunnanjohtaja Kaisa Kuntalainen'], ['445', 'Kommundirektör Anna Andersson']]) {
      await submit(page, 'signature', { municipalityCode: code, signedOn: today, signatory });
      expect(page.url()).toContain('saved=signature');
    }
    await eventually(() => state('blanka'), (s) => s.phase === 'INTEGRATION' && s.integration.some((i) => i.automatic && i.status === 'DONE'));
    await page.reload();
    await checkAxe(page);
    for (const step of ['patron-authentication', 'app-presence']) {
      await submit(page, 'step', { step });
      expect(page.url()).toContain('saved=step');
    }
    const live = await eventually(() => state('blanka'), (s) => s.phase === 'LIVE');
    expect(live.round?.name).toBe(roundName);
    await page.reload();
    expect(await page.locator('[data-phase]').getAttribute('data-phase')).toBe('LIVE');
    await checkAxe(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-consortium.png'), fullPage: true });
  }, 240_000);

  it('names who did what: in the state, the workflow history and the audit the console shows', async () => {
    const s: OnboardingState = await state('blanka');
    expect(s.members.map((m) => m.signatureRecordedBy)).toEqual([
      { kind: 'staff', subject: DEV_USERS.staff.sub, name: DEV_USERS.staff.name },
      { kind: 'staff', subject: DEV_USERS.staff.sub, name: DEV_USERS.staff.name },
    ]);
    expect(s.integration.find((i) => i.step === 'app-presence')?.recordedBy?.name).toBe(DEV_USERS.staff.name);

    // Temporal's own history: the accepted updates' inputs carry the actor (decoded through our codec).
    const history = await cs.stack.env.client.workflow.getHandle(onboardingWorkflowId('blanka')).fetchHistory();
    const converter = createDataConverter(cs.stack.config);
    const actors: string[] = [];
    for (const event of history.events ?? []) {
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
      const payloads = accepted?.acceptedRequest?.input?.args?.payloads;
      if (!payloads?.length) continue;
      const decoded = await converter.payloadCodecs![0].decode(payloads as never);
      const arg = defaultPayloadConverter.fromPayload(decoded[0] as never) as { actor?: { name: string } };
      actors.push(`${accepted!.acceptedRequest!.input!.name}:${arg.actor?.name}`);
    }
    expect(actors).toEqual(expect.arrayContaining([`recordSurvey:${DEV_USERS.staff.name}`, `recordSignature:${DEV_USERS.staff.name}`, `completeIntegrationStep:${DEV_USERS.staff.name}`]));

    const page = await staff.newPage();
    await page.goto(url('/console/consortia/blanka?lang=en'));
    const rows = await page.locator('#history tbody tr').allTextContents();
    expect(rows.some((r) => r.includes(DEV_USERS.staff.name) && r.includes('Signed on') && r.includes('Anna Andersson'))).toBe(true);
    expect(rows.some((r) => r.includes('Onboarding started'))).toBe(true);
    const audit = await cs.stack.db.prisma.staffActionAudit.findMany({ where: { consortiumId: 'blanka' } });
    expect(new Set(audit.map((a) => `${a.actorSubject}/${a.via}`))).toEqual(new Set([`${DEV_USERS.staff.sub}/console`]));
    await page.close();
  });

  it('refuses forms without their CSRF token or from another origin, with a readable page', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console/consortia/vaasa?lang=en'));
    const token = await page.locator('#form-start [name="_csrf"]').inputValue();
    const noToken = await page.request.post(url('/console/consortia/vaasa/start?lang=en'), { form: {}, headers: { origin: cs.apiBase } });
    expect(noToken.status()).toBe(403);
    expect(noToken.headers()['content-type']).toContain('text/html');
    expect(await noToken.text()).toContain('security token is missing or old');
    const foreign = await page.request.post(url('/console/consortia/vaasa/start?lang=en'), { form: { _csrf: token }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status()).toBe(403);
    expect(await foreign.text()).toContain('came from another site');
    await expect(state('vaasa')).rejects.toThrow();
    // The refusal page itself, as a browser shows it.
    await page.setContent(await noToken.text());
    await checkAxe(page);
    await page.close();
  });

  it('lets a municipality answer from the link in its reminder e-mail, once', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console/consortia/vaasa?lang=en'));
    await submit(page, 'start');
    const mail = await eventually(
      async () => mails().find((m) => m.to.includes(STAFF_INBOX) && m.text.includes('(905)')),
      (m) => m !== undefined,
    );
    const link = /https?:\/\/\S+\/survey\/[\w-]+\.[\w-]+\.[\w-]+/.exec(mail!.text)![0];
    expect(link.startsWith(cs.apiBase)).toBe(true);

    const municipality = await browser.newContext({ locale: 'sv-FI' });
    const own = await municipality.newPage();
    await own.goto(`${link}?lang=sv`);
    expect(await own.locator('h1').textContent()).toBe('E-bibliotekets förhandsenkät: Vasa');
    expect(await own.locator('main').textContent()).toContain('Samarbetsavtalet har ännu inte undertecknats.');
    await checkAxe(own);
    await own.screenshot({ path: path.join(SCREENSHOTS, 'console-survey-link.png'), fullPage: true });
    // A refusal stays on the page with what was typed.
    await own.fill('#desiredSchedule', 'våren 2027');
    await own.fill('#contactEmail', 'bibliotek at vaasa');
    await own.evaluate('document.querySelector("#contactEmail").type = "text"');
    await Promise.all([own.waitForLoadState('load'), own.getByRole('button', { name: 'Skicka svaret' }).click()]);
    expect(await own.locator('.refusal').textContent()).toContain('"bibliotek at vaasa" is not an e-mail address.');
    expect(await own.locator('#desiredSchedule').inputValue()).toBe('våren 2027');
    await checkAxe(own);
    await own.fill('#contactEmail', 'bibliotek@vaasa.example');
    await Promise.all([own.waitForLoadState('load'), own.getByRole('button', { name: 'Skicka svaret' }).click()]);
    expect(await own.locator('.notice').textContent()).toBe('Tack! Svaret har sparats.');

    const member = (await state('vaasa')).members.find((m) => m.code === '905')!;
    expect(member).toMatchObject({ intendsToJoin: true, desiredSchedule: 'våren 2027', contactEmail: 'bibliotek@vaasa.example' });
    expect(member.surveyRecordedBy).toEqual({ kind: 'municipality', subject: 'municipality:905', name: 'bibliotek@vaasa.example' });
    const audit = await cs.stack.db.prisma.staffActionAudit.findFirst({ where: { consortiumId: 'vaasa', via: 'survey-link' } });
    expect(audit?.actorName).toBe('bibliotek@vaasa.example');

    // Used: said plainly.
    const again = await own.goto(link);
    expect(again?.status()).toBe(410);
    expect(await own.locator('.refusal').textContent()).toContain('Länken har redan använts');
    await checkAxe(own);
    await municipality.close();
    await page.close();
  }, 120_000);

  it('lets staff issue and revoke a link; a revoked or expired link says so', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console/consortia/blanka?lang=en'));
    // Blanka is live: links are issued for open onboardings only; Sotkamo has none started.
    await page.goto(url('/console/consortia/sotkamo?lang=en'));
    await submit(page, 'link', { municipalityCode: '765' });
    const first = await page.locator('#form-link code').textContent();
    await checkAxe(page);
    await page.goto(url('/console/consortia/sotkamo?lang=en'));
    await submit(page, 'link', { municipalityCode: '765' });
    const second = await page.locator('#form-link code').textContent();
    expect(second).not.toBe(first);
    await page.goto(url('/console/consortia/sotkamo?lang=en'));
    await submit(page, 'revoke', { municipalityCode: '765' });
    expect(page.url()).toContain('saved=revoke');

    const visitor = await browser.newPage();
    const revoked = await visitor.goto(`${first!}?lang=en`);
    expect(revoked?.status()).toBe(410);
    expect(await visitor.locator('.refusal').textContent()).toBe('This link has been revoked. Ask the National Library for a new one.');
    await checkAxe(visitor);
    await page.goto(url('/console/consortia/sotkamo?lang=en'));
    await submit(page, 'link', { municipalityCode: '765' });
    const third = (await page.locator('#form-link code').textContent())!;
    await cs.stack.db.prisma.surveyLink.updateMany({ where: { municipalityCode: '765', revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await visitor.goto(`${third}?lang=en`);
    expect(expired?.status()).toBe(410);
    expect(await visitor.locator('.refusal').textContent()).toBe('This link has expired. Ask the National Library for a new one.');
    const forged = await visitor.goto(`${third.slice(0, -3)}abc?lang=en`);
    expect(forged?.status()).toBe(404);
    await visitor.close();
    await page.close();
  });

  it('withdraws an onboarding with its reason and actor, and offers to restart it', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console/consortia/siilinjarvi?lang=en'));
    await submit(page, 'start');
    await submit(page, 'withdraw', { reason: '' });
    // The browser's own check stops an empty reason; the server's refusal is for what gets through.
    expect(page.url()).toContain('saved=start');
    await submit(page, 'withdraw', { reason: 'The council decided to wait a year' });
    expect(page.url()).toContain('saved=withdraw');
    const withdrawn = await state('siilinjarvi');
    expect(withdrawn).toMatchObject({ phase: 'WITHDRAWN', withdrawalReason: 'The council decided to wait a year' });
    expect(withdrawn.withdrawnBy?.name).toBe(DEV_USERS.staff.name);
    expect(await page.locator('main > p').first().textContent()).toBe(`Status: Withdrawn – The council decided to wait a year (${DEV_USERS.staff.name})`);
    await checkAxe(page);
    // A withdrawn onboarding starts again as a new run, from the survey.
    await submit(page, 'restart');
    expect(page.url()).toContain('saved=restart');
    expect(await state('siilinjarvi')).toMatchObject({ phase: 'SURVEY', withdrawnAt: null });
    await page.close();
  });

  it('changes a joining round only while no consortium is scheduled into it', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console/joining-rounds?lang=en'));
    const liveRound = (await state('blanka')).round!.name;
    expect(await page.locator('.forms').textContent()).toContain(`${liveRound}Consortia are scheduled into this round: it can no longer change.`);
    await submit(page, 'round-new', { name: 'later-round', signingDeadline: '2099-01-15', goLiveDate: '2099-03-01' });
    const id = (await cs.stack.db.prisma.joiningRound.findUniqueOrThrow({ where: { name: 'later-round' } })).id;
    expect(await page.locator(`#round-${id}-goLiveDate`).inputValue()).toBe('2099-03-01');
    await submit(page, `round-${id}`, { signingDeadline: '2099-02-01', goLiveDate: '2099-01-01' });
    expect(await page.locator(`#form-round-${id} .refusal`).textContent()).toContain('before the signing deadline');
    expect(await page.locator(`#round-${id}-goLiveDate`).inputValue()).toBe('2099-01-01');
    await submit(page, `round-${id}`, { signingDeadline: '2099-02-01', goLiveDate: '2099-04-01' });
    expect(page.url()).toContain(`saved=round-${id}`);
    const changed = await cs.stack.db.prisma.joiningRound.findUniqueOrThrow({ where: { id } });
    expect(changed.goLiveDate.toISOString().slice(0, 10)).toBe('2099-04-01');
    await page.close();
  });

  it('has no serious or critical axe violation on any console page, in every language', async () => {
    const page = await staff.newPage();
    for (const lang of ['fi', 'sv', 'en']) {
      for (const p of ['/console', '/console/consortia/blanka', '/console/consortia/vaasa', '/console/consortia/helmet', '/console/joining-rounds', '/overview']) {
        await page.goto(url(`${p}?lang=${lang}`));
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await checkAxe(page);
      }
    }
    await page.goto(url('/console?lang=en'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-consortia.png') });
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('signs out, at the provider too', async () => {
    const page = await staff.newPage();
    await page.goto(url('/console?lang=en'));
    await Promise.all([page.waitForURL(/session\/end/), page.getByRole('button', { name: 'Sign out' }).click()]);
    await Promise.all([page.waitForURL(url('/auth/signed-out')), page.getByRole('button', { name: 'Yes, sign me out' }).click()]);
    await checkAxe(page);
    await page.goto(url('/console?lang=en'));
    expect(page.url()).toContain(`${cs.idp.issuer}/interaction/`);
    expect(violations).toEqual([]);
  });
});
