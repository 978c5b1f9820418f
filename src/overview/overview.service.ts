// Gathers the overview's inputs (Temporal visibility and queries, PostgreSQL) and hands them to the
// pure computations and renderers. Reads are shared for a second across requests and viewers.
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { PrismaClient } from '../database/prisma';
import { getOnboardingState, ONBOARDING_WORKFLOW_TYPE, onboardingWorkflowId } from '../../workflows/onboarding/contract';
import { freshFor, mapWithLimit } from './fresh';
import { formatters, LABELS, Language } from './i18n';
import { MunicipalityGeometry } from './map/geometry';
import { municipalityStatuses } from './map/municipality-status';
import { PHASE_COLOURS } from './map/palette';
import { municipalityTitle, renderMapSvg } from './map/svg';
import type { OnboardingListing, OverviewInputs, StateOutcome } from './model';
import { latestOnboardings, ListedExecution } from './onboarding-listing';
import { renderOverviewPage } from './page/page';
import { renderLiveSections } from './page/sections';
import { computeStats, OverviewStats } from './stats';
import { SurveySummary, summariseSurvey } from './survey';

const REUSE_MS = 1000;
// About 36 consortia: a few queries at a time keeps the worker's query load flat.
const QUERY_CONCURRENCY = 6;
const QUERY_TIMEOUT_MS = 5000;

interface Snapshot {
  at: Date;
  inputs: OverviewInputs;
}

/** What the page's script swaps in on each poll: the figures as HTML, and each municipality's colour. */
export interface PageRefresh {
  generatedAt: string;
  sections: string;
  municipalities: { code: string; phase: string; fill: string; title: string }[];
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** "Failed to query Workflow" says little by itself: the cause (e.g. the deadline) tells staff what happened. */
function describeFailure(err: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error && messages.length < 3; e = e.cause) messages.push(e.message);
  return (messages.join(': ') || String(err)).slice(0, 300);
}

@Injectable()
export class OverviewService {
  private readonly snapshot = freshFor(REUSE_MS, () => this.readSnapshot());
  private readonly states = freshFor(REUSE_MS, async () => this.queryStates((await this.snapshot()).inputs.onboardings));

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(MunicipalityGeometry) private readonly geometry: MunicipalityGeometry,
  ) {}

  async stats(): Promise<OverviewStats> {
    const { at, inputs } = await this.snapshot();
    return computeStats(inputs, at);
  }

  async survey(): Promise<SurveySummary> {
    const [{ at, inputs }, outcomes] = await Promise.all([this.snapshot(), this.states()]);
    return summariseSurvey(inputs, outcomes, at);
  }

  async mapSvg(language: Language): Promise<string> {
    const [geometry, { inputs }] = await Promise.all([this.geometry.get(), this.snapshot()]);
    const labels = LABELS[language];
    return renderMapSvg(geometry, municipalityStatuses(inputs), labels, formatters(labels));
  }

  async page(language: Language): Promise<string> {
    const [stats, survey, map] = await Promise.all([this.stats(), this.survey(), this.mapSvg(language)]);
    return renderOverviewPage({ language, stats, survey, map });
  }

  async refresh(language: Language): Promise<PageRefresh> {
    const [stats, survey, { inputs }] = await Promise.all([this.stats(), this.survey(), this.snapshot()]);
    const labels = LABELS[language];
    const fmt = formatters(labels);
    return {
      generatedAt: stats.generatedAt,
      sections: renderLiveSections({ language, stats, survey }),
      municipalities: [...municipalityStatuses(inputs).values()].map((status) => ({
        code: status.code,
        phase: status.phase,
        fill: PHASE_COLOURS[status.phase],
        title: municipalityTitle(status, status.code, labels, fmt),
      })),
    };
  }

  private async readSnapshot(): Promise<Snapshot> {
    const at = new Date();
    const [municipalities, consortia, rounds, onboardings] = await Promise.all([
      this.prisma.municipality.findMany({ orderBy: { code: 'asc' } }),
      this.prisma.consortium.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
      this.prisma.joiningRound.findMany({ orderBy: { goLiveDate: 'asc' } }),
      this.listOnboardings(),
    ]);
    return {
      at,
      inputs: {
        municipalities: municipalities.map(({ code, nameFi, nameSv, population, consortiumId, joined, joinedAt }) => ({
          code,
          nameFi,
          nameSv,
          population,
          consortiumId,
          joined,
          joinedAt: joinedAt ? dateOnly(joinedAt) : null,
        })),
        consortia,
        rounds: rounds.map((r) => ({ name: r.name, signingDeadline: dateOnly(r.signingDeadline), goLiveDate: dateOnly(r.goLiveDate) })),
        onboardings,
      },
    };
  }

  /** Visibility is eventually consistent (about a second on the dev server): fine for a polled overview. */
  private async listOnboardings(): Promise<OnboardingListing[]> {
    const executions: ListedExecution[] = [];
    for await (const execution of this.client.workflow.list({ query: `WorkflowType = "${ONBOARDING_WORKFLOW_TYPE}"` })) {
      executions.push(execution);
    }
    return latestOnboardings(executions);
  }

  /** Each onboarding's members and answers; a consortium whose query fails is reported, not dropped. */
  private queryStates(onboardings: readonly OnboardingListing[]): Promise<StateOutcome[]> {
    return mapWithLimit(onboardings, QUERY_CONCURRENCY, async ({ consortiumId }): Promise<StateOutcome> => {
      try {
        const handle = this.client.workflow.getHandle(onboardingWorkflowId(consortiumId));
        const state = await this.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(getOnboardingState));
        return { consortiumId, state };
      } catch (err) {
        return { consortiumId, error: describeFailure(err) };
      }
    });
  }
}
