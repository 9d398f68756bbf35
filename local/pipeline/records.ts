import type { Store } from '../store/store';

/**
 * What the local cloud keeps of the CI/CD resources a pipeline stack declares, per account and
 * region: the definitions their CloudFormation providers store and the runner reads.
 */

/** A CodeCommit repository: a bare git repository under the cloud's state folder. */
export interface RepositoryRecord {
  readonly name: string;
  readonly arn: string;
  readonly repositoryId: string;
  readonly accountId: string;
  readonly region: string;
  /** Absolute path of the bare repository; its `file://` URL is the clone URL. */
  readonly path: string;
  readonly cloneUrl: string;
}

export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
  /** PLAINTEXT only locally; PARAMETER_STORE and SECRETS_MANAGER values are refused. */
  readonly type: string;
}

export interface ProjectRecord {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly serviceRole: string;
  /** The inline buildspec (JSON or YAML text), or a file name in the source; undefined: `buildspec.yml`. */
  readonly buildSpec?: string;
  readonly environmentVariables: readonly EnvironmentVariable[];
  /** Minutes before a build is stopped (CodeBuild's TimeoutInMinutes). */
  readonly timeoutMinutes: number;
}

export interface ActionDeclaration {
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly configuration: Readonly<Record<string, string>>;
  readonly inputArtifacts: readonly string[];
  readonly outputArtifacts: readonly string[];
  readonly runOrder: number;
  readonly roleArn?: string;
  readonly namespace?: string;
}

export interface StageDeclaration {
  readonly name: string;
  readonly actions: readonly ActionDeclaration[];
}

export type ExecutionMode = 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';

export interface PipelineRecord {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly roleArn: string;
  readonly stages: readonly StageDeclaration[];
  readonly executionMode: ExecutionMode;
  /** RestartExecutionOnUpdate: an update of the definition starts a new execution. */
  readonly restartOnUpdate: boolean;
  /** ArtifactStore.Location: where templates too large to pass inline are uploaded. */
  readonly artifactBucket?: string;
  /** Starts at 1; every update of the definition adds one. */
  readonly version: number;
  readonly created: string;
  readonly updated: string;
}

export interface RuleTarget {
  readonly id: string;
  readonly arn: string;
  readonly roleArn?: string;
}

export interface RuleRecord {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly eventPattern?: unknown;
  readonly enabled: boolean;
  readonly targets: readonly RuleTarget[];
}

export function recordKey(accountId: string, region: string, name: string): string {
  return `${accountId}/${region}/${name}`;
}

export const repositoriesOf = (store: Store) => store.namespace<RepositoryRecord>('codecommit-repositories');
export const projectsOf = (store: Store) => store.namespace<ProjectRecord>('codebuild-projects');
export const pipelinesOf = (store: Store) => store.namespace<PipelineRecord>('codepipeline-pipelines');
export const rulesOf = (store: Store) => store.namespace<RuleRecord>('events-rules');

export function pipelineArnOf(accountId: string, region: string, name: string): string {
  return `arn:aws:codepipeline:${region}:${accountId}:${name}`;
}

export function projectArnOf(accountId: string, region: string, name: string): string {
  return `arn:aws:codebuild:${region}:${accountId}:project/${name}`;
}

export function repositoryArnOf(accountId: string, region: string, name: string): string {
  return `arn:aws:codecommit:${region}:${accountId}:${name}`;
}
