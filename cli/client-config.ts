import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * The CLI's SDK clients. Region, credentials and endpoint come from the usual SDK
 * configuration only, so the same binary talks to AWS or to a loopback endpoint.
 */
export interface CliClients {
  readonly sfn: SFNClient;
  readonly s3: S3Client;
  readonly cfn: CloudFormationClient;
}

/**
 * An endpoint override (a loopback or private endpoint) has no per-bucket virtual hosts,
 * so S3 must be addressed path-style there; AWS's own endpoints need nothing special.
 */
export function s3ClientConfig(env: NodeJS.ProcessEnv = process.env): { forcePathStyle: boolean } {
  return { forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) };
}

/** Built on first use, so a test or the shell may set the environment just before. */
export function clientsFromEnvironment(env: NodeJS.ProcessEnv = process.env): CliClients {
  return {
    sfn: new SFNClient({}),
    s3: new S3Client(s3ClientConfig(env)),
    cfn: new CloudFormationClient({}),
  };
}
