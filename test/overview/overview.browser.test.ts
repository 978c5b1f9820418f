// The staff page in a real browser (Debian's chromium through playwright-core) on a running stack
// with onboardings in every phase, some of them live.
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { PHASE_COLOURS } from '../../src/overview/map/palette';
import { mapWithLimit } from '../../src/overview/fresh';
import type { OverviewStats } from '../../src/overview/stats';
import { startTestStack, TestStack } from '../support/stack';
import { OnboardingDriver, startOnboardingDriver, Target } from './support/onboarding-driver';
import { eventually } from './support/overview-app';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(ROOT, '.artifacts', 'screenshots');

// Every phase once (twice for LIVE), with small consortia: what the page must show, and no more
// (each member's answer and signature is a workflow update; thirty consortia took a minute).
const SCENARIO: [Target, string[]][] = [
  ['LIVE', ['helmet', 'kirkes']],
  ['SCHEDULED', ['kuopio']],
  ['INTEGRATION', ['blanka']],
  ['SIGNATURES', ['lukki']],
  ['SURVEY', ['vanamo']],
  ['WITHDRAWN', ['bibliotek-ax']],
];
const LIVE_CONSORTIA = SCENARIO[0][1];

describe('staff overview page in a browser', () => {
  let stack: TestStack;
  let driver: OnboardingDriver;
  let baseUrl: string;
  // The staff's bearer token, as the organisation's sign-in proxy adds it in front of the API.
  const staff = () => ({ authorization: `Bearer ${stack.tokens.staff}` });
  let browser: Browser | undefined;
  const stats = async () => (await (await fetch(`${baseUrl}/overview/stats`, { headers: staff() })).json()) as OverviewStats;
  const liveRow = (s: OverviewStats) => s.phases.find((p) => p.phase === 'LIVE')!;

  beforeAll(async () => {
    // Fail, never skip: CI must have the browser (the lead's setup installs it).
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\`.`);
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    baseUrl = await stack.app.getUrl();
    driver = await startOnboardingDriver(stack);
    const work = SCENARIO.flatMap(([target, ids]) => ids.map((id) => [id, target] as const));
    // Every drive ends before a failure is reported: none may still be calling Temporal when afterAll
    // closes the connections.
    const failures: unknown[] = [];
    await mapWithLimit(work, 4, ([id, target]) => driver.drive(id, target).catch((err: unknown) => void failures.push(err)));
    if (failures.length > 0) throw failures[0];
    // launch() gives every run a fresh, temporary profile (user-data dir) of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    const liveMembers = await stack.db.prisma.municipality.count({ where: { consortiumId: { in: LIVE_CONSORTIA } } });
    await eventually(
      stats,
      (s) => s.joined.municipalities === liveMembers && liveRow(s).consortia === LIVE_CONSORTIA.length,
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('draws a municipality that went live with the live phase and colour', async () => {
    const svg = await (await fetch(`${baseUrl}/overview/map.svg`, { headers: staff() })).text();
    const helsinki = /<path [^>]*data-code="091"[^>]*>(.*?)<\/path>/s.exec(svg)!;
    expect(helsinki[0]).toContain('data-phase="LIVE"');
    expect(helsinki[0]).toContain(`fill="${PHASE_COLOURS.LIVE}"`);
    expect(helsinki[1]).toMatch(/Käytössä\nLiittynyt \d{1,2}\.\d{1,2}\.\d{4}/);
    expect(/<path [^>]*data-code="478"[^>]*>/.exec(svg)![0]).toContain('data-phase="WITHDRAWN"');
  });

  it('shows the headline figures of /overview/stats, switches language, and refreshes without a reload', async () => {
    const figures = await stats();
    const joined = figures.joined.municipalities;
    const share = (lang: string) => new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(figures.joined.populationShare);
    const page = await browser!.newPage({ viewport: { width: 1360, height: 1000 }, extraHTTPHeaders: staff() });
    await page.goto(`${baseUrl}/overview`);

    const headline = page.locator('.headline');
    expect(await headline.getAttribute('data-joined-municipalities')).toBe(String(joined));
    expect(await headline.getAttribute('data-population-share')).toBe(String(figures.joined.populationShare));
    expect(await headline.locator('.big').textContent()).toBe(`${joined} kuntaa, ${share('fi-FI')} % suomalaisista`);
    expect(await page.locator('#map path[data-code]').count()).toBe(309);
    expect(await page.locator('#map path[data-phase="LIVE"]').count()).toBe(liveRow(figures).municipalities);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-fi.png'), fullPage: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-fi-viewport.png') });

    await page.getByRole('link', { name: 'svenska' }).click();
    await page.waitForURL(/lang=sv/);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('.headline .big').textContent()).toBe(`${joined} kommuner, ${share('sv-FI')} % av finländarna`);
    expect(await page.locator('#map .legend').textContent()).toContain('I bruk');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('.headline .big').textContent()).toBe(`${joined} municipalities, ${share('en-GB')} % of Finns`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-en.png'), fullPage: true });

    // The script polls: a municipality joining shows up without a reload.
    // (Browser-side code as strings: this project's TypeScript has no DOM types.)
    await page.evaluate('window.notReloaded = true');
    await stack.db.prisma.municipality.update({ where: { code: '564' }, data: { joined: true, joinedAt: new Date('2025-01-01T00:00:00Z') } });
    await page.waitForFunction(`document.querySelector('.headline').dataset.joinedMunicipalities === '${joined + 1}'`, undefined, { timeout: 15_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('shows the page with its data when JavaScript is off', async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false, extraHTTPHeaders: staff() });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/overview?lang=sv`);
    expect(await page.locator('.headline .big').textContent()).toMatch(/^\d+ kommuner, [\d,]+ % av finländarna$/);
    expect(await page.locator('table.phases tbody tr').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('#map path[data-code]').count()).toBe(309);
    await context.close();
  });
});
