// timeoutSignal: times out as AbortSignal.timeout does, unless cleared first.
import { timeoutSignal } from '../../activities/timeout-signal';

it('aborts after its time with a TimeoutError, as AbortSignal.timeout does', async () => {
  const { signal } = timeoutSignal(20);
  expect(signal.aborted).toBe(false);
  await new Promise((resolve) => signal.addEventListener('abort', resolve));
  expect(signal.reason).toBeInstanceOf(DOMException);
  expect((signal.reason as DOMException).name).toBe('TimeoutError');
});

it('never aborts once cleared', async () => {
  const timeout = timeoutSignal(20);
  const aborted = jest.fn();
  timeout.signal.addEventListener('abort', aborted);
  timeout.clear();
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(timeout.signal.aborted).toBe(false);
  expect(aborted).not.toHaveBeenCalled();
});
