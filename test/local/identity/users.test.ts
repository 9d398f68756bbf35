import { describe, expect, it } from 'vitest';
import { checkStaticUser, DEFAULT_OPERATOR, userArn } from '../../../local/identity/users';
import { decodeAwsChunked } from '../../../local/server/aws-chunked';

describe('configured users', () => {
  it('accepts the documented default operator', () => {
    // Prepare
    const operator = DEFAULT_OPERATOR;
    // Act
    const act = (): void => checkStaticUser(operator, 'operator');
    // Assess
    expect(act).not.toThrow();
    expect(userArn(operator)).toBe('arn:aws:iam::111111111111:user/operator');
  });

  it('names the field and the fix for a malformed access key id', () => {
    // Prepare
    const user = { ...DEFAULT_OPERATOR, accessKeyId: 'operator-key' };
    // Act
    const act = (): void => checkStaticUser(user, 'users[0]');
    // Assess
    expect(act).toThrow('users[0].accessKeyId "operator-key" must start with AKIA followed by 12 or more uppercase letters or digits');
  });

  it('names the field for an account id that is not 12 digits', () => {
    // Prepare
    const user = { ...DEFAULT_OPERATOR, accountId: '123' };
    // Act
    const act = (): void => checkStaticUser(user, 'operator');
    // Assess
    expect(act).toThrow('operator.accountId "123" must be 12 digits');
  });

  it('treats a user without a name as the account root', () => {
    // Prepare
    const { userName: _name, ...root } = DEFAULT_OPERATOR;
    // Act
    const arn = userArn(root);
    // Assess
    expect(arn).toBe('arn:aws:iam::111111111111:root');
  });
});

describe('aws-chunked bodies', () => {
  it('joins the chunks and reads the trailers', () => {
    // Prepare
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n1\r\n!\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n');
    // Act
    const decoded = decodeAwsChunked(body);
    // Assess
    expect(decoded.payload.toString()).toBe('hello!');
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAA' });
  });

  it('refuses a chunk longer than the body with IncompleteBody', () => {
    // Prepare
    const body = Buffer.from('ff\r\nshort\r\n');
    // Act
    const act = (): unknown => decodeAwsChunked(body);
    // Assess
    expect(act).toThrow('The aws-chunked body is malformed: a chunk is longer than the body.');
  });
});
