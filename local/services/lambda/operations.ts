import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import { decodeJsonBody } from '../../protocols/json';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { changeFunction, deleteFunction, listFunctions } from './functions';
import { authorizedFunction, invokeRaw, resolveTarget } from './invoke';
import { createFunctionFromRequest } from './create-request';
import { configurationOf, functionOutputOf, policyTextOf } from './shapes';

/** The path parameters a route captured, already URL-decoded. */
export interface RouteParams {
  readonly functionName?: string;
  readonly statementId?: string;
}

export type Operation = (request: ServiceRequest, cloud: CloudContext, params: RouteParams) => Promise<ServiceResponse>;

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

function targetOf(request: ServiceRequest, params: RouteParams) {
  const target = resolveTarget(params.functionName ?? '', request.caller, request.region);
  const qualifier = request.query.get('Qualifier');
  return qualifier === null ? target : { ...target, qualifier };
}

export const operations: Readonly<Record<string, Operation>> = {
  Invoke: async (request, cloud, params) => {
    const invocationType = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (!INVOCATION_TYPES.has(invocationType)) {
      throw new AwsError('ValidationException', `X-Amz-Invocation-Type "${invocationType}" must be RequestResponse, Event or DryRun.`, 400);
    }
    const qualifier = request.query.get('Qualifier') ?? undefined;
    const answer = await invokeRaw(cloud, params.functionName ?? '', request.body.toString('utf8'), {
      caller: request.caller,
      region: request.region,
      invocationType: invocationType as 'RequestResponse' | 'Event' | 'DryRun',
      ...(qualifier === undefined ? {} : { qualifier }),
    });
    const headers: Record<string, string> = { 'x-amz-executed-version': answer.executedVersion, 'content-type': 'application/json' };
    if (answer.functionError) headers['x-amz-function-error'] = 'Unhandled';
    return { status: answer.statusCode, headers, body: answer.payloadText };
  },

  GetFunction: async (request, cloud, params) => {
    const record = await authorizedFunction(cloud, targetOf(request, params), request.caller, 'lambda:GetFunction');
    return { output: functionOutputOf(record) };
  },

  GetFunctionConfiguration: async (request, cloud, params) => {
    const record = await authorizedFunction(cloud, targetOf(request, params), request.caller, 'lambda:GetFunctionConfiguration');
    return { output: configurationOf(record) };
  },

  ListFunctions: async (request, cloud) => {
    await requireAllowed(cloud.authorize, { caller: request.caller, action: 'lambda:ListFunctions', resource: '*', region: request.region }, { code: 'AccessDeniedException', status: 403 });
    const maxItemsText = request.query.get('MaxItems');
    const maxItems = maxItemsText === null ? 50 : Number(maxItemsText);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10000) {
      throw new AwsError('InvalidParameterValueException', `MaxItems ${maxItemsText} must be a whole number from 1 to 10000.`, 400);
    }
    const all = await listFunctions(cloud, request.caller.accountId, request.region);
    const marker = request.query.get('Marker');
    let start = 0;
    if (marker !== null && marker !== '') {
      const after = Buffer.from(marker, 'base64').toString('utf8');
      if (!after.startsWith('fn:')) throw new AwsError('InvalidParameterValueException', 'Marker is not one ListFunctions returned: pass NextMarker unchanged.', 400);
      start = all.findIndex((record) => record.functionName > after.slice(3));
      if (start < 0) start = all.length;
    }
    const page = all.slice(start, start + maxItems);
    const last = page[page.length - 1];
    const nextMarker = start + maxItems < all.length && last ? Buffer.from(`fn:${last.functionName}`).toString('base64') : undefined;
    return { output: { Functions: page.map(configurationOf), ...(nextMarker === undefined ? {} : { NextMarker: nextMarker }) } };
  },

  DeleteFunction: async (request, cloud, params) => {
    const target = targetOf(request, params);
    await authorizedFunction(cloud, target, request.caller, 'lambda:DeleteFunction');
    await deleteFunction(cloud, target);
    return { status: 204, body: '' };
  },

  CreateFunction: async (request, cloud) => {
    const record = await createFunctionFromRequest(cloud, request, inputOf(request));
    return { status: 201, output: configurationOf(record) };
  },

  AddPermission: async (request, cloud, params) => {
    const target = targetOf(request, params);
    await authorizedFunction(cloud, target, request.caller, 'lambda:AddPermission');
    const input = inputOf(request);
    const statement = permissionStatement(input, `arn:aws:lambda:${target.region}:${target.accountId}:function:${target.name}`);
    await changeFunction(cloud, target, (record) => {
      if (record.policyStatements.some((existing) => existing.Sid === statement.Sid)) {
        throw new AwsError('ResourceConflictException', `The statement id (${String(statement.Sid)}) provided already exists. Please provide a new statement id, or remove the existing statement.`, 409);
      }
      return { ...record, policyStatements: [...record.policyStatements, statement] };
    });
    return { status: 201, output: { Statement: JSON.stringify(statement) } };
  },

  RemovePermission: async (request, cloud, params) => {
    const target = targetOf(request, params);
    await authorizedFunction(cloud, target, request.caller, 'lambda:RemovePermission');
    await changeFunction(cloud, target, (record) => {
      if (!record.policyStatements.some((existing) => existing.Sid === params.statementId)) {
        throw new AwsError('ResourceNotFoundException', `Statement ${params.statementId ?? ''} is not found in resource policy.`, 404);
      }
      return { ...record, policyStatements: record.policyStatements.filter((existing) => existing.Sid !== params.statementId) };
    });
    return { status: 204, body: '' };
  },

  GetPolicy: async (request, cloud, params) => {
    const record = await authorizedFunction(cloud, targetOf(request, params), request.caller, 'lambda:GetPolicy');
    if (record.policyStatements.length === 0) throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
    return { output: { Policy: policyTextOf(record), RevisionId: record.revisionId } };
  },
};

function inputOf(request: ServiceRequest): Record<string, unknown> {
  return Object.keys(request.input).length > 0 ? request.input : decodeJsonBody(request.body);
}

/** A resource-policy statement as AddPermission writes it. */
function permissionStatement(input: Record<string, unknown>, functionArn: string): Record<string, unknown> {
  const sid = input.StatementId;
  if (typeof sid !== 'string' || !/^[a-zA-Z0-9-_]{1,100}$/.test(sid)) {
    throw new AwsError('ValidationException', 'StatementId is required: 1 to 100 letters, digits, - or _.', 400);
  }
  const action = input.Action;
  if (typeof action !== 'string' || !/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) {
    throw new AwsError('ValidationException', 'Action is required, e.g. lambda:InvokeFunction.', 400);
  }
  const principal = input.Principal;
  if (typeof principal !== 'string' || principal === '') {
    throw new AwsError('ValidationException', 'Principal is required: an account id, an ARN or a service such as states.amazonaws.com.', 400);
  }
  const principalBlock = principal === '*'
    ? '*'
    : principal.endsWith('.amazonaws.com')
      ? { Service: principal }
      : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal };
  const condition: Record<string, Record<string, string>> = {};
  if (typeof input.SourceArn === 'string') condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  if (typeof input.SourceAccount === 'string') condition.StringEquals = { 'AWS:SourceAccount': input.SourceAccount };
  if (typeof input.PrincipalOrgID === 'string') condition.StringEquals = { ...(condition.StringEquals ?? {}), 'aws:PrincipalOrgID': input.PrincipalOrgID };
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalBlock,
    Action: action,
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}
