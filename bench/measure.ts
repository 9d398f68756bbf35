import { Command } from 'commander';
import { handler as credentialsHandler } from '../orchestrator/handlers/credentials';
import { DEFAULT_ENABLED_REGIONS } from '../test/support/fake-org';
import { RESULTS_BUCKET, synthesizeStateMachine, type LambdaHandler } from '../test/support/state-machine-harness';
import { World, WORKER } from '../test/support/state-machine-world';
import { BASELINE_CREDENTIALS, BASELINE_ENUMERATE, baselineDefinition, baselineEnumerate } from './baseline';
import { HUB_ACCOUNT } from '../test/support/orchestrator-template';

/** What one shape measured; printed as one JSON line for the parent process. */
export interface Measurement {
  readonly shape: 'step-everywhere' | 'baseline';
  readonly accounts: number;
  readonly regions: number;
  readonly targets: number;
  readonly status: string;
  readonly error?: string;
  readonly wallSeconds: number;
  readonly targetsPerSecond: number;
  readonly assumeRoleCalls: number;
  readonly kmsCalls: number;
  readonly lambdaInvocations: number;
  readonly stateTransitions: number;
  readonly maxHistoryEventsOfAnyExecution: number;
  readonly largestPayloadBytes: number;
  readonly peakRssBytes: number;
}

async function measure(shape: Measurement['shape'], accounts: number, regionCount: number, latencyMs: number, throttles: number): Promise<Measurement> {
  const regions = DEFAULT_ENABLED_REGIONS.slice(0, regionCount);
  const machine = synthesizeStateMachine({ maxConcurrentAccounts: 1000 });
  const world = new World(machine, { accounts, regions, recordHistory: false });
  world.throttles.set(WORKER, throttles);
  const started = process.hrtime.bigint();
  let result;
  if (shape === 'step-everywhere') {
    result = await world.run({ Function: WORKER, Regions: regions, MaxConcurrency: 1000, FailureTolerance: { Percentage: 100 } }, 'bench', { latencyMs });
  } else {
    world.registerFunction(BASELINE_ENUMERATE, baselineEnumerate(HUB_ACCOUNT) as unknown as LambdaHandler);
    world.registerFunction(BASELINE_CREDENTIALS, credentialsHandler as LambdaHandler);
    result = await world.run(
      { Function: WORKER, Regions: regions, RoleName: 'StepEverywhereMember', Bucket: RESULTS_BUCKET },
      'bench-baseline',
      // Measured past AWS's 25,000-event quota, so the figure shows how far past it goes.
      { definition: baselineDefinition(), maxHistoryEvents: Number.MAX_SAFE_INTEGER, latencyMs },
    );
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const targets = accounts * regions.length;
  const measurement: Measurement = {
    shape,
    accounts,
    regions: regions.length,
    targets,
    status: result.status,
    ...(result.error ? { error: `${result.error}: ${String(result.cause).slice(0, 200)}` } : {}),
    wallSeconds,
    targetsPerSecond: targets / wallSeconds,
    assumeRoleCalls: world.aws.assumeRoleCalls.length,
    kmsCalls: world.aws.kmsCalls.encrypt + world.aws.kmsCalls.decrypt,
    lambdaInvocations: world.invocations.length,
    stateTransitions: result.stats.stateTransitions,
    maxHistoryEventsOfAnyExecution: result.stats.maxHistoryEventsOfAnyExecution,
    largestPayloadBytes: result.stats.largestPayloadBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  world.dispose();
  return measurement;
}

const program = new Command()
  .requiredOption('--shape <shape>', 'step-everywhere or baseline')
  .option('--accounts <n>', 'accounts', (v) => Number(v), 1000)
  .option('--regions <n>', 'regions per account', (v) => Number(v), 17)
  .option('--latency-ms <n>', 'added to every Lambda invocation', (v) => Number(v), 0)
  .option('--throttles <n>', 'worker invocations answered with TooManyRequestsException first', (v) => Number(v), 0);
program.parse();
const opts = program.opts<{ shape: Measurement['shape']; accounts: number; regions: number; latencyMs: number; throttles: number }>();
// Handlers log one line per call; the benchmark prints figures only.
console.log = () => undefined;
console.info = () => undefined;
console.warn = () => undefined;
console.error = () => undefined;
measure(opts.shape, opts.accounts, opts.regions, opts.latencyMs, opts.throttles).then(
  (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
