import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  ListFunctionsCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { provisionRole } from '../../../../local/services/iam/roles';
import { createFunction, getFunction } from '../../../../local/services/lambda/functions';
import { zipOf } from '../../lambda/zip';
import { ACCOUNT, NOBODY, REGION, failureOf, startLambdaCloud, type LambdaTestCloud } from './lambda-fixture';

let t: LambdaTestCloud;
let role: string;

beforeAll(async () => {
  t = await startLambdaCloud();
  role = await t.role('shared-role');
});

afterAll(async () => {
  await t.close();
});

function definition(name: string, extra: Partial<Parameters<typeof createFunction>[1]> = {}): Parameters<typeof createFunction>[1] {
  return { accountId: ACCOUNT, region: REGION, name, roleArn: role, handler: 'index.handler', runtime: 'nodejs20.x', codeDirectory: t.code(name, 'exports.handler = async () => 1;'), ...extra };
}

async function refusal(call: Promise<unknown>): Promise<AwsError> {
  const error = await call.then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

describe('function configuration', () => {
  it('answers GetFunctionConfiguration and GetFunction with what the function was created with', async () => {
    // Prepare
    await createFunction(t.local.cloud, definition('configured', { environment: { TABLE: 'accounts' }, timeoutSeconds: 30, memorySize: 512, description: 'inventory' }));
    const lambda = t.client();

    // Act
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'configured' }));
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:configured` }));

    // Assess
    expect(configuration).toMatchObject({
      FunctionName: 'configured',
      FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:configured`,
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Timeout: 30,
      MemorySize: 512,
      Description: 'inventory',
      Environment: { Variables: { TABLE: 'accounts' } },
      Version: '$LATEST',
      State: 'Active',
    });
    expect(configuration.CodeSize).toBe('exports.handler = async () => 1;'.length);
    expect(configuration.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(fn.Configuration?.FunctionName).toBe('configured');
    expect(fn.Code?.RepositoryType).toBe('S3');
  });

  it('pages ListFunctions in name order', async () => {
    // Prepare
    for (const name of ['page-c', 'page-a', 'page-b']) await createFunction(t.local.cloud, definition(name));
    const lambda = t.client();

    // Act
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName as string));
      marker = page.NextMarker;
    } while (marker);

    // Assess
    expect(names.filter((name) => name.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('deletes a function, after which it is not found', async () => {
    // Prepare
    await createFunction(t.local.cloud, definition('doomed'));
    const lambda = t.client();

    // Act
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
    const missing = await failureOf(lambda.send(new InvokeCommand({ FunctionName: 'doomed' })));

    // Assess
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(await getFunction(t.local.cloud, { accountId: ACCOUNT, region: REGION, name: 'doomed' })).toBeUndefined();
  });

  it('refuses GetFunctionConfiguration to a caller without permission', async () => {
    // Prepare
    await createFunction(t.local.cloud, definition('private'));

    // Act
    const refused = await failureOf(t.client(NOBODY).send(new GetFunctionConfigurationCommand({ FunctionName: 'private' })));

    // Assess
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toContain('lambda:GetFunctionConfiguration');
  });

  it('keeps a resource policy: AddPermission, GetPolicy, a duplicate statement id, RemovePermission', async () => {
    // Prepare
    await createFunction(t.local.cloud, definition('policed'));
    const lambda = t.client();
    const permission = { FunctionName: 'policed', StatementId: 'states', Action: 'lambda:InvokeFunction', Principal: 'states.amazonaws.com' };

    // Act
    await lambda.send(new AddPermissionCommand(permission));
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'policed' }));
    const duplicate = await failureOf(lambda.send(new AddPermissionCommand(permission)));
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'policed', StatementId: 'states' }));
    const emptied = await failureOf(lambda.send(new GetPolicyCommand({ FunctionName: 'policed' })));

    // Assess
    expect(JSON.parse(policy.Policy ?? '{}').Statement).toEqual([
      { Sid: 'states', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:policed` },
    ]);
    expect(duplicate.name).toBe('ResourceConflictException');
    expect(emptied.name).toBe('ResourceNotFoundException');
  });
});

describe('creating functions', () => {
  it('creates a function from a zip over HTTP and runs it', async () => {
    // Prepare
    const lambda = t.client();
    const zip = zipOf({ 'app.js': 'exports.main = async (event) => ({ got: event.value });' });

    // Act
    const created = await lambda.send(new CreateFunctionCommand({ FunctionName: 'zipped', Role: role, Handler: 'app.main', Runtime: 'nodejs20.x', Code: { ZipFile: zip } }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'zipped', Payload: Buffer.from('{"value":7}') }));

    // Assess
    expect(created.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:zipped`);
    expect(Buffer.from(answer.Payload ?? new Uint8Array()).toString()).toBe('{"got":7}');
  });

  it('refuses a second function of the same name with ResourceConflictException', async () => {
    // Prepare
    await createFunction(t.local.cloud, definition('only-once'));

    // Act
    const refused = await refusal(createFunction(t.local.cloud, definition('only-once')));

    // Assess
    expect(refused.code).toBe('ResourceConflictException');
    expect(refused.message).toBe('Function already exist: only-once');
  });

  it('refuses reserved environment variables, naming them', async () => {
    // Prepare
    const bad = definition('reserved-env', { environment: { AWS_REGION: 'us-east-1', OTHER: 'x' } });

    // Act
    const refused = await refusal(createFunction(t.local.cloud, bad));

    // Assess
    expect(refused.code).toBe('InvalidParameterValueException');
    expect(refused.message).toMatch(/Reserved keys used in this request: AWS_REGION$/);
  });

  it('refuses a role that does not trust Lambda', async () => {
    // Prepare
    const untrusted = await provisionRole(t.local.store, ACCOUNT, {
      roleName: 'ec2-only',
      assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });

    // Act
    const refused = await refusal(createFunction(t.local.cloud, definition('untrusted', { roleArn: untrusted.arn })));

    // Assess
    expect(refused.code).toBe('InvalidParameterValueException');
    expect(refused.message).toMatch(/^The role defined for the function cannot be assumed by Lambda\./);
  });

  it('refuses a timeout outside 1 to 900 seconds, naming the field', async () => {
    // Prepare
    const bad = definition('too-long', { timeoutSeconds: 901 });

    // Act
    const refused = await refusal(createFunction(t.local.cloud, bad));

    // Assess
    expect(refused.code).toBe('ValidationException');
    expect(refused.message).toBe('Timeout 901 must be a whole number of seconds from 1 to 900.');
  });

  it('refuses a code directory that does not exist, saying what to give', async () => {
    // Prepare
    const bad = definition('no-code', { codeDirectory: '/nonexistent/step-everywhere/code' });

    // Act
    const refused = await refusal(createFunction(t.local.cloud, bad));

    // Assess
    expect(refused.code).toBe('InvalidParameterValueException');
    expect(refused.message).toContain('is not a directory');
  });

  it('refuses a runtime other than Node.js', async () => {
    // Prepare
    const bad = definition('python', { runtime: 'python3.12' });

    // Act
    const refused = await refusal(createFunction(t.local.cloud, bad));

    // Assess
    expect(refused.code).toBe('InvalidParameterValueException');
    expect(refused.message).toContain('Node.js functions only');
  });
});
