import { createStateMachine, deleteStateMachine, stateMachineArnOf, updateStateMachine } from '../../services/stepfunctions/state-machines';
import { validationError } from '../errors';
import { generatedName, optionalText, requiredText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';
import { isRecord } from '../template';

const TYPE = 'AWS::StepFunctions::StateMachine';

/** DefinitionString (or Definition as an object) with DefinitionSubstitutions applied. */
function definitionOf(properties: Properties, context: ProviderContext): string {
  let text: string;
  if (typeof properties.DefinitionString === 'string') text = properties.DefinitionString;
  else if (isRecord(properties.Definition)) text = JSON.stringify(properties.Definition);
  else throw validationError(`${context.logicalId}: give the state machine's DefinitionString (or Definition); DefinitionS3Location is not supported locally.`);
  const substitutions = isRecord(properties.DefinitionSubstitutions) ? properties.DefinitionSubstitutions : {};
  return text.replace(/\$\{([^}]+)\}/g, (match, name: string) => (name in substitutions ? String(substitutions[name]) : match));
}

function stateOf(arn: string, name: string): ResourceState {
  return { physicalId: arn, attributes: { Arn: arn, Name: name, StateMachineRevisionId: arn } };
}

async function authorize(context: ProviderContext, action: string, arn: string, roleArn: string): Promise<void> {
  await context.authorize(action, arn);
  await context.authorize('iam:PassRole', roleArn, { 'iam:PassedToService': 'states.amazonaws.com' });
}

/** AWS::StepFunctions::StateMachine (STANDARD): Ref is the ARN; GetAtt Arn, Name. */
export const stateMachineProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['StateMachineName', 'StateMachineType'],
  create: async (properties, context) => {
    const name = optionalText(properties, 'StateMachineName', TYPE) ?? generatedName(context, 80);
    const roleArn = requiredText(properties, 'RoleArn', TYPE);
    const arn = stateMachineArnOf(context.accountId, context.region, name);
    await authorize(context, 'states:CreateStateMachine', arn, roleArn);
    const definition = definitionOf(properties, context);
    await createStateMachine(context.cloud, {
      accountId: context.accountId,
      region: context.region,
      name,
      definition,
      roleArn,
      ...(properties.StateMachineType === undefined ? {} : { type: String(properties.StateMachineType) }),
    });
    return stateOf(arn, name);
  },
  update: async (properties, previous, context) => {
    const roleArn = requiredText(properties, 'RoleArn', TYPE);
    await authorize(context, 'states:UpdateStateMachine', previous.physicalId, roleArn);
    await updateStateMachine(context.cloud, previous.physicalId, { definition: definitionOf(properties, context), roleArn });
    return stateOf(previous.physicalId, String(previous.attributes.Name));
  },
  delete: async (existing, context) => {
    await context.authorize('states:DeleteStateMachine', existing.physicalId);
    await deleteStateMachine(context.cloud, existing.physicalId);
  },
};
