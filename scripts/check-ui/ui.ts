// The Temporal Web UI (2.54) in headless Chromium, as an operator uses it: the workflow list filtered
// by a search attribute, one onboarding and one eligibility check with their payloads decoded by the
// API's codec endpoint.
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { StepError } from './drive';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const NAMESPACE = 'default';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
}

/** The page's visible text (payload viewers included), for "is X shown" questions. */
const bodyText = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;

async function waitForText(page: Page, what: string, test: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await bodyText(page);
    if (test(text)) return text;
    if (Date.now() > deadline) throw new StepError(`${what} did not appear on ${page.url()} within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(200);
  }
}

export interface CodecCalls {
  decode: number;
  failed: string[];
}

/** Counts the UI's calls to the codec endpoint (and the failed ones) on this page. */
function watchCodec(page: Page, codecBase: string): CodecCalls {
  const calls: CodecCalls = { decode: 0, failed: [] };
  page.on('response', (res) => {
    if (!res.url().startsWith(codecBase)) return;
    if (res.request().method() === 'POST' && new URL(res.url()).pathname.endsWith('/decode')) {
      calls.decode++;
      if (res.status() !== 200) calls.failed.push(`${res.status()} ${res.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(codecBase)) calls.failed.push(`${req.failure()?.errorText ?? 'failed'} ${req.url()}`);
  });
  return calls;
}

export interface UiCheckInput {
  uiBase: string;
  codecBase: string;
  screenshots: string;
  onboarding: { workflowId: string; runId: string; consortiumName: string };
  /** The check's shard run, and the start of its update id (`check:<checkId>:`). */
  eligibility: { workflowId: string; runId: string; updateIdPrefix: string; personId: string; decision: string };
}

export interface UiFindings {
  listRowsWithFilter: string[];
  filterMethod: string;
  onboardingDecoded: boolean;
  onboardingCodecCalls: CodecCalls;
  withoutCodecShowsCiphertext: boolean;
  eligibilityDecisionShown: string;
  identityCodeVisible: boolean;
  identityCodeWhere: string[];
  screenshots: { file: string; shows: string }[];
}

const workflowUrl = (base: string, workflowId: string, runId: string) =>
  `${base}/namespaces/${NAMESPACE}/workflows/${encodeURIComponent(workflowId)}/${runId}`;

export async function checkTemporalUi(browser: Browser, input: UiCheckInput): Promise<UiFindings> {
  const shots: UiFindings['screenshots'] = [];
  const shot = async (page: Page, name: string, shows: string) => {
    const file = path.join(input.screenshots, `ui-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push({ file, shows });
  };
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);

    // 1. The list of every workflow.
    await page.goto(`${input.uiBase}/namespaces/${NAMESPACE}/workflows`);
    await waitForText(page, `the workflow ${input.onboarding.workflowId} in the list`, (t) => t.includes(input.onboarding.workflowId), 20_000);
    await shot(page, '1-workflows', 'every workflow of the namespace: the onboarding and the eligibility shards');

    // 2. Filtered by the onboarding phase: the list URL takes the visibility query (?query=...).
    const query = 'OnboardingPhase = "LIVE"';
    await page.goto(`${input.uiBase}/namespaces/${NAMESPACE}/workflows?query=${encodeURIComponent(query)}`);
    const filtered = await waitForText(page, `${input.onboarding.workflowId} under ${query}`, (t) => t.includes(input.onboarding.workflowId), 20_000);
    const rows = [...filtered.matchAll(/(consortium-onboarding|login-eligibility-shard):[A-Za-z0-9-]+/g)].map((m) => m[0]);
    if (rows.some((r) => r.startsWith('login-eligibility-shard:'))) {
      throw new StepError(`the list filtered by ${query} still shows the eligibility shards: the query was not applied (${page.url()})`);
    }
    await shot(page, '2-workflows-live', `the list filtered by ${query}: only onboardings that went live`);

    // 3. The onboarding: its input decoded through the codec server.
    const link = page.getByRole('link', { name: input.onboarding.workflowId }).first();
    const onboardingCodec = watchCodec(page, input.codecBase);
    if (await link.count()) {
      await link.click();
      // UI 2.54 opens a workflow on its Timeline tab (…/<workflow id>/<run id>/timeline).
      await page.waitForURL((url) => url.pathname.includes(`/workflows/${encodeURIComponent(input.onboarding.workflowId)}/`));
    } else {
      await page.goto(workflowUrl(input.uiBase, input.onboarding.workflowId, input.onboarding.runId));
    }
    const onboardingText = await waitForText(page, `the decoded input ("${input.onboarding.consortiumName}")`, (t) => t.includes(input.onboarding.consortiumName), 20_000);
    if (/Codec Server could not connect/i.test(onboardingText)) throw new StepError('the UI says "Codec Server could not connect"');
    if (onboardingCodec.failed.length) throw new StepError(`codec calls failed: ${onboardingCodec.failed.join('; ')}`);
    await shot(page, '3-onboarding-decoded', `the onboarding ${input.onboarding.workflowId}: input decoded by the codec server, "${input.onboarding.consortiumName}" readable`);

    // 4. The same page when the codec endpoint cannot be reached: what Temporal stores. The UI then
    // says so and shows each payload's data as base64 (AES-GCM ciphertext; its metadata, with the
    // encoding binary/encrypted, is not displayed).
    const raw = await context.newPage();
    await raw.route(`${input.codecBase}/**`, (route) => route.abort());
    await raw.goto(workflowUrl(input.uiBase, input.onboarding.workflowId, input.onboarding.runId));
    const rawText = await waitForText(raw, 'the warning "Codec Server could not connect" and base64 payloads', (t) => /Codec Server could not connect/i.test(t) && /"[A-Za-z0-9+/]{200,}={0,2}"/.test(t), 20_000);
    if (rawText.includes(input.onboarding.consortiumName)) {
      throw new StepError(`with the codec endpoint blocked the UI still shows "${input.onboarding.consortiumName}": the payload is not encrypted`);
    }
    const withoutCodecShowsCiphertext = true;
    await shot(raw, '4-onboarding-without-codec', 'the same onboarding with the codec endpoint blocked: "Codec Server could not connect", input and result only as base64 ciphertext');
    await raw.close();

    // 5. One eligibility check (an update of its shard): its answer (decision) decoded, and whether
    // the identity code shows.
    const eligibility = await context.newPage();
    const eligibilityCodec = watchCodec(eligibility, input.codecBase);
    // A check is an update of its shard: the shard's event history shows its answer, decoded.
    await eligibility.goto(`${workflowUrl(input.uiBase, input.eligibility.workflowId, input.eligibility.runId)}/history`);
    const eligibilityText = await waitForText(
      eligibility,
      `the decoded result with the decision ${input.eligibility.decision}`,
      (t) => new RegExp(`"decision":\\s*"${input.eligibility.decision}"`).test(t),
      20_000,
    );
    if (eligibilityCodec.failed.length) throw new StepError(`codec calls failed: ${eligibilityCodec.failed.join('; ')}`);
    const identityCodeWhere: string[] = [];
    if (eligibilityText.includes(input.eligibility.personId)) {
      const around = eligibilityText.split('\n').filter((line) => line.includes(input.eligibility.personId));
      identityCodeWhere.push(...around.map((l) => l.trim().replace(input.eligibility.personId, '<identity code>').slice(0, 120)));
    }
    await shot(
      eligibility,
      '5-eligibility-decoded',
      `the eligibility check ${input.eligibility.updateIdPrefix}… in its shard ${input.eligibility.workflowId}: decoded answer with decision ${input.eligibility.decision}` +
        (identityCodeWhere.length ? '; the identity code is readable in the decoded input' : ''),
    );

    return {
      listRowsWithFilter: [...new Set(rows)],
      filterMethod: `URL ?query=${encodeURIComponent(query)}`,
      onboardingDecoded: true,
      onboardingCodecCalls: onboardingCodec,
      withoutCodecShowsCiphertext,
      eligibilityDecisionShown: input.eligibility.decision,
      identityCodeVisible: identityCodeWhere.length > 0,
      identityCodeWhere,
      screenshots: shots,
    };
  } finally {
    await context.close();
  }
}
