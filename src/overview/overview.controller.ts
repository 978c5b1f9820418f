// HTTP only. One controller for the page and its data, so that the staff authentication guard (a later
// issue) applies to all of it with one @UseGuards here.
import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffRead } from '../auth/roles';
import { LANGUAGES, toLanguage } from './i18n';
import { REFRESH_SCHEMA, STATS_SCHEMA, SURVEY_SCHEMA } from './overview.openapi';
import { OverviewService, PageRefresh } from './overview.service';
import type { OverviewStats } from './stats';
import type { SurveySummary } from './survey';

// Live figures: never served from a cache in between.
const NO_STORE = 'no-store';
const TEXT = { type: 'string' };
const LANGUAGE_QUERY = { name: 'lang', required: false, enum: [...LANGUAGES], description: 'Label language (default fi)' };

@ApiTags('overview')
@StaffRead()
@Controller('overview')
export class OverviewController {
  constructor(@Inject(OverviewService) private readonly overview: OverviewService) {}

  @Get()
  @ApiProduces('text/html')
  @ApiQuery(LANGUAGE_QUERY)
  @ApiOkResponse({ description: 'The staff overview page: map, headline figures, phases, rounds and the pre-survey', schema: TEXT })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', NO_STORE)
  page(@Query('lang') lang?: string): Promise<string> {
    return this.overview.page(toLanguage(lang));
  }

  @Get('stats')
  @ApiOkResponse({ description: 'Municipalities and consortia per phase, joined and covered population, per joining round', schema: STATS_SCHEMA })
  @Header('Cache-Control', NO_STORE)
  stats(): Promise<OverviewStats> {
    return this.overview.stats();
  }

  @Get('survey')
  @ApiOkResponse({ description: 'Pre-survey answers: intentions, desired schedules, who has not answered', schema: SURVEY_SCHEMA })
  @Header('Cache-Control', NO_STORE)
  survey(): Promise<SurveySummary> {
    return this.overview.survey();
  }

  @Get('map.svg')
  @ApiProduces('image/svg+xml')
  @ApiQuery(LANGUAGE_QUERY)
  @ApiOkResponse({ description: "Finland's 309 municipalities coloured by joining phase (SVG, no script)", schema: TEXT })
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', NO_STORE)
  map(@Query('lang') lang?: string): Promise<string> {
    return this.overview.mapSvg(toLanguage(lang));
  }

  @Get('refresh')
  @ApiQuery(LANGUAGE_QUERY)
  @ApiOkResponse({ description: "What the page's script polls: its sections as HTML and each municipality's colour", schema: REFRESH_SCHEMA })
  @Header('Cache-Control', NO_STORE)
  refresh(@Query('lang') lang?: string): Promise<PageRefresh> {
    return this.overview.refresh(toLanguage(lang));
  }
}
