import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DeployerErrors, MAX_TEMPLATE_BODY_BYTES, parametersFor, parseDeployerPayload } from '../../../worker-templates/cloudformation-deployer';
import { templateArgument } from '../../../worker-templates/cloudformation-deployer/template-source';
import { STACK, TEMPLATE } from './support';

const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' } });
const s3Mock = mockClient(s3);
afterEach(() => s3Mock.reset());

describe('parseDeployerPayload refuses', () => {
  it.each([
    ['a stack name without the prefix', { StackName: 'app', TemplateBody: TEMPLATE }, 'Payload.StackName must start with "StepEverywhere-"'],
    ['a stack name CloudFormation refuses', { StackName: 'StepEverywhere-a_b', TemplateBody: TEMPLATE }, 'Payload.StackName is not a CloudFormation stack name'],
    ['no template to deploy', { StackName: STACK }, 'exactly one of TemplateBody (inline) or TemplateS3Uri'],
    ['two templates', { StackName: STACK, TemplateBody: TEMPLATE, TemplateS3Uri: 's3://bucket/key' }, 'exactly one of TemplateBody'],
    ['an inline template over the limit', { StackName: STACK, TemplateBody: 'x'.repeat(MAX_TEMPLATE_BODY_BYTES + 1) }, `over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}-byte TemplateBody limit`],
    ['a malformed S3 URI', { StackName: STACK, TemplateS3Uri: 'https://bucket/key' }, 'Payload.TemplateS3Uri must be s3://bucket/key (an object in the hub account)'],
    ['a numeric parameter value', { StackName: STACK, TemplateBody: TEMPLATE, Parameters: { Size: 1 } }, 'Payload.Parameters.Size must be a string'],
    ['an unknown capability', { StackName: STACK, TemplateBody: TEMPLATE, Capabilities: ['CAPABILITY_ALL'] }, 'Payload.Capabilities.0 must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND'],
    ['an unknown action', { StackName: STACK, TemplateBody: TEMPLATE, Action: 'update' }, 'Payload.Action must be "deploy" or "delete"'],
    ['a misspelt field', { StackName: STACK, TemplateBody: TEMPLATE, Paramters: {} }, 'has unknown field(s) Paramters'],
    ['a payload that is not an object', 'StepEverywhere-app', 'Payload must be an object with StackName'],
    ['no stack name', { TemplateBody: TEMPLATE }, 'Payload.StackName is required'],
    ['a template body that is not text', { StackName: STACK, TemplateBody: { Resources: {} } }, 'Payload.TemplateBody must be the template text'],
    ['an empty template body', { StackName: STACK, TemplateBody: '' }, 'Payload.TemplateBody is empty'],
    ['a bad parameter name', { StackName: STACK, TemplateBody: TEMPLATE, Parameters: { 'bad-name': 'x' } }, 'Payload.Parameters.bad-name is not a CloudFormation parameter name'],
    ['an override for no account', { StackName: STACK, TemplateBody: TEMPLATE, ParameterOverrides: { Accounts: { '1234': { A: 'x' } } } }, 'Payload.ParameterOverrides.Accounts.1234 is not a 12-digit account id'],
    ['an override for no OU', { StackName: STACK, TemplateBody: TEMPLATE, ParameterOverrides: { OrganizationalUnits: { Workloads: { A: 'x' } } } }, 'Payload.ParameterOverrides.OrganizationalUnits.Workloads is not an OU id'],
    ['an override for no region', { StackName: STACK, TemplateBody: TEMPLATE, ParameterOverrides: { Regions: { Ireland: { A: 'x' } } } }, 'Payload.ParameterOverrides.Regions.Ireland is not a region name'],
    ['an override of an unknown kind', { StackName: STACK, TemplateBody: TEMPLATE, ParameterOverrides: { Account: {} } }, 'Payload.ParameterOverrides has unknown field(s) Account'],
    ['a numeric override value', { StackName: STACK, TemplateBody: TEMPLATE, ParameterOverrides: { Regions: { 'eu-west-1': { Size: 2 } } } }, 'Payload.ParameterOverrides.Regions.eu-west-1.Size must be a string'],
    ['a reserved tag key', { StackName: STACK, TemplateBody: TEMPLATE, Tags: { 'aws:owner': 'x' } }, 'Payload.Tags.aws:owner is a tag key in the reserved aws: namespace'],
    ['a tag value that is not text', { StackName: STACK, TemplateBody: TEMPLATE, Tags: { team: 7 } }, 'Payload.Tags.team must be a string'],
    ['too many tags', { StackName: STACK, TemplateBody: TEMPLATE, Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'Payload.Tags has more than the 50 tags'],
    ['capabilities that are not a list', { StackName: STACK, TemplateBody: TEMPLATE, Capabilities: 'CAPABILITY_IAM' }, 'Payload.Capabilities must be a list'],
    ['an execution role ARN instead of a name', { StackName: STACK, TemplateBody: TEMPLATE, ExecutionRoleName: 'arn:aws:iam::200000000001:role/X' }, 'Payload.ExecutionRoleName is not an IAM role name'],
    ['termination protection as text', { StackName: STACK, TemplateBody: TEMPLATE, TerminationProtection: 'yes' }, 'Payload.TerminationProtection must be true or false'],
    ['plan-only as text', { StackName: STACK, TemplateBody: TEMPLATE, PlanOnly: 'true' }, 'Payload.PlanOnly must be true or false'],
  ])('%s, naming the field', (_what, payload, words) => {
    // Act
    const parse = () => parseDeployerPayload(payload);

    // Assess
    expect(parse).toThrow(expect.objectContaining({ name: DeployerErrors.INVALID_PAYLOAD, message: expect.stringContaining(words) }));
  });

  it('accepts a delete without a template and fills the defaults', () => {
    // Act
    const payload = parseDeployerPayload({ StackName: STACK, Action: 'delete' });

    // Assess
    expect(payload).toEqual({ StackName: STACK, Action: 'delete', PlanOnly: false, ExecutionRoleName: 'StepEverywhereCloudFormationExecution' });
  });
});

describe('parametersFor', () => {
  it('lets the account win over the OUs (innermost first), the OUs over the region, the region over the base', () => {
    // Prepare
    const payload = parseDeployerPayload({
      StackName: STACK,
      TemplateBody: TEMPLATE,
      Parameters: { A: 'base', B: 'base', C: 'base', D: 'base', E: 'base' },
      ParameterOverrides: {
        Regions: { 'eu-west-1': { B: 'region', C: 'region', D: 'region', E: 'region' } },
        OrganizationalUnits: { 'ou-ab12-outer001': { C: 'outer', D: 'outer', E: 'outer' }, 'ou-ab12-inner001': { D: 'inner', E: 'inner' } },
        Accounts: { '200000000001': { E: 'account' } },
      },
    });

    // Act
    const values = parametersFor(payload, { accountId: '200000000001', region: 'eu-west-1', organizationalUnitIds: ['ou-ab12-inner001', 'ou-ab12-outer001', 'r-ab12'] });

    // Assess
    expect(values).toEqual({ A: 'base', B: 'region', C: 'outer', D: 'inner', E: 'account' });
  });
});

describe('templateArgument', () => {
  it('hands an S3 template to the member account as a short presigned URL, checked first with the hub role', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 2_000 });

    // Act
    const argument = await templateArgument(parseDeployerPayload({ StackName: STACK, TemplateS3Uri: 's3://results-bucket/templates/abc.template' }), s3);

    // Assess
    expect(s3Mock.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({ Bucket: 'results-bucket', Key: 'templates/abc.template' });
    expect('TemplateURL' in argument && new URL(argument.TemplateURL).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('reports a missing template object by its URI', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));

    // Act
    const argument = templateArgument(parseDeployerPayload({ StackName: STACK, TemplateS3Uri: 's3://results-bucket/templates/gone.template' }), s3);

    // Assess
    await expect(argument).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_NOT_FOUND, message: expect.stringContaining('s3://results-bucket/templates/gone.template does not exist') });
  });

  it('says where templates must live when the deployer\'s role may not read the object', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }));

    // Act
    const argument = templateArgument(parseDeployerPayload({ StackName: STACK, TemplateS3Uri: 's3://other-bucket/app.template' }), s3);

    // Assess
    await expect(argument).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_NOT_FOUND, message: expect.stringContaining("s3://other-bucket/app.template cannot be read by the deployer's role: put templates under the results bucket's templates/ prefix") });
  });

  it('passes an inline template as it is, without touching S3', async () => {
    // Act
    const argument = await templateArgument(parseDeployerPayload({ StackName: STACK, TemplateBody: TEMPLATE }), s3);

    // Assess
    expect(argument).toEqual({ TemplateBody: TEMPLATE });
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('refuses a template over the 1 MB CloudFormation reads from S3', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 2_000_000 });

    // Act
    const argument = templateArgument(parseDeployerPayload({ StackName: STACK, TemplateS3Uri: 's3://results-bucket/templates/big.template' }), s3);

    // Assess
    await expect(argument).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_TOO_LARGE, message: expect.stringContaining('is 2000000 bytes') });
  });
});
