// Technical integration's automatic step: does the consortium's library system answer?
import { ApplicationFailure } from '@temporalio/activity';
import type { LibrarySystemCheck } from '../../workflows/onboarding/activities';

const REQUEST_TIMEOUT_MS = 10_000;

export function librarySystemUrl(template: string, consortiumId: string): string {
  return template.replace('{consortiumId}', encodeURIComponent(consortiumId));
}

/**
 * 2xx is ready. Anything else throws a retryable failure: the workflow's retry policy keeps asking
 * (backing off to hourly) until the library system comes up.
 */
export async function checkLibrarySystem(fetchFn: typeof fetch, template: string, consortiumId: string): Promise<LibrarySystemCheck> {
  const url = librarySystemUrl(template, consortiumId);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw ApplicationFailure.retryable(`The library system of ${consortiumId} cannot be reached at ${url}: ${(err as Error).message}`, 'LibrarySystemUnreachable');
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw ApplicationFailure.retryable(`The library system of ${consortiumId} answered ${response.status} at ${url}`, 'LibrarySystemNotReady');
  }
  return { url, status: response.status };
}
