import { describe, expect, it, vi } from 'vitest';
import type { EnginePorts } from '../../../local/stepfunctions';
import { run } from './helpers';

const invoke = (parameters: object, extra: object = {}) => ({
  T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: parameters, End: true, ...extra },
});

describe('lambda:invoke', () => {
  it('calls the port with FunctionName, Payload and Qualifier and answers as AWS', async () => {
    // Prepare
    const port = vi.fn<EnginePorts['invokeLambda']>(async () => ({ payload: { done: true }, executedVersion: '7' }));

    // Act
    const result = await run(invoke({ FunctionName: 'StepEverywhere_Worker', 'Payload.$': '$.p', Qualifier: 'live' }), { p: { a: 1 } }, { invokeLambda: port });

    // Assess
    expect(port).toHaveBeenCalledWith('StepEverywhere_Worker', { a: 1 }, 'live');
    expect(result.output).toMatchObject({ ExecutedVersion: '7', Payload: { done: true }, StatusCode: 200 });
    expect(result.output).toHaveProperty('SdkHttpMetadata.HttpStatusCode', 200);
    expect(result.output).toHaveProperty('SdkResponseMetadata.RequestId');
  });

  it('reports $LATEST and a null Payload when the function returns nothing', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => ({});

    // Act
    const result = await run(invoke({ FunctionName: 'f' }), {}, { invokeLambda: port });

    // Assess
    expect(result.output).toMatchObject({ ExecutedVersion: '$LATEST', Payload: null, StatusCode: 200 });
  });

  it('fails with the errorType and a JSON Cause when the function raises', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => ({
      functionError: { errorType: 'StepEverywhere.AssumeRoleFailed', errorMessage: 'denied', trace: ['at x'] },
    });

    // Act
    const result = await run(invoke({ FunctionName: 'f' }), {}, { invokeLambda: port });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'StepEverywhere.AssumeRoleFailed' });
    expect(JSON.parse(result.cause as string)).toEqual({ errorMessage: 'denied', errorType: 'StepEverywhere.AssumeRoleFailed', trace: ['at x'] });
  });

  it.each([
    ['TooManyRequestsException', 'Lambda.TooManyRequestsException'],
    ['ServiceException', 'Lambda.ServiceException'],
    ['Lambda.AWSLambdaException', 'Lambda.AWSLambdaException'],
    ['TypeError', 'Lambda.SdkClientException'],
  ])('names a service exception %s as %s', async (thrownName, expected) => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: thrownName, $metadata: { httpStatusCode: 429 } });
    };

    // Act
    const result = await run(invoke({ FunctionName: 'f' }), {}, { invokeLambda: port });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: expected });
    expect(result.cause).toContain('Rate exceeded');
  });

  it('fails with States.Runtime naming FunctionName when it is missing', async () => {
    // Prepare: Parameters without FunctionName

    // Act
    const result = await run(invoke({ Payload: {} }), {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('FunctionName');
  });

  it('accepts another partition in the resource ARN', async () => {
    // Prepare
    const states = { T: { Type: 'Task', Resource: 'arn:aws-cn:states:::lambda:invoke', Parameters: { FunctionName: 'f', Payload: 1 }, End: true } };

    // Act
    const result = await run(states, {});

    // Assess
    expect(result.output).toMatchObject({ Payload: 1 });
  });
});

describe('legacy Lambda ARN resource', () => {
  it('sends the effective input and returns the function payload itself', async () => {
    // Prepare
    const port = vi.fn<EnginePorts['invokeLambda']>(async () => ({ payload: { out: 1 } }));
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:Plan';
    const states = { T: { Type: 'Task', Resource: arn, Parameters: { 'x.$': '$.x' }, End: true } };

    // Act
    const result = await run(states, { x: 2 }, { invokeLambda: port });

    // Assess
    expect(port).toHaveBeenCalledWith(arn, { x: 2 }, undefined);
    expect(result.output).toEqual({ out: 1 });
  });

  it('fails with the errorType of a function error', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => ({ functionError: { errorType: 'Oops', errorMessage: 'm' } });
    const states = { T: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:Plan:live', End: true } };

    // Act
    const result = await run(states, {}, { invokeLambda: port });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Oops' });
  });
});

describe('other resources', () => {
  it('calls invokeResource with the resource and its parameters', async () => {
    // Prepare
    const invokeResource = vi.fn<NonNullable<EnginePorts['invokeResource']>>(async () => ({ Body: 'x' }));
    const states = { T: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Parameters: { Bucket: 'b', 'Key.$': '$.k' }, End: true } };

    // Act
    const result = await run(states, { k: 'key' }, { invokeResource });

    // Assess
    expect(invokeResource).toHaveBeenCalledWith('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'b', Key: 'key' });
    expect(result.output).toEqual({ Body: 'x' });
  });

  it('keeps the error name invokeResource throws', async () => {
    // Prepare
    const invokeResource: EnginePorts['invokeResource'] = async () => {
      throw Object.assign(new Error('no such key'), { name: 'S3.NoSuchKeyException' });
    };
    const states = { T: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true } };

    // Act
    const result = await run(states, {}, { invokeResource });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'S3.NoSuchKeyException', cause: 'no such key' });
  });

  it('fails with a clear error naming the resource when there is no invokeResource port', async () => {
    // Prepare
    const states = { T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } };

    // Act
    const result = await run(states, {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('arn:aws:states:::sns:publish');
    expect(result.cause).toContain('invokeResource');
  });
});

describe('Task TimeoutSecondsPath', () => {
  it('fails with States.Runtime naming the path when it does not hold a positive integer', async () => {
    // Prepare
    const states = { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, TimeoutSecondsPath: '$.t', End: true } };

    // Act
    const result = await run(states, { t: 'soon' });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain("TimeoutSecondsPath '$.t'");
  });
});
