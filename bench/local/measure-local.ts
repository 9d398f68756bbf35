import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import { runtimeOf } from '../../local/services/lambda/runtime-registry';
import type { Measurement } from '../measure';
import { AWS_QUOTAS } from '../projection';
import { deployBaseline } from './baseline-deploy';
import { runExecution, type FinishedExecution } from './execute';
import { prepareBenchCloud, type BenchCloud } from './setup';

/** The worker both shapes run: the bundled inventory worker, deployed with the orchestrator. */
export const BENCH_WORKER = 'StepEverywhere_inventory';

/** What the local-cloud bench measures beyond the in-process figures. */
export interface LocalMeasurement extends Measurement {
  /** CPU time of the whole process (cloud, engine and function threads) while the execution ran. */
  readonly cpuSeconds: number;
  /** Target outcomes as the execution's summary counted them (ours only). */
  readonly outcomes?: Record<string, number>;
  /** Invocations the local Lambda refused with TooManyRequestsException (retried by the state machine). */
  readonly lambdaThrottles: number;
  /** Accounts processed at once (ours: the Distributed Map's MaxConcurrency). */
  readonly maxConcurrency?: number;
}

export interface LocalRun {
  readonly measurements: LocalMeasurement[];
  /** Seconds each preparation phase took (not part of any measurement). */
  readonly phases: Readonly<Record<string, number>>;
}

/**
 * Accounts at once so that every region of every account in flight stays within Lambda's default
 * concurrency quota: past it AWS throttles the worker (and so does the local Lambda).
 */
export function accountsAtOnce(regions: number): number {
  return Math.max(1, Math.floor(AWS_QUOTAS.lambdaConcurrency / regions));
}

async function measured(bench: BenchCloud, shape: Measurement['shape'], run: () => Promise<FinishedExecution>, maxConcurrency?: number): Promise<LocalMeasurement> {
  const lambda = runtimeOf(bench.cloud.cloud);
  const before = { ...(lambda?.counts ?? { invoked: 0, throttled: 0 }) };
  const cpu = process.cpuUsage();
  const finished = await run();
  const used = process.cpuUsage(cpu);
  const accounts = bench.org.accounts.length - 1;
  const targets = accounts * bench.regionNames.length;
  const counts = (finished.output as { Counts?: Record<string, number> } | undefined)?.Counts;
  return {
    shape,
    accounts,
    regions: bench.regionNames.length,
    targets,
    status: finished.status,
    ...(finished.error ? { error: `${finished.error}: ${String(finished.cause ?? '').slice(0, 300)}` } : {}),
    wallSeconds: finished.wallSeconds,
    targetsPerSecond: targets / finished.wallSeconds,
    assumeRoleCalls: finished.requests.sts?.AssumeRole ?? 0,
    kmsCalls: Object.values(finished.requests.kms ?? {}).reduce((sum, n) => sum + n, 0),
    lambdaInvocations: (lambda?.counts.invoked ?? 0) - before.invoked,
    lambdaThrottles: (lambda?.counts.throttled ?? 0) - before.throttled,
    stateTransitions: finished.stats.stateTransitions,
    maxHistoryEventsOfAnyExecution: finished.stats.maxHistoryEventsOfAnyExecution,
    largestPayloadBytes: finished.stats.largestPayloadBytes,
    peakRssBytes: finished.peakRssBytes,
    cpuSeconds: (used.user + used.system) / 1e6,
    ...(counts ? { outcomes: Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)) } : {}),
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
  };
}

/**
 * Boots a local cloud with a generated organization, prepares it as on AWS, and runs the shapes
 * asked for on it, ours first: the state machine as synthesized, then the original shape.
 */
export async function measureOnLocalCloud(options: {
  accounts: number;
  regions: number;
  shapes: ReadonlyArray<Measurement['shape']>;
  assemblyDir: string;
  print?: (line: string) => void;
}): Promise<LocalRun> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-bench-'));
  const bench = await prepareBenchCloud({
    accounts: options.accounts,
    regions: options.regions,
    stateDir,
    assemblyDir: options.assemblyDir,
    ...(options.print ? { print: options.print } : {}),
  });
  const measurements: LocalMeasurement[] = [];
  try {
    const regions = bench.regionNames;
    if (options.shapes.includes('step-everywhere')) {
      const maxConcurrency = accountsAtOnce(regions.length);
      const input = { Function: BENCH_WORKER, Regions: regions, MaxConcurrency: maxConcurrency, FailureTolerance: { Percentage: 100 } };
      measurements.push(await measured(bench, 'step-everywhere', () => runExecution(bench.cloud, bench.stateMachineArn, 'bench', input), maxConcurrency));
    }
    if (options.shapes.includes('baseline')) {
      const baseline = await deployBaseline(bench, stateDir);
      const input = { Regions: regions, Function: BENCH_WORKER, RoleName: DEFAULT_MEMBER_ROLE_NAME, Bucket: bench.bucket };
      measurements.push(await measured(bench, 'baseline', () => runExecution(bench.cloud, baseline, 'baseline', input)));
    }
    return { measurements, phases: bench.phases };
  } finally {
    await bench.cloud.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

function main(): void {
  const program = new Command()
    .option('--accounts <n>', 'member accounts', (v) => Number(v), 1000)
    .option('--regions <n>', 'regions per account', (v) => Number(v), 17)
    .option('--shapes <list>', 'step-everywhere,baseline', 'step-everywhere,baseline')
    .requiredOption('--assembly-dir <dir>', 'the synthesized app (bench/local/synthesize-app.ts)');
  program.parse();
  const opts = program.opts<{ accounts: number; regions: number; shapes: string; assemblyDir: string }>();
  const print = (line: string) => process.stderr.write(`  ${line}\n`);
  // Functions and handlers log a line per call; the benchmark prints figures only.
  console.log = () => undefined;
  console.info = () => undefined;
  console.warn = () => undefined;
  measureOnLocalCloud({
    accounts: opts.accounts,
    regions: opts.regions,
    shapes: opts.shapes.split(',') as Array<Measurement['shape']>,
    assemblyDir: opts.assemblyDir,
    print,
  }).then(
    (run) => {
      process.stdout.write(`${JSON.stringify(run)}\n`);
      // Warm sandboxes and keep-alive sockets must not hold the measurement's process open.
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
