import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3ClientConfig } from '../../orchestrator/sdk/s3-client-config';
import { DeployerError, DeployerErrors } from './errors';
import { MAX_TEMPLATE_URL_BYTES } from './limits';
import type { DeployerPayload } from './payload';

export { MAX_TEMPLATE_URL_BYTES } from './limits';
/** Long enough for CreateChangeSet and ValidateTemplate of one invocation, short enough to be useless later. */
const PRESIGNED_SECONDS = 900;

export type TemplateArgument = { readonly TemplateBody: string } | { readonly TemplateURL: string };

function splitUri(uri: string): { bucket: string; key: string } {
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/**
 * The template as CreateChangeSet takes it. An S3 template lives in the hub, where member
 * roles have no access: the deployer, running in the hub with its own role, presigns a short
 * GET for the member account's CloudFormation to fetch, so members need no S3 permission.
 */
export async function templateArgument(payload: DeployerPayload, hubS3: S3Client = new S3Client(s3ClientConfig())): Promise<TemplateArgument> {
  if (payload.TemplateBody !== undefined) return { TemplateBody: payload.TemplateBody };
  const uri = payload.TemplateS3Uri as string;
  const { bucket, key } = splitUri(uri);
  let size: number | undefined;
  try {
    size = (await hubS3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) {
      throw new DeployerError(DeployerErrors.TEMPLATE_NOT_FOUND, `Payload.TemplateS3Uri ${uri} does not exist: upload the template there (step-everywhere run does) or fix the URI`);
    }
    if (e.name === 'Forbidden' || e.$metadata?.httpStatusCode === 403) {
      throw new DeployerError(DeployerErrors.TEMPLATE_NOT_FOUND, `Payload.TemplateS3Uri ${uri} cannot be read by the deployer's role: put templates under the results bucket's templates/ prefix`);
    }
    throw error;
  }
  if (size !== undefined && size > MAX_TEMPLATE_URL_BYTES) {
    throw new DeployerError(DeployerErrors.TEMPLATE_TOO_LARGE, `Payload.TemplateS3Uri ${uri} is ${size} bytes; CloudFormation reads at most ${MAX_TEMPLATE_URL_BYTES} (1 MB): split it into nested stacks`);
  }
  const url = await getSignedUrl(hubS3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: PRESIGNED_SECONDS });
  return { TemplateURL: url };
}
