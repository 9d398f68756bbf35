import { AwsError } from '../../protocols/aws-error';
import { recordKey, rulesOf, type RuleRecord, type RuleTarget } from '../../pipeline/records';
import { validationError } from '../errors';
import { generatedName, optionalList, optionalText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::Events::Rule';

function ruleOf(properties: Properties, context: ProviderContext, name: string): RuleRecord {
  if (properties.EventBusName !== undefined && properties.EventBusName !== 'default') {
    throw validationError(`${context.logicalId}: EventBusName ${String(properties.EventBusName)}: the local cloud routes events on the default bus only; leave EventBusName out.`);
  }
  let eventPattern: unknown = properties.EventPattern;
  if (typeof eventPattern === 'string') {
    try {
      eventPattern = JSON.parse(eventPattern);
    } catch {
      throw validationError(`${context.logicalId}: EventPattern is not valid JSON.`);
    }
  }
  if (eventPattern === undefined && properties.ScheduleExpression === undefined) throw validationError(`${context.logicalId}: give EventPattern or ScheduleExpression.`);
  const targets = optionalList(properties, 'Targets', TYPE).map((entry, index): RuleTarget => {
    const target = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof target.Id !== 'string' || typeof target.Arn !== 'string') throw validationError(`${context.logicalId}: Targets[${index}] needs Id and Arn.`);
    return { id: target.Id, arn: target.Arn, ...(typeof target.RoleArn === 'string' ? { roleArn: target.RoleArn } : {}) };
  });
  const state = optionalText(properties, 'State', TYPE) ?? 'ENABLED';
  return {
    name,
    arn: `arn:aws:events:${context.region}:${context.accountId}:rule/${name}`,
    accountId: context.accountId,
    region: context.region,
    ...(eventPattern === undefined ? {} : { eventPattern }),
    enabled: state === 'ENABLED',
    targets,
  };
}

function stateOf(rule: RuleRecord): ResourceState {
  return { physicalId: rule.name, attributes: { Arn: rule.arn } };
}

/**
 * AWS::Events::Rule on the default bus: Ref is the rule name, GetAtt Arn. The local cloud routes
 * the events it emits itself (CodeCommit pushes) to the rules' targets; schedules are stored only.
 */
export const eventsRuleProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['Name', 'EventBusName'],
  create: async (properties, context) => {
    const name = optionalText(properties, 'Name', TYPE) ?? generatedName(context, 64);
    const rule = ruleOf(properties, context, name);
    await context.authorize('events:PutRule', rule.arn);
    if (!(await rulesOf(context.cloud.store).create(recordKey(context.accountId, context.region, name), rule))) throw new AwsError('ResourceAlreadyExistsException', `Rule ${name} already exists on the default bus; choose another Name.`, 400);
    return stateOf(rule);
  },
  update: async (properties, previous, context) => {
    const rule = ruleOf(properties, context, previous.physicalId);
    await context.authorize('events:PutRule', rule.arn);
    await rulesOf(context.cloud.store).put(recordKey(context.accountId, context.region, rule.name), rule);
    return stateOf(rule);
  },
  delete: async (existing, context) => {
    await context.authorize('events:DeleteRule', String(existing.attributes.Arn));
    await rulesOf(context.cloud.store).delete(recordKey(context.accountId, context.region, existing.physicalId));
  },
};
