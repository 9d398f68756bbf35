import type { ExecutionInput } from '../orchestrator/contract';
import { checkDeploymentText, formatProblem } from './deployment-document';
import { CliError } from './errors';
import { checkExecutionName, deploymentFromDraft, draftFromFlags, FLAGS_DEPLOYMENT_NAME, overlay, type DeploymentFlags } from './run-flags';
import { executionName, toExecutionInput } from './execution-input';
import type { Deployment } from './deployment-file';
import { MAX_TEMPLATE_BODY_BYTES, type DeploymentTemplate } from './deployment-template';

export interface DeploymentOptions extends DeploymentFlags {
  readonly file?: string;
  readonly name?: string;
}

export interface PreparedRun {
  /** With the template inline when it fits CloudFormation's TemplateBody limit. */
  readonly input: ExecutionInput;
  readonly executionName: string;
  readonly deployment: Deployment;
  /** The deployment's template, read and checked. */
  readonly template?: DeploymentTemplate;
}

/** A template too big to travel inline goes to S3 first: see `templateObjectKey`. */
export function fitsInline(template: DeploymentTemplate): boolean {
  return Buffer.byteLength(template.body, 'utf8') <= MAX_TEMPLATE_BODY_BYTES;
}

/** Why a file could not be read, with the fix. */
export function readProblem(error: unknown, what: string): string {
  const code = (error as { code?: string }).code;
  const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (error as Error).message})`;
  return `${problem} — give the path of ${what}`;
}

/** Reads a file for the CLI, turning a missing or unreadable file into a one-line answer. */
export function readInputFile(readFile: (path: string) => string, path: string, what: string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new CliError(`${path}: ${readProblem(error, what)}`);
  }
}

/**
 * The execution input and name from a deployment file, the flags, or both (a flag wins
 * over the file's field). A file problem is reported as `file:line:column: message`.
 */
export function prepareRun(options: DeploymentOptions, readFile: (path: string) => string, now: Date): PreparedRun {
  let base: Record<string, unknown> = { name: FLAGS_DEPLOYMENT_NAME };
  let template: DeploymentTemplate | undefined;
  if (options.file !== undefined) {
    const checked = checkDeploymentText(options.file, readInputFile(readFile, options.file, 'a deployment file (YAML)'), readFile);
    if (!checked.ok) throw new CliError(checked.problems.map(formatProblem).join('\n'));
    base = checked.raw as Record<string, unknown>;
    template = checked.template;
  } else if (options.worker === undefined && options.regions === undefined && options.accounts === undefined && options.ous === undefined) {
    throw new CliError('nothing to run — give --file deployments/NAME.yaml, or flags such as --worker StepEverywhere_NAME --regions eu-west-1');
  }
  const deployment = deploymentFromDraft(overlay(base, draftFromFlags(options, readFile)));
  return {
    input: toExecutionInput(deployment, template && fitsInline(template) ? { body: template.body } : undefined),
    executionName: options.name !== undefined ? checkExecutionName(options.name) : executionName(deployment.name, now),
    deployment,
    ...(template ? { template } : {}),
  };
}
