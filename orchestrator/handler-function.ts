import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeWildcard, nagRef } from './nag';

export interface HandlerFunctionProps {
  /** File name under `orchestrator/handlers/`, without extension. */
  readonly handler: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
}

/** The runtime every bundled function uses. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * One of the orchestrator's Lambda handlers, with a role of its own that starts with no
 * permissions but writing to its own log group, so every grant is explicit.
 */
export class HandlerFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (step-everywhere)`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    acknowledgeWildcard(
      this.role,
      `Resource::${nagRef(logGroup, 'Arn')}:log-stream:*`,
      'Lambda names a log stream per execution environment at run time; the grant is limited to this function\'s own log group.',
    );
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(__dirname, 'handlers', `${props.handler}.ts`),
      handler: 'handler',
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      role: this.role,
      logGroup,
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: props.memorySize ?? 256,
      environment: props.environment,
      depsLockFilePath: path.join(__dirname, '..', 'package-lock.json'),
      bundling: {
        // The SDK is bundled so the code that runs is the code that was tested,
        // whatever SDK version the runtime happens to carry.
        externalModules: [],
        minify: true,
        sourceMap: false,
        // Syntax that Node 20 runs too: the local cloud runs these bundles in process.
        target: 'node20',
      },
    });
  }
}
