import { runSimulation, type RequestAnalysis } from '@cloud-copilot/iam-simulate';
import { aliasContext, aliasPolicy } from './condition-key-aliases';
import type { PolicyDocument } from './policy';

/**
 * The one place the policy evaluation library is used, so it can be swapped (see README.md).
 * Everything the library needs is passed in; nothing here knows where policies are stored.
 */
export interface EvaluationInput {
  /** The request principal: a user ARN, `…:root`, or the `arn:aws:sts::…:assumed-role/…` of a session. */
  readonly principalArn: string;
  /** `service:Action`, e.g. `sts:AssumeRole`. */
  readonly action: string;
  readonly resource: string;
  /** The account owning the resource; differs from the principal's for cross-account calls. */
  readonly resourceAccount: string;
  /** Request context keys such as `aws:PrincipalOrgID`, `aws:ResourceTag/<key>`, `sts:ExternalId`. */
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly identityPolicies: readonly PolicyDocument[];
  readonly sessionPolicy?: PolicyDocument;
  /** Trust policy, key policy or bucket policy of the resource, when it has one. */
  readonly resourcePolicy?: PolicyDocument;
}

export interface Decision {
  readonly allowed: boolean;
  /** One line: the result and which policies decided it, for logs and error messages. */
  readonly explanation: string;
}

export async function evaluate(input: EvaluationInput): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: input.principalArn,
        action: input.action,
        resource: { resource: input.resource, accountId: input.resourceAccount },
        contextVariables: aliasContext(input.context),
      },
      identityPolicies: input.identityPolicies.map((policy, index) => ({ name: `identity-${index + 1}`, policy: aliasPolicy(policy) })),
      sessionPolicy: input.sessionPolicy && aliasPolicy(input.sessionPolicy),
      resourcePolicy: input.resourcePolicy && aliasPolicy(input.resourcePolicy),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') {
    return { allowed: false, explanation: `not evaluated: ${result.errors.message}${detail(result.errors)}` };
  }
  const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  return { allowed: result.overallResult === 'Allowed', explanation: explain(result.overallResult, analysis) };
}

function explain(overall: string, analysis: RequestAnalysis | undefined): string {
  if (!analysis) return overall;
  const parts = [
    analysis.identityAnalysis && `identity policies: ${analysis.identityAnalysis.result}`,
    analysis.sessionAnalysis && `session policy: ${analysis.sessionAnalysis.result}`,
    analysis.resourceAnalysis && `resource policy: ${analysis.resourceAnalysis.result}`,
    `${analysis.sameAccount ? 'same' : 'cross'} account`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return `${overall} (${parts.join('; ')})`;
}

function detail(errors: object): string {
  const fields = Object.entries(errors).filter(([key]) => key !== 'message');
  return fields.length === 0 ? '' : ` ${JSON.stringify(Object.fromEntries(fields))}`;
}
