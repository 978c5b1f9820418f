// Drives the running stack through its HTTP API as staff and the login service would: one consortium
// from start to LIVE, and a few eligibility checks.
import { helsinkiDate } from '../../workflows/onboarding/calendar';
import type { OnboardingState } from '../../workflows/onboarding/contract';
import { eligibilityShardOf, eligibilityShardWorkflowId, type EligibilityCheckResult } from '../../workflows/eligibility/contract';

export class StepError extends Error {}

interface Api {
  base: string;
  token: string;
}

async function call<T>(api: Api, method: string, path: string, body?: unknown, okStatuses = [200, 201]): Promise<T> {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!okStatuses.includes(res.status)) throw new StepError(`${method} ${path} answered ${res.status}: ${text.slice(0, 400)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The onboarding's state, or undefined when none was started (this API answers 409 then). */
async function findOnboarding(api: Api, consortiumId: string): Promise<OnboardingState | undefined> {
  const res = await fetch(`${api.base}/consortia/${consortiumId}/onboarding`, {
    headers: { authorization: `Bearer ${api.token}` },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status === 200) return JSON.parse(text) as OnboardingState;
  if ((res.status === 409 || res.status === 404) && /No onboarding has been started/.test(text)) return undefined;
  throw new StepError(`GET /consortia/${consortiumId}/onboarding answered ${res.status}: ${text.slice(0, 400)}`);
}

export interface DrivenOnboarding {
  consortiumId: string;
  consortiumName: string;
  workflowId: string;
  round: string;
  phase: string;
  members: number;
  /** What the check did to get there (a repeated run finds earlier steps done). */
  actions: string[];
}

/**
 * Starts (or finds) the onboarding of `preferred`, or of the first consortium with none yet when that
 * one was withdrawn, and takes it to LIVE through a joining round going live today.
 */
export async function driveOnboardingToLive(apiBase: string, staffToken: string, preferred: string, timeoutMs = 30_000): Promise<DrivenOnboarding> {
  const api = { base: apiBase, token: staffToken };
  const actions: string[] = [];
  let consortiumId = preferred;
  let state = await findOnboarding(api, consortiumId);
  if (state?.phase === 'WITHDRAWN') {
    // A withdrawn onboarding never goes live (one workflow per consortium, ever): take another.
    const consortia = await call<{ id: string }[]>(api, 'GET', '/consortia');
    let found: string | undefined;
    for (const c of consortia) {
      if (!(await findOnboarding(api, c.id))) {
        found = c.id;
        break;
      }
    }
    if (!found) throw new StepError(`${preferred}'s onboarding was withdrawn and every consortium has an onboarding already`);
    actions.push(`${preferred} was withdrawn in this data folder: used ${found} instead`);
    consortiumId = found;
  }
  const consortium = await call<{ id: string; name: string; municipalityCodes: string[] }>(api, 'GET', `/consortia/${consortiumId}`);

  const existed = consortiumId === preferred && state !== undefined;
  state = await call<OnboardingState>(api, 'POST', `/consortia/${consortiumId}/onboarding`);
  actions.push(existed ? `onboarding found in phase ${state.phase}` : 'onboarding started');

  const today = helsinkiDate(Date.now());
  const round = `ui-check-${today}`;
  if (state.phase !== 'LIVE') {
    // A round for today: signing deadline and go-live today (Europe/Helsinki).
    await call(api, 'POST', '/joining-rounds', { name: round, signingDeadline: today, goLiveDate: today });
    actions.push(`joining round ${round} (go-live ${today})`);

    let answered = 0;
    for (const m of state.members.filter((m) => !m.surveyAnsweredAt)) {
      state = await call<OnboardingState>(api, 'POST', `/municipalities/${m.code}/survey`, {
        intendsToJoin: true,
        desiredSchedule: 'seuraava kierros',
        contactEmail: `kirjasto@k${m.code}.example`,
      });
      answered++;
    }
    if (answered) actions.push(`${answered} survey answer(s)`);

    let signed = 0;
    for (const m of state.members.filter((m) => !m.signedOn)) {
      state = await call<OnboardingState>(api, 'POST', `/municipalities/${m.code}/signature`, { signedOn: today, signatory: `Kunnanjohtaja ${m.code}` });
      signed++;
    }
    if (signed) actions.push(`${signed} signature(s)`);

    let completed = 0;
    for (const s of state.integration.filter((s) => !s.automatic && s.status !== 'DONE')) {
      state = await call<OnboardingState>(api, 'POST', `/consortia/${consortiumId}/integration/${encodeURIComponent(s.step)}/complete`);
      completed++;
    }
    if (completed) actions.push(`${completed} manual integration step(s)`);
  }

  const deadline = Date.now() + timeoutMs;
  while (state.phase !== 'LIVE') {
    if (Date.now() > deadline) {
      throw new StepError(
        `${consortiumId} did not reach LIVE within ${timeoutMs / 1000} s: phase ${state.phase}, round ${state.round?.name ?? 'none'}, ` +
          `integration ${state.integration.map((s) => `${s.step}=${s.status}`).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
    state = await call<OnboardingState>(api, 'GET', `/consortia/${consortiumId}/onboarding`);
  }
  return {
    consortiumId,
    consortiumName: consortium.name,
    workflowId: `consortium-onboarding:${consortiumId}`,
    round: state.round?.name ?? '(none)',
    phase: state.phase,
    members: state.members.length,
    actions,
  };
}

export interface Check {
  personId: string;
  /** Where the register says the person lives (from the simulator's sample), for the report. */
  homeMunicipalityCode: string | null;
  result: EligibilityCheckResult;
  /** The shard workflow whose history holds the check (its update `check:<checkId>:…`). */
  workflowId: string;
}

/** Adults from the register simulator's sample, plus one living in `liveMunicipality`, checked as the login service. */
export async function runEligibilityChecks(apiBase: string, registerBase: string, loginToken: string, liveMunicipality: string): Promise<Check[]> {
  type Sample = { persons: { personId: string; homeMunicipalityCode: string | null }[] };
  const sample = async (query: string) => {
    const res = await fetch(`${registerBase}/admin/population/sample?${query}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new StepError(`register simulator: GET /admin/population/sample?${query} answered ${res.status}`);
    return ((await res.json()) as Sample).persons;
  };
  const persons = [...(await sample('kind=adult&limit=5')), ...(await sample(`kind=adult&limit=1&municipalityCode=${liveMunicipality}`))];
  if (persons.length < 2) throw new StepError(`the register simulator gave only ${persons.length} adult(s)`);
  const api = { base: apiBase, token: loginToken };
  const checks: Check[] = [];
  for (const p of persons) {
    const result = await call<EligibilityCheckResult>(api, 'POST', '/eligibility/checks', { personId: p.personId }, [200]);
    checks.push({ personId: p.personId, homeMunicipalityCode: p.homeMunicipalityCode, result, workflowId: eligibilityShardWorkflowId(eligibilityShardOf(result.checkId)) });
  }
  return checks;
}
