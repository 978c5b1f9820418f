// What must hold before an onboarding may start. Kept apart from the start itself so that every start
// path (the API's, and any later one) asks the same question.
import { conflict } from '../http/problem';

/**
 * A consortium without members has nobody to survey, remind or sign: its onboarding could never move
 * (moves can empty a consortium of one). 409: the consortium's state, not the request, is what is wrong.
 */
export function refuseStartWithoutMembers(consortium: { id: string; municipalityCodes: readonly string[] }): void {
  if (consortium.municipalityCodes.length === 0) {
    throw conflict(
      `Consortium "${consortium.id}" has no member municipalities, so its onboarding cannot start. ` +
        'Move a municipality into it first (POST /municipalities/{code}/consortium).',
    );
  }
}
