/**
 * Runs a task per node once every node it waits on has succeeded, at most `concurrency` at a time.
 * After a failure no new task starts (running ones finish), as CloudFormation stops an operation.
 */
export interface ScheduleResult {
  readonly succeeded: readonly string[];
  readonly failed: readonly string[];
  readonly notStarted: readonly string[];
}

export async function runScheduled(
  nodes: readonly string[],
  waitsOn: (node: string) => Iterable<string>,
  task: (node: string) => Promise<void>,
  concurrency: number,
): Promise<ScheduleResult> {
  const pending = new Set(nodes);
  const succeeded: string[] = [];
  const failed: string[] = [];
  const running = new Map<string, Promise<void>>();
  const isReady = (node: string): boolean => [...waitsOn(node)].every((other) => !pending.has(other) && !running.has(other) && !failed.includes(other));
  while (pending.size > 0 || running.size > 0) {
    if (failed.length === 0) {
      for (const node of [...pending]) {
        if (running.size >= concurrency) break;
        if (!isReady(node)) continue;
        pending.delete(node);
        running.set(
          node,
          task(node).then(
            () => {
              succeeded.push(node);
              running.delete(node);
            },
            () => {
              failed.push(node);
              running.delete(node);
            },
          ),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return { succeeded, failed, notStarted: [...pending] };
}
