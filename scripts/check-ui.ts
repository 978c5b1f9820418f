// npm run check:ui — the Temporal Web UI with the codec server, end to end, on a stack of its own:
//   1. starts the stack as `npm start` does (scripts/start.cjs), on free ports, and waits until it is up;
//   2. drives one onboarding to LIVE through the API (staff token) and a few eligibility checks (login-service token);
//   3. opens the Temporal UI in headless Chromium: the workflow list, the list filtered by
//      OnboardingPhase = "LIVE", the onboarding (input decoded through the codec server), the same with
//      the codec blocked (ciphertext), one eligibility check (decision decoded; is the identity code shown?);
//   4. saves screenshots in .artifacts/screenshots/ui-*.png, prints a summary, stops everything it started.
// Exits 1 with the failing step's message. Bounded: CHECK_UI_TIMEOUT_S (default 180) for the whole run.
//
// The stack has its own data folder (STACK_DATA_DIR=.artifacts/check-ui/data, fresh each run, removed
// after a successful run, kept after a failed one) and its own free ports: it runs beside a developer's
// `npm start` and leaves that stack's data alone. It shares only the development keys in .data/
// (token signing key, payload key), so that tokens from `npm run token` work on both.
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadAuthConfig } from '../src/auth/auth.config';
import { signDevToken } from '../src/auth/dev-signing-key';
import { Check, driveOnboardingToLive, DrivenOnboarding, runEligibilityChecks, StepError } from './check-ui/drive';
import { describeProcess, freePorts, isRunning, processesMatching, processTree, RunningStack, runningStackProblem, startStack, waitGone } from './check-ui/stack';
import { checkTemporalUi, CHROMIUM, launchBrowser, UiFindings } from './check-ui/ui';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const ROOT = path.resolve(__dirname, '..');
const ARTIFACTS = path.join(ROOT, '.artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const WORK = path.join(ARTIFACTS, 'check-ui');
const DATA_DIR = path.join(WORK, 'data');
const STACK_LOG = path.join(WORK, 'stack.log');
const PREFERRED_CONSORTIUM = 'kirkes';
const TOTAL_S = Number(process.env.CHECK_UI_TIMEOUT_S || 180);
if (!Number.isInteger(TOTAL_S) || TOTAL_S <= 0) {
  process.stderr.write(`CHECK_UI_TIMEOUT_S must be a whole number of seconds (got "${process.env.CHECK_UI_TIMEOUT_S}")\n`);
  process.exit(2);
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (msg: string) => process.stdout.write(`[check:ui ${elapsed().padStart(7)}] ${msg}\n`);

let stack: RunningStack | undefined;
let browser: Browser | undefined;
let connection: Connection | undefined;
let step = 'preparing';
let finishing = false;
let cleanDataOnExit = false;
/** Chromium's crash handlers that appeared while ours started: they detach (parent pid 1), so are no descendants of ours. */
let crashHandlers: number[] = [];
const CRASHPAD = /chrome_crashpad_handler/;

/** Stops what we started, then checks that nothing of it is left. Returns problems. */
async function cleanUp(): Promise<string[]> {
  const problems: string[] = [];
  // Chromium's processes, while they are still our descendants (once closed, stragglers would be orphans).
  const browserProcesses = processTree(process.pid).filter((pid) => pid !== process.pid && !stack?.seen.has(pid) && /chrom/i.test(describeProcess(pid)));
  await browser?.close().catch((err) => problems.push(`closing Chromium: ${(err as Error).message}`));
  const browserLeft = await waitGone(browserProcesses, 5000);
  if (browserLeft.length) problems.push(`Chromium processes still running after close, killed: ${browserLeft.join('; ')}`);
  // Not killed: another Chromium starting at the same moment may own one.
  const handlersLeft = await waitGone(crashHandlers, 5000, false);
  if (handlersLeft.length) problems.push(`Chromium crash handlers started with ours still run after close (not killed): ${handlersLeft.join('; ')}`);
  await connection?.close().catch(() => undefined);
  if (stack) {
    say('stopping the stack (SIGINT, as Ctrl-C) ...');
    const leftovers = await stack.stop();
    if (leftovers.length) problems.push(`stack processes still alive 20 s after SIGINT, killed: ${leftovers.join('; ')}`);
    else say(`stack stopped: all ${stack.seen.size} of its processes are gone`);
  }
  if (browserProcesses.length && !browserLeft.length && !handlersLeft.length) {
    say(`Chromium closed: all ${browserProcesses.length + crashHandlers.length} of its processes are gone`);
  }
  // Only once the stack is down (PostgreSQL and Temporal hold files there until then).
  if (cleanDataOnExit && !problems.length) rmSync(DATA_DIR, { recursive: true, force: true });
  else if (stack) say(`the check's data stays in ${path.relative(ROOT, DATA_DIR)} for inspection (removed by the next run)`);
  const ours = processTree(process.pid).filter((pid) => pid !== process.pid && isRunning(pid));
  if (ours.length) problems.push(`processes of ours still alive: ${ours.map(describeProcess).join('; ')}`);
  return problems;
}

async function finish(code: number, message?: string): Promise<never> {
  if (finishing) return new Promise<never>(() => undefined);
  finishing = true;
  if (message) process.stderr.write(`\n[check:ui] FAILED at "${step}": ${message}\n`);
  const problems = await cleanUp();
  for (const p of problems) process.stderr.write(`[check:ui] cleanup: ${p}\n`);
  say(`${code === 0 && !problems.length ? 'OK' : 'FAILED'} in ${elapsed()}`);
  process.exit(code === 0 && problems.length ? 1 : code);
}

function summary(onboarding: DrivenOnboarding, checks: Check[], ui: UiFindings): void {
  const lines = [
    '',
    'Summary',
    `  stack         API :${stack!.ports.api}  Temporal :${stack!.ports.temporal}  UI http://localhost:${stack!.ports.ui}  (log ${path.relative(ROOT, STACK_LOG)})`,
    `  onboarding    ${onboarding.workflowId} (${onboarding.consortiumName}, ${onboarding.members} members): ${onboarding.phase} in round ${onboarding.round}`,
    `                ${onboarding.actions.join('; ')}`,
    `  eligibility   ${checks.map((c) => `${c.result.decision}/${c.result.reason} (home ${c.homeMunicipalityCode})`).join(', ')}`,
    `  UI filter     ${ui.filterMethod} → ${ui.listRowsWithFilter.join(', ')}`,
    `  codec         onboarding input decoded (${ui.onboardingCodecCalls.decode} decode call(s), none failed); without the codec the UI shows ` +
      (ui.withoutCodecShowsCiphertext ? '"Codec Server could not connect" and base64 ciphertext only' : 'something else (see screenshot 4)'),
    `  check shown   decision ${ui.eligibilityDecisionShown} decoded in the UI`,
    `  identity code ${ui.identityCodeVisible ? `VISIBLE to whoever opens the check in the UI (decoded by the codec): ${ui.identityCodeWhere.join(' | ')}` : 'not shown in the UI'}`,
    '  screenshots',
    ...ui.screenshots.map((s) => `    ${path.relative(ROOT, s.file)}  ${s.shows}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  const watchdog = setTimeout(() => void finish(1, `the whole check took longer than ${TOTAL_S} s (CHECK_UI_TIMEOUT_S)`), TOTAL_S * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void finish(130, `interrupted (${signal})`));

  step = 'checking prerequisites';
  if (!existsSync(CHROMIUM)) throw new StepError(`${CHROMIUM} is missing: install it with \`apt-get install chromium\``);
  const running = runningStackProblem(DATA_DIR);
  if (running) throw new StepError(running);
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of ['1-workflows', '2-workflows-live', '3-onboarding-decoded', '4-onboarding-without-codec', '5-eligibility-decoded']) {
    rmSync(path.join(SCREENSHOTS, `ui-${f}.png`), { force: true });
  }

  step = 'starting the stack';
  const ports = await freePorts(['api', 'temporal', 'ui', 'register', 'postgres', 'libraryStandIn', 'workerMetrics', 'workerAppMetrics'] as const);
  say(`starting the stack (node scripts/start.cjs) on API :${ports.api}, Temporal :${ports.temporal}, UI :${ports.ui}; output in ${path.relative(ROOT, STACK_LOG)}`);
  stack = startStack(ROOT, DATA_DIR, ports, STACK_LOG, Math.max(30, TOTAL_S - 60) * 1000);
  await stack.ready.catch((err) => {
    const tail = (err as { stackTail?: string[] }).stackTail;
    if (tail?.length) process.stderr.write(`[check:ui] last lines of the stack:\n${tail.map((l) => `  | ${l}`).join('\n')}\n`);
    throw err;
  });
  say('the stack is up');
  const apiBase = `http://127.0.0.1:${ports.api}`;

  step = 'signing development tokens';
  const authConfig = loadAuthConfig(process.env);
  const staffToken = await signDevToken(authConfig, ['staff'], { subject: 'check-ui-staff', ttl: '10m' });
  const loginToken = await signDevToken(authConfig, ['login-service'], { subject: 'check-ui-login-service', ttl: '10m' });

  step = 'driving an onboarding to LIVE through the API';
  const onboarding = await driveOnboardingToLive(apiBase, staffToken, PREFERRED_CONSORTIUM);
  say(`${onboarding.workflowId} (${onboarding.consortiumName}) is ${onboarding.phase}: ${onboarding.actions.join('; ')}`);

  step = 'running eligibility checks';
  const consortium = (await (await fetch(`${apiBase}/consortia/${onboarding.consortiumId}`, { headers: { authorization: `Bearer ${staffToken}` } })).json()) as {
    municipalityCodes: string[];
  };
  const checks = await runEligibilityChecks(apiBase, `http://127.0.0.1:${ports.register}`, loginToken, consortium.municipalityCodes[0]);
  say(`eligibility: ${checks.map((c) => c.result.decision).join(', ')}`);
  const shown = checks.find((c) => c.result.decision === 'ALLOW') ?? checks.find((c) => c.result.decision === 'DENY');
  if (!shown) throw new StepError(`no check was decided (ALLOW or DENY): ${checks.map((c) => `${c.result.decision}/${c.result.reason}`).join(', ')}`);

  step = 'reading the stored histories (what Temporal keeps: ciphertext)';
  connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  // No data converter: the payloads as stored.
  const client = new Client({ connection, namespace: 'default' });
  /** The run's first input payload that `pick` finds in its history: as stored. */
  const stored = async (workflowId: string, pick: (events: HistoryEvent[]) => Payload | null | undefined) => {
    // The raw service call: the client's describe() would try to decode the (encrypted) memo.
    const described = await connection!.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    const runId = described.workflowExecutionInfo?.execution?.runId ?? '';
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const payload = pick(history.events ?? []);
    const encoding = Buffer.from(payload?.metadata?.encoding ?? new Uint8Array()).toString();
    return { runId, encoding, data: Buffer.from(payload?.data ?? new Uint8Array()) };
  };
  const rawOnboarding = await stored(onboarding.workflowId, (events) => events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
  // The check's input: the argument of its update in its shard's history.
  const checkUpdate = `check:${shown.result.checkId}:`;
  const rawCheck = await stored(shown.workflowId, (events) =>
    events.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest).find((r) => r?.meta?.updateId?.startsWith(checkUpdate))?.input?.args?.payloads?.[0],
  );
  for (const [what, raw, secret] of [
    ['onboarding input', rawOnboarding, onboarding.consortiumName],
    ['eligibility check input', rawCheck, shown.personId],
  ] as const) {
    if (raw.encoding !== 'binary/encrypted') throw new StepError(`the stored ${what} has encoding "${raw.encoding}", not binary/encrypted`);
    if (raw.data.includes(Buffer.from(secret))) throw new StepError(`the stored ${what} contains its plaintext`);
  }
  say('stored inputs are binary/encrypted (no plaintext)');

  step = 'checking the Temporal UI in Chromium';
  const handlersBefore = new Set(processesMatching(CRASHPAD));
  browser = await launchBrowser();
  crashHandlers = processesMatching(CRASHPAD).filter((pid) => !handlersBefore.has(pid));
  const ui = await checkTemporalUi(browser, {
    uiBase: `http://localhost:${ports.ui}`,
    codecBase: `http://127.0.0.1:${ports.api}/codec`,
    screenshots: SCREENSHOTS,
    onboarding: { workflowId: onboarding.workflowId, runId: rawOnboarding.runId, consortiumName: onboarding.consortiumName },
    eligibility: { workflowId: shown.workflowId, runId: rawCheck.runId, updateIdPrefix: checkUpdate, personId: shown.personId, decision: shown.result.decision },
  });
  say(`UI: filter, decoded onboarding and check ${ui.withoutCodecShowsCiphertext ? 'and ciphertext without the codec ' : ''}seen`);

  summary(onboarding, checks, ui);
  step = 'cleaning up';
  cleanDataOnExit = true;
  await finish(0);
}

main().catch((err: unknown) => {
  const message = err instanceof StepError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  void finish(1, message);
});
