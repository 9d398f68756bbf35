import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { requireAllowed } from '../../authorize/authorizer';
import { callerOfSession, RoleSessions, RoleUnusableError } from '../../lambda/role-sessions';
import { environmentVariablesOf } from '../../cloudformation/resources/codebuild-project';
import { runPhases } from '../build-process';
import { closeBuildSession, openBuildSession } from '../build-sessions';
import { collectArtifacts, parseBuildSpec, type BuildSpec } from '../buildspec';
import { BIN_DIR, pipelineDir } from '../control-files';
import { projectsOf, recordKey, type ProjectRecord } from '../records';
import { ActionFailure, configured, type ActionContext, type ActionIdentity, type ActionOutcome } from './action';

/** Where the control endpoint listens; the runtime sets it before builds run. */
export interface BuildEnvironment {
  readonly controlUrl: () => string;
}

const KEPT_ENV = ['HOME', 'LANG', 'TMPDIR', 'USER', 'SHELL', 'TERM', 'NODE_OPTIONS'];

async function buildSpecOf(project: ProjectRecord, sourceDir: string): Promise<BuildSpec> {
  const given = project.buildSpec;
  // CodeBuild reads an inline buildspec, or a file of the source when given a path.
  const inline = given !== undefined && /[\n{:]/.test(given);
  if (inline) return parseBuildSpec(given, `of project ${project.name}`);
  const file = given ?? 'buildspec.yml';
  const text = await fs.readFile(path.join(sourceDir, file), 'utf8').catch(() => undefined);
  if (text === undefined) throw new ActionFailure('JobFailed', `The source has no ${file}: add it, or give project ${project.name} an inline Source.BuildSpec.`);
  return parseBuildSpec(text, file);
}

async function serviceIdentity(context: ActionContext, project: ProjectRecord, buildId: string): Promise<ActionIdentity> {
  try {
    const session = await new RoleSessions(context.cloud, 'codebuild.amazonaws.com').sessionFor(project.serviceRole, `codebuild-${buildId.split(':')[1] ?? buildId}`);
    return { credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken }, caller: callerOfSession(session) };
  } catch (error) {
    if (error instanceof RoleUnusableError) throw new ActionFailure('PermissionError', `Project ${project.name}: ${error.message}`);
    throw error;
  }
}

/**
 * Build/CodeBuild: runs the project's buildspec in a clean copy of the primary input artifact
 * (other inputs in CODEBUILD_SRC_DIR_<name>), as the project's service role, with the local `cdk`,
 * `cdk-assets` and `npm` shims first on PATH; the build log is kept per build, the copies are
 * removed when it ends.
 */
export function codeBuildExecutor(environment: BuildEnvironment) {
  return async (context: ActionContext): Promise<ActionOutcome> => {
    const name = configured(context, 'ProjectName');
    const project = await projectsOf(context.cloud.store).get(recordKey(context.pipeline.accountId, context.pipeline.region, name));
    if (!project) throw new ActionFailure('ConfigurationError', `The CodeBuild project ${name} does not exist: create it, or fix Configuration.ProjectName.`);
    await requireAllowed(context.cloud.authorize, { caller: context.identity.caller, action: 'codebuild:StartBuild', resource: project.arn, region: context.pipeline.region }, { code: 'AccessDeniedException' }).catch((error: unknown) => {
      throw new ActionFailure('PermissionError', error instanceof Error ? error.message : String(error));
    });
    const buildId = `${project.name}:${randomUUID()}`;
    const workDir = path.join(pipelineDir(context.cloud.store.dir), 'builds', buildId.replace(':', '-'));
    const [primaryName, ...secondary] = context.action.configuration.PrimarySource ? [context.action.configuration.PrimarySource, ...context.action.inputArtifacts.filter((n) => n !== context.action.configuration.PrimarySource)] : context.action.inputArtifacts;
    const sourceDir = path.join(workDir, 'src');
    await fs.mkdir(sourceDir, { recursive: true });
    if (primaryName !== undefined) await fs.cp(context.inputs.get(primaryName) as string, sourceDir, { recursive: true });
    const secondaryDirs: Record<string, string> = {};
    for (const input of secondary) {
      const dir = path.join(workDir, `src-${input}`);
      await fs.cp(context.inputs.get(input) as string, dir, { recursive: true });
      secondaryDirs[`CODEBUILD_SRC_DIR_${input}`] = dir;
    }
    let spec: BuildSpec;
    try {
      spec = await buildSpecOf(project, sourceDir);
    } catch (error) {
      if (error instanceof ActionFailure) throw error;
      throw new ActionFailure('JobFailed', error instanceof Error ? error.message : String(error), buildId);
    }
    const identity = await serviceIdentity(context, project, buildId);
    const actionVariables = context.action.configuration.EnvironmentVariables === undefined ? [] : environmentVariablesOf(parseJson(context.action.configuration.EnvironmentVariables), 'Configuration.EnvironmentVariables', `Action ${context.action.name}`);
    const token = openBuildSession({ cloud: context.cloud, endpoint: context.endpoint, accountId: context.pipeline.accountId, region: context.pipeline.region, buildId, identity, assetsDir: path.join(pipelineDir(context.cloud.store.dir), 'assets') });
    const logFile = path.join(workDir, 'build.log');
    try {
      const env: NodeJS.ProcessEnv = {
        ...Object.fromEntries(KEPT_ENV.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]])),
        PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
        CODEBUILD_BUILD_ID: buildId,
        CODEBUILD_BUILD_ARN: `arn:aws:codebuild:${project.region}:${project.accountId}:build/${buildId}`,
        CODEBUILD_INITIATOR: `codepipeline/${context.pipeline.name}`,
        CODEBUILD_SRC_DIR: sourceDir,
        ...secondaryDirs,
        AWS_REGION: project.region,
        AWS_DEFAULT_REGION: project.region,
        AWS_ENDPOINT_URL: context.endpoint,
        AWS_ACCESS_KEY_ID: identity.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: identity.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: identity.credentials.sessionToken,
        LOCAL_CLOUD_CONTROL_URL: environment.controlUrl(),
        LOCAL_CLOUD_BUILD_TOKEN: token,
        // Precedence as in CodeBuild: the action's variables over the project's over the buildspec's.
        ...spec.variables,
        ...Object.fromEntries(project.environmentVariables.map((v) => [v.name, v.value])),
        ...Object.fromEntries(actionVariables.map((v) => [v.name, v.value])),
      };
      context.log(`build ${buildId} started (log: ${logFile})`);
      const run = await runPhases(spec, { cwd: sourceDir, env, logFile, timeoutMs: project.timeoutMinutes * 60_000, signal: context.signal });
      if (run.timedOut) throw new ActionFailure('JobFailed', `Build ${buildId} timed out after ${project.timeoutMinutes} minutes; see ${logFile}.`, buildId);
      if (run.failed) {
        throw new ActionFailure('JobFailed', `Build ${buildId} failed in phase ${run.failed.phase.toUpperCase()} (exit status ${run.failed.exitCode}): ${await tail(logFile)}`, buildId);
      }
      const [output] = [...context.outputs.values()];
      if (output !== undefined && spec.artifacts) {
        await collectArtifacts(spec.artifacts, sourceDir, output).catch((error: unknown) => {
          throw new ActionFailure('JobFailed', `Build ${buildId} succeeded but its artifacts could not be collected: ${error instanceof Error ? error.message : String(error)}`, buildId);
        });
      }
      return { summary: `Build ${buildId} succeeded`, externalExecutionId: buildId };
    } finally {
      closeBuildSession(token);
      // CodeBuild discards a build's container: only the log stays (a checkout with node_modules is hundreds of MB).
      await Promise.all([sourceDir, ...Object.values(secondaryDirs)].map((dir) => fs.rm(dir, { recursive: true, force: true })));
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ActionFailure('ConfigurationError', 'Configuration.EnvironmentVariables must be a JSON list of {name, value, type}.');
  }
}

/** The last lines of the build log, for the action's error message. */
async function tail(logFile: string): Promise<string> {
  const text = await fs.readFile(logFile, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join(' | ');
}
