import { AwsError } from './aws-error';

export type Protocol = 'query' | 'json-1.0' | 'json-1.1' | 'rest-xml' | 'rest-json';

/** Failures the front door raises before any service sees the request. */
export type CommonFailure =
  | 'missingAuthentication'
  | 'unknownAccessKey'
  | 'invalidSessionToken'
  | 'signatureMismatch'
  | 'clockSkew'
  | 'expiredToken'
  | 'throttled'
  | 'bodyTooLarge'
  | 'internal';

/**
 * The codes differ by protocol family (query services say `InvalidClientTokenId`, JSON services
 * `UnrecognizedClientException`, S3 `InvalidAccessKeyId`); the SDK's retry and clock-skew logic
 * keys on these exact codes, so each protocol gets its own.
 */
const CODES: Record<CommonFailure, Record<'query' | 'json' | 's3' | 'restJson', readonly [string, number]>> = {
  missingAuthentication: {
    query: ['MissingAuthenticationToken', 403],
    json: ['MissingAuthenticationTokenException', 400],
    s3: ['AccessDenied', 403],
    restJson: ['MissingAuthenticationTokenException', 403],
  },
  unknownAccessKey: {
    query: ['InvalidClientTokenId', 403],
    json: ['UnrecognizedClientException', 400],
    s3: ['InvalidAccessKeyId', 403],
    restJson: ['UnrecognizedClientException', 403],
  },
  invalidSessionToken: {
    query: ['InvalidClientTokenId', 403],
    json: ['UnrecognizedClientException', 400],
    s3: ['InvalidToken', 400],
    restJson: ['UnrecognizedClientException', 403],
  },
  signatureMismatch: {
    query: ['SignatureDoesNotMatch', 403],
    json: ['InvalidSignatureException', 400],
    s3: ['SignatureDoesNotMatch', 403],
    restJson: ['InvalidSignatureException', 403],
  },
  clockSkew: {
    query: ['SignatureDoesNotMatch', 403],
    json: ['InvalidSignatureException', 400],
    s3: ['RequestTimeTooSkewed', 403],
    restJson: ['InvalidSignatureException', 403],
  },
  expiredToken: {
    query: ['ExpiredToken', 400],
    json: ['ExpiredTokenException', 400],
    s3: ['ExpiredToken', 400],
    restJson: ['ExpiredTokenException', 403],
  },
  throttled: {
    query: ['Throttling', 400],
    json: ['ThrottlingException', 400],
    s3: ['SlowDown', 503],
    restJson: ['TooManyRequestsException', 429],
  },
  bodyTooLarge: {
    query: ['RequestEntityTooLarge', 413],
    json: ['RequestEntityTooLargeException', 413],
    s3: ['EntityTooLarge', 400],
    restJson: ['RequestEntityTooLargeException', 413],
  },
  internal: {
    query: ['InternalFailure', 500],
    json: ['InternalFailure', 500],
    s3: ['InternalError', 500],
    restJson: ['ServiceException', 500],
  },
};

export function commonError(protocol: Protocol, failure: CommonFailure, message: string): AwsError {
  const family = protocol === 'query' ? 'query' : protocol === 'rest-xml' ? 's3' : protocol === 'rest-json' ? 'restJson' : 'json';
  const [code, status] = CODES[failure][family];
  return new AwsError(code, message, status);
}
