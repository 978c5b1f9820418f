// OpenAPI descriptions of the onboarding answers (the types live in workflows/onboarding/contract.ts).
import { ONBOARDING_PHASES } from '../../workflows/onboarding/contract';
import { arrayOf, boolean, instant, integer, isoDate, nullable, objectOf, SchemaObject, string } from '../http/openapi-schemas';
import { MUNICIPALITY_SCHEMA } from '../municipalities/municipalities.openapi';

const MEMBER_SCHEMA: SchemaObject = objectOf({
  code: string,
  surveyAnsweredAt: nullable(instant),
  intendsToJoin: nullable(boolean),
  desiredSchedule: nullable(string),
  contactEmail: nullable(string),
  signedOn: nullable(isoDate),
  signatory: nullable(string),
});

export const ONBOARDING_STATE_SCHEMA: SchemaObject = objectOf({
  consortiumId: string,
  consortiumName: string,
  phase: { type: 'string', enum: [...ONBOARDING_PHASES] },
  members: arrayOf(MEMBER_SCHEMA),
  integration: arrayOf(objectOf({ step: string, automatic: boolean, status: { type: 'string', enum: ['PENDING', 'DONE'] }, completedAt: nullable(instant) })),
  round: nullable(objectOf({ name: string, signingDeadline: isoDate, goLiveDate: isoDate })),
  goLiveDate: nullable(isoDate),
  liveAt: nullable(instant),
  withdrawnAt: nullable(instant),
  withdrawalReason: nullable(string),
  reminders: objectOf({ sent: integer, nextAt: nullable(instant), lastSentAt: nullable(instant), deadlineRemindersFor: arrayOf(string) }),
});

const side = objectOf({ consortiumId: string, onboarding: nullable(ONBOARDING_STATE_SCHEMA) });

export const MEMBERSHIP_CHANGE_SCHEMA: SchemaObject = objectOf({
  moveId: string,
  moved: boolean,
  municipality: MUNICIPALITY_SCHEMA,
  carried: nullable(MEMBER_SCHEMA),
  from: side,
  to: side,
});
