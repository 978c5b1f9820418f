// An update that meets the workflow's own work can fail without being applied: the server fails the
// workflow task that carried it (e.g. UNHANDLED_COMMAND while the workflow completes or continues as
// new) and answers FAILED_PRECONDITION, "unexpected workflow task failure" for an update, "Workflow
// Task in failed state" for an update-with-start that arrives while that task is being retried. The
// client does not retry either; callers send the update again under the same update id, so that
// Temporal applies it at most once.
import { isGrpcServiceError, ServiceError } from '@temporalio/client';

/** gRPC status code (not a direct dependency of ours). */
const FAILED_PRECONDITION = 9;

/** The update was not applied, and asking again (same update id) is safe. */
export function isUpdateNotApplied(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(cause)) return false;
  // grpc-js puts the server's text in `details`; the native client leaves `details` empty and puts it in
  // the message.
  return cause.code === FAILED_PRECONDITION && /workflow task failure|workflow task in failed state/i.test(`${cause.details} ${cause.message}`);
}
