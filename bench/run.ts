import { execFileSync } from 'child_process';
import * as path from 'path';
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import type { Measurement } from './measure';
import type { LocalMeasurement, LocalRun } from './local/measure-local';
import { projectOnAws, AWS_QUOTAS } from './projection';

/** The largest payload AWS allows in a state's input or output. */
const PAYLOAD_LIMIT = 262_144;
const HISTORY_LIMIT = 25_000;

interface Options {
  readonly accounts: number;
  readonly regions: number;
  readonly latencyMs: number;
  readonly throttles: number;
  readonly workerSeconds: number;
  readonly compareAccounts: number;
  readonly json: boolean;
  readonly inProcess: boolean;
}

/** In-process mode: each shape runs in its own process, so peak RSS is that shape's alone. */
function measureInProcess(shape: Measurement['shape'], accounts: number, o: Options): Measurement {
  const out = execFileSync(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      path.join(__dirname, 'measure.ts'),
      '--shape', shape,
      '--accounts', String(accounts),
      '--regions', String(o.regions),
      '--latency-ms', String(o.latencyMs),
      '--throttles', String(o.throttles),
    ],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Local-cloud mode: one process per organization size boots a local cloud, prepares it and runs
 * both shapes on it (ours first); the synthesized app is shared between the two sizes.
 */
function measureOnLocalCloud(accounts: number, o: Options, assemblyDir: string): Measurement[] {
  const out = execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'local', 'measure-local.ts'), '--accounts', String(accounts), '--regions', String(o.regions), '--assembly-dir', assemblyDir],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', o.json ? 'ignore' : 'inherit'], maxBuffer: 16 * 1024 * 1024 },
  );
  return (JSON.parse(out.trim().split('\n').pop()!) as LocalRun).measurements;
}

function table(rows: Measurement[], o: Options): string {
  const lines: string[][] = [['', ...rows.map((r) => `${r.shape} ${r.accounts}x${r.regions}`)]];
  const add = (label: string, f: (m: Measurement) => string) => lines.push([label, ...rows.map(f)]);
  add('status', (m) => m.status);
  add('targets', (m) => fmt(m.targets));
  add('wall time (s)', (m) => fmt(m.wallSeconds, 2));
  add('targets per second', (m) => fmt(m.targetsPerSecond, 0));
  add('AssumeRole calls', (m) => fmt(m.assumeRoleCalls));
  add('KMS calls', (m) => fmt(m.kmsCalls));
  add('Lambda invocations', (m) => fmt(m.lambdaInvocations));
  add('state transitions', (m) => fmt(m.stateTransitions));
  add('transitions per target', (m) => fmt(m.stateTransitions / m.targets, 2));
  add(`most history events, one execution (AWS max ${fmt(HISTORY_LIMIT)})`, (m) => fmt(m.maxHistoryEventsOfAnyExecution));
  add(`largest state payload, bytes (AWS max ${fmt(PAYLOAD_LIMIT)})`, (m) => fmt(m.largestPayloadBytes));
  add('peak RSS (MiB)', (m) => fmt(m.peakRssBytes / 1048576));
  if (!o.inProcess) {
    const local = (m: Measurement) => m as LocalMeasurement;
    add('CPU seconds, whole process', (m) => fmt(local(m).cpuSeconds, 1));
    add('Lambda throttles (retried)', (m) => fmt(local(m).lambdaThrottles));
    add('outcomes', (m) => Object.entries(local(m).outcomes ?? {}).map(([k, n]) => `${n} ${k}`).join(', ') || '-');
  }
  add(`projected on AWS (s), worker ${o.workerSeconds}s`, (m) => fmt(projectOnAws(m, o.workerSeconds).projectedSeconds, 1));
  add('  bound: transitions at 5,000/s', (m) => fmt(projectOnAws(m, o.workerSeconds).transitionsBoundSeconds, 1));
  add('  bound: transitions at 800/s', (m) => fmt(projectOnAws(m, o.workerSeconds).transitionsBoundSecondsOtherRegions, 1));
  add('  bound: Lambda concurrency', (m) => fmt(projectOnAws(m, o.workerSeconds).lambdaBoundSeconds, 1));
  add('  bound: STS 600/s', (m) => fmt(projectOnAws(m, o.workerSeconds).stsBoundSeconds, 1));
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

function ratios(ours: Measurement, baseline: Measurement): Record<string, number> {
  return {
    wallTime: baseline.wallSeconds / ours.wallSeconds,
    assumeRoleCalls: baseline.assumeRoleCalls / ours.assumeRoleCalls,
    kmsCalls: baseline.kmsCalls / ours.kmsCalls,
    maxHistoryEvents: baseline.maxHistoryEventsOfAnyExecution / ours.maxHistoryEventsOfAnyExecution,
    largestPayload: baseline.largestPayloadBytes / ours.largestPayloadBytes,
    stateTransitions: baseline.stateTransitions / ours.stateTransitions,
  };
}

/** The targets, judged on our shape at scale. */
function targetChecks(ours: Measurement): Record<string, { readonly target: string; readonly measured: string; readonly met: boolean }> {
  return {
    assumeRolePerAccount: { target: `= accounts (${ours.accounts})`, measured: String(ours.assumeRoleCalls), met: ours.assumeRoleCalls === ours.accounts },
    historyEvents: { target: `<= ${HISTORY_LIMIT}`, measured: String(ours.maxHistoryEventsOfAnyExecution), met: ours.maxHistoryEventsOfAnyExecution <= HISTORY_LIMIT },
    payload: { target: `<= ${PAYLOAD_LIMIT} bytes`, measured: String(ours.largestPayloadBytes), met: ours.largestPayloadBytes <= PAYLOAD_LIMIT },
    wallTime: { target: '< 180 s', measured: `${ours.wallSeconds.toFixed(1)} s`, met: ours.wallSeconds < 180 },
    peakRss: { target: '< 1536 MiB', measured: `${(ours.peakRssBytes / 1048576).toFixed(0)} MiB`, met: ours.peakRssBytes < 1536 * 1048576 },
    succeeded: { target: 'SUCCEEDED', measured: ours.status, met: ours.status === 'SUCCEEDED' },
  };
}

function main(): void {
  const program = new Command('bench')
    .description('step-everywhere against the original shape: the synthesized state machines on the local cloud (or, with --in-process, on the local engine with AWS answered in process)')
    .option('--accounts <n>', 'accounts in the simulated organization', (v) => Number(v), 1000)
    .option('--regions <n>', 'regions per account (1-17)', (v) => Number(v), 17)
    .option('--latency-ms <n>', 'real delay added to every Lambda invocation', (v) => Number(v), 0)
    .option('--throttles <n>', 'worker invocations first answered TooManyRequestsException', (v) => Number(v), 0)
    .option('--worker-seconds <n>', 'assumed worker duration for the AWS projection', (v) => Number(v), 1)
    .option('--compare-accounts <n>', 'a size the baseline can run, for a like-for-like comparison', (v) => Number(v), 25)
    .option('--json', 'print only the JSON figures')
    .option('--in-process', 'quick figures: the state machines on the local engine with AWS answered in process (no HTTP, no policies)', false);
  program.parse();
  const o = program.opts<Options>();
  if (!(o.regions >= 1 && o.regions <= 17) || !(o.accounts >= 1)) {
    process.stderr.write('bench: --accounts must be >= 1 and --regions between 1 and 17\n');
    process.exit(2);
  }
  const log = (text: string) => !o.json && process.stdout.write(`${text}\n`);
  let full: Measurement[];
  let small: Measurement[];
  if (o.inProcess) {
    log(`Measuring ${o.accounts} accounts x ${o.regions} regions in process (each shape in its own process).`);
    log('The synthesized state machines run on the local engine with the real handlers; AWS APIs are answered in process.');
    full = [measureInProcess('step-everywhere', o.accounts, o), measureInProcess('baseline', o.accounts, o)];
    small = [measureInProcess('step-everywhere', o.compareAccounts, o), measureInProcess('baseline', o.compareAccounts, o)];
  } else {
    log(`Measuring ${o.accounts} accounts x ${o.regions} regions on the local cloud.`);
    log('Each size gets its own local cloud: the synthesized orchestrator deployed, the member role in every account, then');
    log('StartExecution of our state machine and of the original shape, each running the bundled inventory worker.');
    const assemblyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-bench-app-'));
    try {
      execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'local', 'synthesize-app.ts'), assemblyDir], {
        stdio: ['ignore', 'ignore', o.json ? 'ignore' : 'inherit'],
      });
      full = measureOnLocalCloud(o.accounts, o, assemblyDir);
      small = measureOnLocalCloud(o.compareAccounts, o, assemblyDir);
    } finally {
      fs.rmSync(assemblyDir, { recursive: true, force: true });
    }
  }
  const figures = {
    mode: o.inProcess ? 'in-process' : 'local-cloud',
    quotas: AWS_QUOTAS,
    atScale: { ours: full[0], baseline: full[1], projection: full.map((m) => projectOnAws(m, o.workerSeconds)) },
    likeForLike: { ours: small[0], baseline: small[1], ratios: ratios(small[0], small[1]) },
    targets: targetChecks(full[0]),
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  log('');
  log(table(full, o));
  if (full[1].error) log(`\nbaseline at scale: ${full[1].error}`);
  log(`\nLike for like, at a size the baseline can run (${o.compareAccounts} x ${o.regions}):\n`);
  log(table(small, o));
  const r = figures.likeForLike.ratios;
  log(`\nratios baseline / step-everywhere: wall ${fmt(r.wallTime, 2)}x, AssumeRole ${fmt(r.assumeRoleCalls, 1)}x, KMS ${fmt(r.kmsCalls, 2)}x, history events per execution ${fmt(r.maxHistoryEvents, 1)}x`);
  log('\ntargets (ours at scale):');
  for (const [name, check] of Object.entries(figures.targets)) log(`  ${check.met ? 'met    ' : 'NOT MET'} ${name}: ${check.measured} (target ${check.target})`);
  log('\nJSON:');
  log(JSON.stringify(figures));
}

main();
