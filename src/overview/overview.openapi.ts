// OpenAPI descriptions of the overview's JSON answers (the types live in stats.ts and survey.ts).
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ScheduleKind } from './desired-schedule';
import { OVERVIEW_PHASES } from './phases';

const integer: SchemaObject = { type: 'integer' };
const date: SchemaObject = { type: 'string', format: 'date', nullable: true };
const tally: Record<string, SchemaObject> = {
  municipalities: integer,
  population: integer,
  populationShare: { type: 'number', description: "Share of Finland's population, percent, one decimal", example: 85.3 },
};
const tallyObject: SchemaObject = { type: 'object', properties: tally };
const phase: SchemaObject = { type: 'string', enum: [...OVERVIEW_PHASES] };
const scheduleKinds: ScheduleKind[] = ['FIRST_ROUND', 'MONTH', 'QUARTER', 'LATER', 'UNSPECIFIED'];

export const STATS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    finland: { type: 'object', properties: { municipalities: integer, population: integer } },
    joined: { ...tallyObject, description: 'Municipalities whose residents may use E-kirjasto' },
    phases: {
      type: 'array',
      description: 'Every phase in order; UNKNOWN counts phases this version does not know',
      items: { type: 'object', properties: { phase, consortia: integer, ...tally } },
    },
    rounds: {
      type: 'array',
      description: 'Joining rounds by go-live date, with the consortia assigned to each',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, signingDeadline: date, goLiveDate: date, consortia: integer, ...tally, coveredAfter: tallyObject },
      },
    },
  },
};

const municipalityRef: SchemaObject = {
  type: 'object',
  properties: { code: { type: 'string' }, nameFi: { type: 'string' }, nameSv: { type: 'string' }, population: integer },
};

export const SURVEY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    municipalities: {
      type: 'object',
      properties: Object.fromEntries(['answered', 'intendToJoin', 'notJoining', 'notAnswered', 'notStarted', 'unreadable'].map((k) => [k, tallyObject])),
    },
    consortia: {
      type: 'object',
      properties: Object.fromEntries(['allAnswered', 'partlyAnswered', 'noneAnswered', 'notStarted', 'unreadable'].map((k) => [k, integer])),
    },
    schedules: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string', example: '2024-Q3' },
          kind: { type: 'string', enum: scheduleKinds },
          month: { type: 'string', example: '2024-04' },
          quarter: { type: 'string', example: '2024-Q3' },
          ...tally,
          texts: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    notAnswered: {
      type: 'array',
      items: {
        type: 'object',
        properties: { consortiumId: { type: 'string' }, consortiumName: { type: 'string' }, phase, population: integer, municipalities: { type: 'array', items: municipalityRef } },
      },
    },
    unreadable: {
      type: 'array',
      description: 'Consortia whose onboarding state could not be queried just now',
      items: { type: 'object', properties: { consortiumId: { type: 'string' }, consortiumName: { type: 'string' }, error: { type: 'string' } } },
    },
  },
};

export const REFRESH_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    sections: { type: 'string', description: 'HTML of the page sections' },
    municipalities: {
      type: 'array',
      items: { type: 'object', properties: { code: { type: 'string' }, phase, fill: { type: 'string' }, title: { type: 'string' } } },
    },
  },
};
