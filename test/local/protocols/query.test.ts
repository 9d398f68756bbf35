import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../local/protocols/aws-error';
import { decodeQueryForm, encodeQueryError, encodeQueryResponse } from '../../../local/protocols/query';
import { XmlMap } from '../../../local/protocols/xml';

describe('query protocol codec', () => {
  it('decodes flattened member lists and entry maps into nested values', () => {
    // Prepare
    const body = 'Action=CreateTopic&Version=2010-03-31&Name=t&Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Attributes.entry.1.key=Policy&Attributes.entry.1.value=%7B%7D';
    // Act
    const decoded = decodeQueryForm(body);
    // Assess
    expect(decoded).toEqual({
      action: 'CreateTopic',
      version: '2010-03-31',
      input: { Name: 't', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }], Attributes: { Policy: '{}' } },
    });
  });

  it('refuses a body without Action, naming the fix', () => {
    // Prepare
    const body = 'Version=2011-06-15';
    // Act
    const act = (): unknown => decodeQueryForm(body);
    // Assess
    expect(act).toThrow(new AwsError('MissingAction', 'The request must contain the parameter Action (a form body Action=<Operation>&Version=<date>).'));
  });

  it('refuses a list position that is not a number', () => {
    // Prepare
    const body = 'Action=X&Tags.member.first.Key=a';
    // Act
    const act = (): unknown => decodeQueryForm(body);
    // Assess
    expect(act).toThrow('List and map positions start at 1; "first" is not a position.');
  });

  it('writes results with lists as member, maps as entry, dates as ISO-8601 and escapes text', () => {
    // Prepare
    const output = { Items: ['a<b'], When: new Date('2026-01-01T00:00:00Z'), Attrs: new XmlMap({ k: 'v' }), Skipped: undefined };
    // Act
    const xml = encodeQueryResponse('Do', output, 'req-1', 'urn:x');
    // Assess
    expect(xml).toContain(
      '<DoResponse xmlns="urn:x"><DoResult><Items><member>a&lt;b</member></Items><When>2026-01-01T00:00:00.000Z</When>' +
        '<Attrs><entry><key>k</key><value>v</value></entry></Attrs></DoResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DoResponse>',
    );
  });

  it('writes errors in the ErrorResponse envelope with Type, Code and Message', () => {
    // Prepare
    const error = new AwsError('Throttling', 'Rate exceeded', 400);
    // Act
    const xml = encodeQueryError(error, 'req-2', 'urn:x');
    // Assess
    expect(xml).toContain('<ErrorResponse xmlns="urn:x"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-2</RequestId></ErrorResponse>');
  });
});
