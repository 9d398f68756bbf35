import { Command, CommanderError } from 'commander';
import { bootstrapCommand, type BootstrapOptions } from './commands/bootstrap';
import { runCommand, type RunOptions } from './commands/run';
import { showCommand, type ShowOptions } from './commands/show';
import { validateCommand } from './commands/validate';
import type { CliDeps } from './deps';
import { classifyError, CliError, ExitCodes, type ExitCode } from './errors';

export const PROGRAM_NAME = 'step-everywhere';

/** Commander's own outcomes that are not errors. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

function addLocationOptions(command: Command): Command {
  return command
    .option('--state-machine <arn>', 'state machine ARN (default: env STEP_EVERYWHERE_STATE_MACHINE_ARN, else the orchestrator stack output)')
    .option('--bucket <name>', 'results bucket (default: env STEP_EVERYWHERE_RESULTS_BUCKET, else the orchestrator stack output)');
}

/**
 * The command line. Commands are thin: each hands its parsed options to a plain function
 * and records the exit code it answers.
 */
export function buildProgram(deps: CliDeps, setExit: (code: ExitCode) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Run a worker in every account and region of an AWS Organization, and read the results')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      // Errors are worded by `main` as one line with the fix.
      outputError: () => undefined,
    });

  addLocationOptions(
    program
      .command('run')
      .description('start an execution from a deployment file or flags, and follow it to the end')
      .option('-f, --file <path>', 'deployment file (YAML)')
      .option('--worker <name>', 'worker Lambda: StepEverywhere_* name or ARN (default StepEverywhere_cloudformation-deployer)')
      .option('--regions <list>', 'comma-separated regions, e.g. eu-west-1,us-east-1')
      .option('--accounts <list>', 'comma-separated account ids')
      .option('--ous <list>', 'comma-separated OU or root ids (recursive)')
      .option('--exclude-accounts <list>', 'account ids to leave out')
      .option('--exclude-ous <list>', 'OU ids to leave out (recursive)')
      .option('--include-host-account', "also run in the orchestrator's own account")
      .option('--payload <json|@file>', 'JSON handed to every worker, inline or @file.json')
      .option('--tolerance <N|P%>', 'failed targets tolerated: a count (2) or a share (10%)')
      .option('--max-concurrency <n>', 'accounts processed at once')
      .option('--waves <list>', 'wave sizes in accounts or percent, e.g. 1,10%')
      .option('--name <name>', 'execution name (default: the deployment name and a timestamp)')
      .option('--no-wait', 'start the execution and return without following it')
      .option('--interval <seconds>', 'seconds between progress samples', '2')
      .option('--log-every <seconds>', 'seconds between progress lines when not on a terminal', '10')
      .option('--all', 'list every target at the end, not only those that did not succeed'),
  ).action(async (options: RunOptions) => setExit(await runCommand(options, deps)));

  for (const kind of ['status', 'results'] as const) {
    addLocationOptions(
      program
        .command(kind)
        .description(kind === 'status' ? "an execution's state, progress and summary" : "an execution's summary and where its results are")
        .argument('<execution>', 'execution ARN or name')
        .option('--json', 'print the report as JSON (stable shape, schemaVersion 1)')
        .option('--html <file>', 'write a self-contained HTML report')
        .option('--all', 'list every target, not only those that did not succeed'),
    ).action(async (execution: string, options: ShowOptions) => setExit(await showCommand(kind, execution, options, deps)));
  }

  program
    .command('bootstrap')
    .description("deploy the member role into member accounts (and the org reader with --org-reader), wired to the deployed orchestrator")
    .option('--accounts <list>', 'comma-separated account ids (default: every ACTIVE account but this one)')
    .option('--access-role <name>', 'administrative role to deploy through in each account', 'OrganizationAccountAccessRole')
    .option('--assembly <dir>', 'synthesized cloud assembly (npm run synth)', 'cdk.out')
    .option('--org-reader', 'also deploy the org-reader role into the management account')
    .option('--concurrency <n>', 'accounts deployed at once', '8')
    .action(async (options: BootstrapOptions) => setExit(await bootstrapCommand(options, deps)));

  program
    .command('demo')
    .description('the main job on the embedded local cloud: push the example repository, deploy the pipeline, follow its run to every deployment (what npm start runs)')
    .option('--state-dir <dir>', 'where the local cloud keeps its state', '.step-everywhere')
    .action(async (options: { stateDir: string }) => {
      const { runDemo } = await import('../local/demo/run-demo');
      setExit((await runDemo({ stateDir: options.stateDir, print: (line) => deps.stdout.write(`${line}\n`) })) as ExitCode);
    });

  program
    .command('local')
    .description('serve the embedded local cloud on a loopback port until stopped (npm run local)')
    .option('--state-dir <dir>', 'where the local cloud keeps its state', '.step-everywhere')
    .option('--port <port>', 'loopback port (default 4599)')
    .option('--organization <file>', 'organization fixture (YAML); default: 24 accounts in 3 OUs')
    .action(async (options: { stateDir: string; port?: string; organization?: string }) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
        throw new CliError(`--port ${JSON.stringify(options.port)} is not a port number — give e.g. 4599`, ExitCodes.BAD_INPUT);
      }
      const { serveLocalCloud } = await import('../local/demo/serve');
      const cloud = await serveLocalCloud({
        stateDir: options.stateDir,
        ...(port === undefined ? {} : { port }),
        ...(options.organization ? { organizationFile: options.organization } : {}),
        print: (line) => deps.stdout.write(`${line}\n`),
      });
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await cloud.close();
      setExit(ExitCodes.OK);
    });

  program
    .command('validate')
    .description('check deployment files; problems as file:line:column: message — fix')
    .argument('<files...>', 'deployment files (YAML)')
    .action((files: string[]) => setExit(validateCommand(files, deps)));

  return program;
}

function commanderLine(error: CommanderError, args: readonly string[]): string {
  const command = args.find((a) => ['run', 'status', 'results', 'validate', 'bootstrap', 'demo', 'local'].includes(a));
  const message = error.message.replace(/^error: /, '').split('\n')[0];
  return `${message} — see ${PROGRAM_NAME} ${command ? `${command} ` : ''}--help`;
}

/** Parses `args` (without node and the script), runs the command and answers the exit code. */
export async function main(args: readonly string[], deps: CliDeps): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCodes.OK;
  const program = buildProgram(deps, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help shown because no command was given is still a bad invocation.
      if (NOT_ERRORS.has(error.code)) return error.exitCode === 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
      deps.stderr.write(`${commanderLine(error, args)}\n`);
      return ExitCodes.BAD_INPUT;
    }
    const classified = classifyError(error, deps.env);
    deps.stderr.write(`${classified.message}\n`);
    if (args.includes('--debug') && error instanceof Error && error.stack) deps.stderr.write(`${error.stack}\n`);
    return classified.exitCode;
  }
}
