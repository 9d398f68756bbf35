import { AwsError } from '../protocols/aws-error';

/** An IAM policy document as JSON (identity, trust, key, bucket or session policy). */
export type PolicyDocument = Readonly<Record<string, unknown>>;

export type PolicyKind = 'identity' | 'trust' | 'resource' | 'session';

/** Grants everything: how an administrator or a root user is evaluated. */
export const ALLOW_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/**
 * Parses a policy from the text a caller sent and checks the structure IAM insists on, so a
 * broken document is refused when stored (MalformedPolicyDocument), not silently never matched.
 */
export function parsePolicyDocument(text: string, kind: PolicyKind, field: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed(`${field} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed(`${field} must be a JSON object with a Statement.`);
  }
  const document = parsed as Record<string, unknown>;
  const version = document.Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    throw malformed(`${field}: Version must be "2012-10-17".`);
  }
  const statements = document.Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  if (list.length === 0) throw malformed(`${field} needs at least one Statement.`);
  list.forEach((statement: unknown, index) => checkStatement(statement, kind, `${field}.Statement[${index}]`));
  return document;
}

function checkStatement(statement: unknown, kind: PolicyKind, where: string): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw malformed(`${where} must be an object.`);
  }
  const s = statement as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed(`${where}.Effect must be "Allow" or "Deny".`);
  if (s.Action === undefined && s.NotAction === undefined) throw malformed(`${where} needs Action or NotAction.`);
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if ((kind === 'trust' || kind === 'resource') && !hasPrincipal) {
    throw malformed(`${where} needs a Principal: a ${kind} policy says who it applies to.`);
  }
  if ((kind === 'identity' || kind === 'session') && hasPrincipal) {
    throw malformed(`${where} must not have a Principal: an identity policy applies to whoever holds it.`);
  }
  if (kind !== 'trust' && s.Resource === undefined && s.NotResource === undefined) {
    throw malformed(`${where} needs Resource or NotResource.`);
  }
  if (s.Condition !== undefined && (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition))) {
    throw malformed(`${where}.Condition must be an object of operator → { key: value }.`);
  }
}

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, 400);
}
