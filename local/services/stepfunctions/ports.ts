import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { RoleSessions, RoleUnusableError, callerOfSession } from '../../lambda/role-sessions';
import { AwsError } from '../../protocols/aws-error';
import type { EnginePorts } from '../../stepfunctions';
import { invokeFunction } from '../lambda/invoke';
import type { CloudContext } from '../service';
import type { StateMachineRecord } from './state-machines';

export interface PortSettings {
  readonly cloud: CloudContext;
  readonly sessions: RoleSessions;
  /** The cloud's endpoint: S3 is reached over HTTP, signed with the role's session. */
  readonly endpoint: () => string;
  /** The state machine as it is now (its role may change with UpdateStateMachine). */
  readonly current: () => Promise<StateMachineRecord>;
}

/**
 * The engine's ports for one state machine, acting as its role: Lambda is invoked in process
 * through the Lambda service's `invokeFunction` (authorized against the role's policies, as the
 * service integration is), and S3 objects are read and written through the cloud's S3 endpoint
 * with a session of the role, so bucket policies and the role's S3 permissions both apply.
 */
export function portsFor(settings: PortSettings): EnginePorts {
  const sessionOf = async (machine: StateMachineRecord) => {
    try {
      return await settings.sessions.sessionFor(machine.roleArn, `StepFunctions-${machine.name}`.slice(0, 64));
    } catch (error) {
      if (error instanceof RoleUnusableError) throw serviceError('AccessDeniedException', `Step Functions could not assume ${machine.roleArn}: ${error.message}`, 403);
      throw error;
    }
  };
  const s3Of = async () => {
    const machine = await settings.current();
    const session = await sessionOf(machine);
    return new S3Client({
      endpoint: settings.endpoint(),
      region: machine.region,
      forcePathStyle: true,
      maxAttempts: 3,
      credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken },
    });
  };
  return {
    invokeLambda: async (functionName, payload, qualifier) => {
      const machine = await settings.current();
      const caller = callerOfSession(await sessionOf(machine));
      try {
        const answer = await invokeFunction(settings.cloud, functionName, payload, { caller, region: machine.region, ...(qualifier === undefined ? {} : { qualifier }) });
        if (answer.functionError) {
          const { errorType, errorMessage, trace } = answer.functionError;
          return { functionError: { errorType, errorMessage, ...(trace === undefined ? {} : { trace: [...trace] }) }, executedVersion: answer.executedVersion };
        }
        return { payload: answer.payload, executedVersion: answer.executedVersion };
      } catch (error) {
        if (error instanceof AwsError) throw serviceError(error.code, error.message, error.status);
        throw error;
      }
    },
    s3: {
      getObject: async (bucket, key) => {
        const answer = await (await s3Of()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await answer.Body?.transformToString('utf8')) ?? '';
      },
      putObject: async (bucket, key, body) => {
        await (await s3Of()).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
      },
    },
  };
}

/**
 * A Lambda service exception as the engine expects it: named by its code. AccessDenied is not a
 * modelled exception of the SDK Step Functions uses, so it surfaces as AWSLambdaException
 * (`Lambda.AWSLambdaException`), as in AWS.
 */
function serviceError(code: string, message: string, status: number): Error {
  const name = code === 'AccessDeniedException' ? 'AWSLambdaException' : code;
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}
