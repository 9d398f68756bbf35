import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';

function checkBranch(branch: string): void {
  if (!/^[^\s~^:?*[\\]+$/.test(branch)) throw new Error(`PipelineSource: branch "${branch}" is not a git branch name; give e.g. "main"`);
}

/** Where the pipeline's repository lives: a CodeCommit repository or a CodeStar connection. */
export abstract class PipelineSource {
  /** A CodeCommit repository of this account, by name. */
  public static codeCommit(repositoryName: string, branch = 'main'): PipelineSource {
    if (!/^[\w.-]{1,100}$/.test(repositoryName)) {
      throw new Error(`PipelineSource.codeCommit: "${repositoryName}" is not a CodeCommit repository name; use letters, digits, '.', '_' and '-' (at most 100), e.g. "step-everywhere"`);
    }
    checkBranch(branch);
    return new CodeCommitSource(repositoryName, branch);
  }

  /** A repository reached through a CodeStar connection (GitHub, GitLab, Bitbucket). */
  public static connection(connectionArn: string, repositoryString: string, branch = 'main'): PipelineSource {
    if (!/^arn:[^:]+:(codestar-connections|codeconnections):[^:]+:\d{12}:connection\/[^/\s]+$/.test(connectionArn)) {
      throw new Error(
        `PipelineSource.connection: "${connectionArn}" is not a connection ARN; give arn:aws:codeconnections:<region>:<account>:connection/<id> from the console's Connections page`,
      );
    }
    if (!/^[^/\s]+\/[^/\s]+$/.test(repositoryString)) {
      throw new Error(`PipelineSource.connection: "${repositoryString}" is not owner/repository; give e.g. "platform/step-everywhere"`);
    }
    checkBranch(branch);
    return new ConnectionSource(connectionArn, repositoryString, branch);
  }

  /**
   * From `-c pipeline=codecommit:<repository>[@branch]` or
   * `-c pipeline=connection:<arn>|<owner/repository>[@branch]` (`local:` is `codecommit:` on the local cloud).
   */
  public static fromContext(value: string): PipelineSource {
    const [kind, ...rest] = value.split(':');
    const spec = rest.join(':');
    const [target, branch] = spec.includes('@') ? [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)] : [spec, undefined];
    if ((kind === 'codecommit' || kind === 'local') && target) return PipelineSource.codeCommit(target, branch);
    if (kind === 'connection' && target.includes('|')) {
      const [arn, repository] = target.split('|');
      return PipelineSource.connection(arn, repository, branch);
    }
    throw new Error(
      `context pipeline="${value}" is not a source; use -c pipeline=codecommit:<repository>[@branch] or -c pipeline=connection:<connection-arn>|<owner/repository>[@branch]`,
    );
  }

  public abstract readonly branch: string;

  /** The `-c pipeline=` value that gives this source back, so the pipeline's own synth step synthesizes the same pipeline. */
  public abstract readonly context: string;

  /** The CDK Pipelines input for the synth step. */
  public abstract produce(scope: Construct): pipelines.IFileSetProducer;
}

class CodeCommitSource extends PipelineSource {
  public constructor(
    private readonly repositoryName: string,
    public readonly branch: string,
  ) {
    super();
  }

  public get context(): string {
    return `codecommit:${this.repositoryName}@${this.branch}`;
  }

  public produce(scope: Construct): pipelines.IFileSetProducer {
    const repository = codecommit.Repository.fromRepositoryName(scope, 'SourceRepository', this.repositoryName);
    return pipelines.CodePipelineSource.codeCommit(repository, this.branch);
  }
}

class ConnectionSource extends PipelineSource {
  public constructor(
    private readonly connectionArn: string,
    private readonly repositoryString: string,
    public readonly branch: string,
  ) {
    super();
  }

  public get context(): string {
    return `connection:${this.connectionArn}|${this.repositoryString}@${this.branch}`;
  }

  public produce(): pipelines.IFileSetProducer {
    return pipelines.CodePipelineSource.connection(this.repositoryString, this.branch, { connectionArn: this.connectionArn });
  }
}
