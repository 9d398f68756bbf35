import { templateError, validationError } from './errors';
import { dependencyGraph, topologicalOrder } from './graph';
import { resolveBoolean, type IntrinsicContext } from './intrinsics';
import { resolveParameters, type ParameterInput, type ResolvedParameters, type SsmLookup } from './parameters';
import type { ParameterValues, Template } from './types';

/** Which stack a template is resolved for: the pseudo parameters' values. */
export interface StackIdentity {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
}

/** A template with its parameters applied, its conditions decided and its resources ordered. */
export interface PreparedTemplate {
  readonly template: Template;
  readonly parameters: ResolvedParameters;
  readonly conditions: Readonly<Record<string, boolean>>;
  /** Resources whose Condition holds, dependencies first. */
  readonly order: readonly string[];
  readonly graph: ReadonlyMap<string, ReadonlySet<string>>;
}

export function pseudoParameter(name: string, stack: StackIdentity): unknown {
  switch (name) {
    case 'AWS::AccountId':
      return stack.accountId;
    case 'AWS::Region':
      return stack.region;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return stack.stackName;
    case 'AWS::StackId':
      return stack.stackId;
    case 'AWS::NotificationARNs':
      return [];
    default:
      return undefined;
  }
}

/** Resolution where only parameters, pseudo parameters and conditions are known (Conditions, Rules). */
export function parameterContext(template: Template, values: ParameterValues, stack: StackIdentity, conditions: (name: string, where: string) => boolean): IntrinsicContext {
  return {
    region: stack.region,
    mappings: template.Mappings,
    ref: (name, where) => {
      const value = values[name] ?? pseudoParameter(name, stack);
      if (value === undefined) throw templateError(`Unresolved reference ${name} at ${where}: only parameters and pseudo parameters may be referenced here.`);
      return value;
    },
    getAtt: (logicalId, _attribute, where) => {
      throw templateError(`Fn::GetAtt of ${logicalId} at ${where}: resource attributes cannot be used here.`);
    },
    condition: conditions,
    importValue: (name, where) => {
      throw templateError(`Fn::ImportValue ${name} at ${where}: imports cannot be used here.`);
    },
  };
}

/** Decides every condition once, following `{ Condition: name }` references and refusing cycles. */
export function evaluateConditions(template: Template, values: ParameterValues, stack: StackIdentity): Record<string, boolean> {
  const declared = template.Conditions ?? {};
  const decided: Record<string, boolean> = {};
  const evaluating = new Set<string>();
  const decide = (name: string, where: string): boolean => {
    if (decided[name] !== undefined) return decided[name] as boolean;
    if (!(name in declared)) throw templateError(`Unresolved dependencies [${name}]: condition ${name} used at ${where} is not in the Conditions section.`);
    if (evaluating.has(name)) throw templateError(`Circular dependency between conditions: [${[...evaluating, name].join(', ')}]`);
    evaluating.add(name);
    const result = resolveBoolean(declared[name], parameterContext(template, values, stack, decide), `Conditions/${name}`);
    evaluating.delete(name);
    decided[name] = result;
    return result;
  };
  for (const name of Object.keys(declared)) decide(name, `Conditions/${name}`);
  return decided;
}

/** Rules (e.g. CDK's CheckBootstrapVersion): a failed assertion refuses the operation with its description. */
export function checkRules(template: Template, values: ParameterValues, stack: StackIdentity, conditions: Readonly<Record<string, boolean>>): void {
  const lookup = (name: string, where: string): boolean => {
    const value = conditions[name];
    if (value === undefined) throw templateError(`Unresolved dependencies [${name}]: condition ${name} used at ${where} is not in the Conditions section.`);
    return value;
  };
  const context = parameterContext(template, values, stack, lookup);
  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    if (!Array.isArray(rule.Assertions)) throw templateError(`Rules/${name}: Assertions must be a list of { Assert, AssertDescription }.`);
    if (rule.RuleCondition !== undefined && !resolveBoolean(rule.RuleCondition, context, `Rules/${name}/RuleCondition`)) continue;
    rule.Assertions.forEach((assertion, index) => {
      if (!resolveBoolean(assertion.Assert, context, `Rules/${name}/Assertions/${index}`)) {
        throw validationError(assertion.AssertDescription ?? `Template rule ${name} failed its assertion ${index + 1}.`);
      }
    });
  }
}

export async function prepareTemplate(
  template: Template,
  inputs: readonly ParameterInput[],
  previous: Readonly<Record<string, string>>,
  ssm: SsmLookup,
  stack: StackIdentity,
): Promise<PreparedTemplate> {
  const parameters = await resolveParameters(template, inputs, previous, ssm);
  const conditions = evaluateConditions(template, parameters.values, stack);
  checkRules(template, parameters.values, stack, conditions);
  const active = new Set<string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Condition === undefined) active.add(logicalId);
    else if (conditions[resource.Condition] === undefined) {
      throw templateError(`Unresolved dependencies [${resource.Condition}]: condition of resource ${logicalId} is not in the Conditions section.`);
    } else if (conditions[resource.Condition]) active.add(logicalId);
  }
  const graph = dependencyGraph(template, active);
  return { template, parameters, conditions, graph, order: topologicalOrder(graph) };
}
