import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { s3ClientConfig } from '../orchestrator/sdk/s3-client-config';

/**
 * The CLI's SDK clients. Region, credentials and endpoint come from the usual SDK
 * configuration only, so the same binary talks to AWS or to a loopback endpoint.
 */
export interface CliClients {
  readonly sfn: SFNClient;
  readonly s3: S3Client;
  readonly cfn: CloudFormationClient;
}

export { s3ClientConfig };

/** Built on first use, so a test or the shell may set the environment just before. */
export function clientsFromEnvironment(env: NodeJS.ProcessEnv = process.env): CliClients {
  return {
    sfn: new SFNClient({}),
    s3: new S3Client(s3ClientConfig(env)),
    cfn: new CloudFormationClient({}),
  };
}
