import { describe, expect, it } from 'vitest';
import { prepareTemplate, type StackIdentity } from '../../../local/cloudformation/prepare';
import { parseTemplate } from '../../../local/cloudformation/template';

const STACK: StackIdentity = { accountId: '111111111111', region: 'eu-west-1', stackName: 'S', stackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/S/id' };
const noSsm = async (): Promise<string | undefined> => undefined;

function topic(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Type: 'AWS::SNS::Topic', ...extra };
}

describe('template parsing', () => {
  it('reads YAML short forms as their long forms', () => {
    // Act
    const template = parseTemplate('Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${AWS::StackName}-t"\n      DisplayName: !GetAtt Other.Name\n');

    // Assess
    expect(template.Resources.T?.Properties).toEqual({ TopicName: { 'Fn::Sub': '${AWS::StackName}-t' }, DisplayName: { 'Fn::GetAtt': ['Other', 'Name'] } });
  });

  it('refuses a template without resources, a resource without Type and an unknown section', () => {
    // Act
    const empty = () => parseTemplate('{"Resources": {}}');
    const untyped = () => parseTemplate('{"Resources": {"T": {"Properties": {}}}}');
    const unknown = () => parseTemplate('{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}, "Extra": 1}');
    const broken = () => parseTemplate('{"Resources": ');

    // Assess
    expect(empty).toThrow('Template format error: At least one Resources member must be defined.');
    expect(untyped).toThrow('Template format error: [/Resources/T] Every Resources object must contain a Type member.');
    expect(unknown).toThrow('Template format error: Invalid template property or properties [Extra]');
    expect(broken).toThrow('Template format error: JSON not well-formed.');
  });
});

describe('prepareTemplate', () => {
  it('orders resources by DependsOn and references, and drops those whose Condition is false', async () => {
    // Prepare
    const template = parseTemplate(
      JSON.stringify({
        Parameters: { Env: { Type: 'String', Default: 'test', AllowedValues: ['test', 'prod'] } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Resources: {
          C: topic({ Properties: { DisplayName: { 'Fn::GetAtt': ['B', 'TopicName'] } } }),
          B: topic({ DependsOn: 'A' }),
          A: topic(),
          ProdOnly: topic({ Condition: 'IsProd' }),
        },
      }),
    );

    // Act
    const prepared = await prepareTemplate(template, [], {}, noSsm, STACK);

    // Assess
    expect(prepared.order).toEqual(['A', 'B', 'C']);
    expect(prepared.conditions).toEqual({ IsProd: false });
  });

  it('names circular dependencies and unresolved references', async () => {
    // Prepare
    const circular = parseTemplate(JSON.stringify({ Resources: { A: topic({ DependsOn: 'B' }), B: topic({ Properties: { DisplayName: { Ref: 'A' } } }) } }));
    const dangling = parseTemplate(JSON.stringify({ Resources: { A: topic({ Properties: { DisplayName: { Ref: 'Ghost' } } }) } }));

    // Act
    const cycle = await prepareTemplate(circular, [], {}, noSsm, STACK).catch((error: Error) => error);
    const missing = await prepareTemplate(dangling, [], {}, noSsm, STACK).catch((error: Error) => error);

    // Assess
    expect(cycle).toMatchObject({ code: 'ValidationError', message: 'Circular dependency between resources: [A, B]' });
    expect(missing).toMatchObject({ code: 'ValidationError' });
    expect((missing as Error).message).toContain('Unresolved resource dependencies [Ghost] in the Resources block of the template (referenced by A)');
  });

  it('checks parameters: missing values, unknown keys, AllowedValues, numbers', async () => {
    // Prepare
    const template = parseTemplate(JSON.stringify({ Parameters: { Env: { Type: 'String', AllowedValues: ['test', 'prod'] }, Size: { Type: 'Number', Default: 1 } }, Resources: { A: topic() } }));

    // Act
    const missing = await prepareTemplate(template, [], {}, noSsm, STACK).catch((error: Error) => error);
    const unknown = await prepareTemplate(template, [{ ParameterKey: 'Env', ParameterValue: 'test' }, { ParameterKey: 'Nope', ParameterValue: 'x' }], {}, noSsm, STACK).catch((error: Error) => error);
    const notAllowed = await prepareTemplate(template, [{ ParameterKey: 'Env', ParameterValue: 'dev' }], {}, noSsm, STACK).catch((error: Error) => error);
    const notNumber = await prepareTemplate(template, [{ ParameterKey: 'Env', ParameterValue: 'prod' }, { ParameterKey: 'Size', ParameterValue: 'big' }], {}, noSsm, STACK).catch((error: Error) => error);
    const previous = await prepareTemplate(template, [{ ParameterKey: 'Env', UsePreviousValue: true }], { Env: 'prod' }, noSsm, STACK);

    // Assess
    expect((missing as Error).message).toBe('Parameters: [Env] must have values');
    expect((unknown as Error).message).toBe('Parameters: [Nope] do not exist in the template');
    expect((notAllowed as Error).message).toBe("Parameter 'Env' must be one of AllowedValues");
    expect((notNumber as Error).message).toBe(`Parameter 'Size' must be a number (got "big")`);
    expect(previous.parameters.values).toEqual({ Env: 'prod', Size: '1' });
  });

  it("evaluates CDK's CheckBootstrapVersion rule against the SSM parameter", async () => {
    // Prepare
    const template = parseTemplate(
      JSON.stringify({
        Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
        Rules: {
          CheckBootstrapVersion: {
            Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] }, AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI." }],
          },
        },
        Resources: { A: topic() },
      }),
    );

    // Act
    const recent = await prepareTemplate(template, [], {}, async () => '30', STACK);
    const old = await prepareTemplate(template, [], {}, async () => '4', STACK).catch((error: Error) => error);
    const absent = await prepareTemplate(template, [], {}, noSsm, STACK).catch((error: Error) => error);

    // Assess
    expect(recent.parameters.resolvedFromSsm).toEqual({ BootstrapVersion: '30' });
    expect((old as Error).message).toBe("CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.");
    expect((absent as Error).message).toBe('Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter store for this account.');
  });
});
