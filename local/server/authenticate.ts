import { AwsError } from '../protocols/aws-error';
import { commonError, type Protocol } from '../protocols/common-errors';
import type { Identities } from '../identity/resolver';
import type { CallerIdentity } from '../services/service';
import { payloadHashMatches, signatureMatches, signingDateOf, type ReceivedRequest, type SignatureClaim } from './sigv4';

export interface AuthenticationSettings {
  readonly identities: Identities;
  readonly now: () => Date;
  readonly clockSkewMs: number;
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Turns a signature claim into the caller, in AWS's order: the key must exist, the session token
 * match, the signature verify, the request be recent, the session unexpired.
 */
export async function authenticate(
  request: ReceivedRequest,
  claim: SignatureClaim,
  protocol: Protocol,
  settings: AuthenticationSettings,
): Promise<CallerIdentity> {
  const key = await settings.identities.resolve(claim.accessKeyId);
  if (!key) {
    const message = protocol === 'rest-xml'
      ? 'The AWS Access Key Id you provided does not exist in our records.'
      : 'The security token included in the request is invalid.';
    throw commonError(protocol, 'unknownAccessKey', message);
  }
  if (key.sessionToken !== undefined && claim.sessionToken !== key.sessionToken) {
    throw commonError(protocol, 'invalidSessionToken', 'The security token included in the request is invalid.');
  }
  const signedAt = signingDateOf(claim);
  if (!(await signatureMatches(request, claim, key.secretAccessKey))) {
    throw commonError(protocol, 'signatureMismatch', MISMATCH);
  }
  if (!payloadHashMatches(request)) {
    throw protocol === 'rest-xml'
      ? new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)
      : commonError(protocol, 'signatureMismatch', MISMATCH);
  }
  const now = settings.now();
  if (claim.expiresSeconds !== undefined) {
    if (now.getTime() > signedAt.getTime() + claim.expiresSeconds * 1000) throw new AwsError('AccessDenied', 'Request has expired', 403);
  } else if (Math.abs(now.getTime() - signedAt.getTime()) > settings.clockSkewMs) {
    throw commonError(protocol, 'clockSkew', skewMessage(protocol, claim.longDate, now, settings.clockSkewMs));
  }
  if (key.expiration !== undefined && now.getTime() >= key.expiration.getTime()) {
    const message = protocol === 'rest-xml' ? 'The provided token has expired.' : 'The security token included in the request is expired';
    throw commonError(protocol, 'expiredToken', message);
  }
  return key.caller;
}

function skewMessage(protocol: Protocol, signedAt: string, now: Date, skewMs: number): string {
  if (protocol === 'rest-xml') return 'The difference between the request time and the current time is too large.';
  const compact = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const minutes = Math.round(skewMs / 60000);
  const bound = new Date(now.getTime() - skewMs);
  return `Signature expired: ${signedAt} is now earlier than ${compact(bound)} (${compact(now)} - ${minutes} min.)`;
}
