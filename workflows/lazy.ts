// The worker evaluates the workflow bundle's modules again for every workflow run (each run gets its
// own module state in the sandbox), so work at a module's top level is paid by every run, needed or
// not. Costly values (an Intl formatter takes ~0.5 ms to build) are made on first use instead.

/** `make()`'s value, made on the first call and kept. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
