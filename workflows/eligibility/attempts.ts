// How long one attempt of each local activity of a check may take (their startToCloseTimeouts), in one
// place without workflow imports: tests read them to know when the SDK core's attempt timers are gone.

/** One round of register queries (the person). */
export const ONE_ROUND_ATTEMPT_MS = 1000;
/** Two rounds of queries one after the other (the guardian, then the ward or wards). */
export const TWO_ROUND_ATTEMPT_MS = 2000;
/** The audit record, written when the check itself could not finish. */
export const AUDIT_ATTEMPT_MS = 5000;
