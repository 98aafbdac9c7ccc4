/** The error `f` throws (fails the test if it throws nothing), so a test can check its type and message. */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
