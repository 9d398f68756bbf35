/**
 * Runs `work(i)` for i in [0, count) with at most `concurrency` running at once, in index
 * order, without creating a promise per item up front (17,000 items must stay cheap).
 * `shouldStop()` is asked before each start; once it answers true no further item starts
 * and the pool resolves when the running ones end. A rejection of `work` stops the pool
 * the same way and is re-thrown once the running items have ended.
 */
export async function runPool(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < count && !failure && !shouldStop()) {
      const index = next++;
      try {
        await work(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, count));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
}
