import type { AwsError } from './aws-error';
import { escapeXml } from './xml';

/**
 * REST protocols: services (S3, Lambda) build their own bodies; these are the error shapes
 * the SDK's REST deserializers read.
 */

/** S3: `<Error><Code/><Message/><RequestId/></Error>`; HEAD answers carry no body. */
export function encodeRestXmlError(error: AwsError, requestId: string, extra: Readonly<Record<string, string>> = {}): string {
  const members = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message>${members}<RequestId>${requestId}</RequestId></Error>`
  );
}

/** rest-json (Lambda): the code in `x-amzn-ErrorType`, the message in the body. */
export function restJsonErrorHeaders(error: AwsError): Record<string, string> {
  return { 'x-amzn-errortype': error.code, 'content-type': 'application/json' };
}

export function encodeRestJsonError(error: AwsError): string {
  return JSON.stringify({ Type: error.fault === 'Sender' ? 'User' : 'Service', message: error.message });
}
