import { validationError } from '../cloudformation/errors';
import type { ActionDeclaration, ExecutionMode, StageDeclaration } from './records';

/** The parts of an AWS::CodePipeline::Pipeline the runner needs, read from its properties. */
export interface PipelineDeclaration {
  readonly roleArn: string;
  readonly stages: StageDeclaration[];
  readonly executionMode: ExecutionMode;
  readonly restartOnUpdate: boolean;
  readonly artifactBucket?: string;
}

const TYPE = 'AWS::CodePipeline::Pipeline';
const MODES: readonly ExecutionMode[] = ['SUPERSEDED', 'QUEUED', 'PARALLEL'];

function fail(field: string, problem: string): never {
  throw validationError(`Properties validation failed for resource of type ${TYPE}: ${field} ${problem}`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object.');
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') fail(field, 'is required: give a non-empty string.');
  return value;
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(field, 'must be a list.');
  return value;
}

function artifactNames(value: unknown, field: string): string[] {
  return list(value, field).map((entry, index) => text(record(entry, `${field}[${index}]`).Name, `${field}[${index}].Name`));
}

function configurationOf(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  const configuration: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value, field))) {
    // CodePipeline keeps every configuration value as a string (booleans included).
    configuration[key] = typeof entry === 'string' ? entry : JSON.stringify(entry);
  }
  return configuration;
}

function actionOf(value: unknown, field: string): ActionDeclaration {
  const action = record(value, field);
  const type = record(action.ActionTypeId, `${field}.ActionTypeId`);
  const runOrder = action.RunOrder === undefined ? 1 : Number(action.RunOrder);
  if (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999) fail(`${field}.RunOrder`, `${String(action.RunOrder)} must be a whole number from 1 to 999.`);
  return {
    name: text(action.Name, `${field}.Name`),
    category: text(type.Category, `${field}.ActionTypeId.Category`),
    owner: text(type.Owner, `${field}.ActionTypeId.Owner`),
    provider: text(type.Provider, `${field}.ActionTypeId.Provider`),
    version: text(String(type.Version ?? ''), `${field}.ActionTypeId.Version`),
    configuration: configurationOf(action.Configuration, `${field}.Configuration`),
    inputArtifacts: artifactNames(action.InputArtifacts, `${field}.InputArtifacts`),
    outputArtifacts: artifactNames(action.OutputArtifacts, `${field}.OutputArtifacts`),
    runOrder,
    ...(action.RoleArn === undefined ? {} : { roleArn: text(action.RoleArn, `${field}.RoleArn`) }),
    ...(action.Namespace === undefined ? {} : { namespace: text(action.Namespace, `${field}.Namespace`) }),
  };
}

/**
 * Reads and checks a pipeline's properties as CodePipeline validates a structure: at least two
 * stages, Source actions only and alone in the first stage, unique names, and every input
 * artifact produced by an action that runs before the one reading it.
 */
export function readPipelineDeclaration(properties: Readonly<Record<string, unknown>>): PipelineDeclaration {
  const roleArn = text(properties.RoleArn, 'RoleArn');
  const rawStages = list(properties.Stages, 'Stages');
  if (rawStages.length < 2) fail('Stages', `has ${rawStages.length} stage(s): a pipeline needs at least two (a Source stage, then one that acts on its output).`);
  const stages = rawStages.map((value, index): StageDeclaration => {
    const stage = record(value, `Stages[${index}]`);
    const actions = list(stage.Actions, `Stages[${index}].Actions`).map((action, at) => actionOf(action, `Stages[${index}].Actions[${at}]`));
    if (actions.length === 0) fail(`Stages[${index}].Actions`, 'must list at least one action.');
    return { name: text(stage.Name, `Stages[${index}].Name`), actions };
  });
  checkStructure(stages);
  const mode = properties.ExecutionMode === undefined ? 'SUPERSEDED' : String(properties.ExecutionMode);
  if (!MODES.includes(mode as ExecutionMode)) fail('ExecutionMode', `"${mode}" must be one of ${MODES.join(', ')}.`);
  const store = properties.ArtifactStore;
  const location = typeof store === 'object' && store !== null ? (store as Record<string, unknown>).Location : undefined;
  return {
    roleArn,
    stages,
    executionMode: mode as ExecutionMode,
    restartOnUpdate: properties.RestartExecutionOnUpdate === true || properties.RestartExecutionOnUpdate === 'true',
    ...(typeof location === 'string' ? { artifactBucket: location } : {}),
  };
}

function checkStructure(stages: readonly StageDeclaration[]): void {
  const stageNames = new Set<string>();
  const produced = new Set<string>();
  stages.forEach((stage, index) => {
    if (stageNames.has(stage.name)) fail(`Stages[${index}].Name`, `"${stage.name}" is used twice: give each stage its own name.`);
    stageNames.add(stage.name);
    const actionNames = new Set<string>();
    const orders = [...new Set(stage.actions.map((action) => action.runOrder))].sort((a, b) => a - b);
    for (const order of orders) {
      const group = stage.actions.filter((action) => action.runOrder === order);
      for (const action of group) {
        const field = `Stages[${index}].Actions[${stage.actions.indexOf(action)}]`;
        if (actionNames.has(action.name)) fail(`${field}.Name`, `"${action.name}" is used twice in stage ${stage.name}: give each action its own name.`);
        actionNames.add(action.name);
        const isSource = action.category === 'Source';
        if (index === 0 && !isSource) fail(`${field}.ActionTypeId.Category`, `is ${action.category}: the first stage holds Source actions only.`);
        if (index > 0 && isSource) fail(`${field}.ActionTypeId.Category`, 'is Source: Source actions belong in the first stage only.');
        for (const input of action.inputArtifacts) {
          if (!produced.has(input)) fail(`${field}.InputArtifacts`, `names "${input}", which no earlier action outputs: output it from an action of an earlier stage or a lower RunOrder.`);
        }
      }
      for (const action of group) {
        for (const output of action.outputArtifacts) {
          if (produced.has(output)) fail(`Stages[${index}].Actions[${stage.actions.indexOf(action)}].OutputArtifacts`, `names "${output}" again: artifact names are unique in a pipeline.`);
          produced.add(output);
        }
      }
    }
  });
}
