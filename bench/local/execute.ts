import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionStats } from '../../local/services/stepfunctions/executions';
import type { LocalCloud } from '../../local/server';
import type { ExecutionStats } from '../../local/stepfunctions';

export interface FinishedExecution {
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  /** The execution's output, parsed. */
  readonly output?: unknown;
  readonly wallSeconds: number;
  /** Highest resident set size sampled while it ran, bytes (the cloud, the engine and the functions share the process). */
  readonly peakRssBytes: number;
  readonly stats: ExecutionStats;
  /** Requests the cloud answered while it ran, per service and operation. */
  readonly requests: Record<string, Record<string, number>>;
}

/**
 * Starts an execution on the local Step Functions service as the operator would (StartExecution
 * over the wire), waits for it to end and reads the engine's counts. Polls gently, since every
 * DescribeExecution is served by the same process that runs the execution.
 */
export async function runExecution(cloud: LocalCloud, stateMachineArn: string, name: string, input: unknown, pollMs = 250): Promise<FinishedExecution> {
  const sfn = new SFNClient({});
  const before = cloud.requests.snapshot();
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 100);
  const started = process.hrtime.bigint();
  try {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    if (!executionArn) throw new Error('StartExecution answered no executionArn');
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') {
        const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        const stats = await executionStats(cloud.cloud, executionArn);
        if (!stats) throw new Error(`the local Step Functions kept no counts for ${executionArn}`);
        return {
          executionArn,
          status: described.status ?? 'UNKNOWN',
          ...(described.error ? { error: described.error } : {}),
          ...(described.cause ? { cause: described.cause } : {}),
          ...(described.output ? { output: JSON.parse(described.output) as unknown } : {}),
          wallSeconds,
          peakRssBytes: Math.max(peakRssBytes, process.memoryUsage.rss()),
          stats,
          requests: difference(cloud.requests.snapshot(), before),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    clearInterval(sampler);
  }
}

function difference(after: Record<string, Record<string, number>>, before: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [service, actions] of Object.entries(after)) {
    for (const [action, count] of Object.entries(actions)) {
      const delta = count - (before[service]?.[action] ?? 0);
      if (delta > 0) (out[service] ??= {})[action] = delta;
    }
  }
  return out;
}
