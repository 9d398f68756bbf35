import { COMPARISON_OPERATORS } from './choice';
import { InvalidDefinitionError, StatesError } from './errors';
import { parseIntrinsic } from './intrinsic-parser';
import { parsePath } from './jsonpath';
import type { StateMachineDefinition } from './types';

type Obj = Record<string, unknown>;

const TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const TERMINAL_TYPES = new Set(['Choice', 'Succeed', 'Fail']);
const S3_GET = /^arn:[\w-]+:states:::s3:getObject$/;
const S3_PUT = /^arn:[\w-]+:states:::s3:putObject$/;

/**
 * Parses (when given JSON text) and checks a definition before anything runs, the way
 * CreateStateMachine would. Every problem names where it is and how to fix it.
 */
export function validateDefinition(definition: string | object): StateMachineDefinition {
  let parsed: unknown = definition;
  if (typeof definition === 'string') {
    try {
      parsed = JSON.parse(definition);
    } catch (e) {
      throw new InvalidDefinitionError('definition', `is not valid JSON (${(e as Error).message}); pass the synthesized DefinitionString with its tokens resolved`);
    }
  }
  checkMachine(parsed, '');
  return parsed as StateMachineDefinition;
}

function fail(location: string, problem: string): never {
  throw new InvalidDefinitionError(location || 'definition', problem);
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkQueryLanguage(node: Obj, at: string): void {
  if (node.QueryLanguage === undefined || node.QueryLanguage === 'JSONPath') return;
  if (node.QueryLanguage === 'JSONata') fail(`${at}QueryLanguage`, 'JSONata is not supported by this engine; write the state with JSONPath (InputPath, Parameters, ResultPath…)');
  fail(`${at}QueryLanguage`, `must be JSONPath, got ${JSON.stringify(node.QueryLanguage)}`);
}

function checkMachine(machine: unknown, at: string): void {
  if (!isObj(machine)) fail(at, 'must be a JSON object with StartAt and States');
  checkQueryLanguage(machine, at);
  const states = machine.States;
  if (!isObj(states) || Object.keys(states).length === 0) fail(`${at}States`, 'must be an object with at least one state');
  if (typeof machine.StartAt !== 'string' || !(machine.StartAt in states)) {
    fail(`${at}StartAt`, `must name one of the states (${Object.keys(states).join(', ')}), got ${JSON.stringify(machine.StartAt)}`);
  }
  if (machine.TimeoutSeconds !== undefined && !positiveInt(machine.TimeoutSeconds)) fail(`${at}TimeoutSeconds`, 'must be a positive integer');
  for (const [name, state] of Object.entries(states)) checkState(state, states, `${at}States.${name}.`);
}

function positiveInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function nonNegativeInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function checkTarget(target: unknown, states: Obj, location: string): void {
  if (typeof target !== 'string' || !(target in states)) {
    fail(location, `must name a state of the same state machine (${Object.keys(states).join(', ')}), got ${JSON.stringify(target)}`);
  }
}

function checkPathField(node: Obj, field: string, at: string, allowNull = true): void {
  const value = node[field];
  if (value === undefined || (value === null && allowNull)) return;
  if (typeof value !== 'string') fail(`${at}${field}`, 'must be a JSONPath string such as $.field');
  checkPath(value, `${at}${field}`);
}

function checkPath(path: string, location: string): void {
  try {
    parsePath(path.startsWith('$$') ? path.slice(1) : path);
  } catch (e) {
    fail(location, (e as Error).message);
  }
}

/** Checks every `.$` field of a Parameters-like template: a JSONPath or an intrinsic call. */
function checkTemplate(template: unknown, location: string): void {
  if (Array.isArray(template)) return template.forEach((item, i) => checkTemplate(item, `${location}[${i}]`));
  if (!isObj(template)) return;
  for (const [key, value] of Object.entries(template)) {
    const where = `${location}.${key}`;
    if (!key.endsWith('.$')) {
      checkTemplate(value, where);
      continue;
    }
    if (typeof value !== 'string') fail(where, 'a field ending in .$ must hold a JSONPath or an intrinsic function as a string');
    if (value.startsWith('$')) checkPath(value, where);
    else if (value.startsWith('States.')) {
      try {
        parseIntrinsic(value);
      } catch (e) {
        fail(where, e instanceof StatesError ? (e.cause ?? e.message) : (e as Error).message);
      }
    } else fail(where, `must start with $ (a path), $$ (the context object) or States. (an intrinsic function), got ${JSON.stringify(value)}`);
  }
}

function checkErrorHandlers(state: Obj, states: Obj, at: string): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const list = state[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`${at}${field}`, 'must be an array');
    list.forEach((item: unknown, i) => {
      const where = `${at}${field}[${i}]`;
      if (!isObj(item)) fail(where, 'must be an object');
      const errors = item.ErrorEquals;
      if (!Array.isArray(errors) || errors.length === 0 || errors.some((e) => typeof e !== 'string')) {
        fail(`${where}.ErrorEquals`, 'must be a non-empty array of error names');
      }
      if (errors.includes('States.ALL') && (errors.length > 1 || i !== list.length - 1)) {
        fail(`${where}.ErrorEquals`, `States.ALL must appear alone and in the last ${field === 'Retry' ? 'retrier' : 'catcher'}`);
      }
      if (field === 'Catch') {
        checkTarget(item.Next, states, `${where}.Next`);
        checkPathField(item, 'ResultPath', `${where}.`);
        return;
      }
      if (item.IntervalSeconds !== undefined && !positiveInt(item.IntervalSeconds)) fail(`${where}.IntervalSeconds`, 'must be a positive integer');
      if (item.MaxAttempts !== undefined && !nonNegativeInt(item.MaxAttempts)) fail(`${where}.MaxAttempts`, 'must be a non-negative integer (0 never retries)');
      if (item.BackoffRate !== undefined && !(typeof item.BackoffRate === 'number' && item.BackoffRate >= 1)) fail(`${where}.BackoffRate`, 'must be a number of at least 1.0');
      if (item.MaxDelaySeconds !== undefined && !positiveInt(item.MaxDelaySeconds)) fail(`${where}.MaxDelaySeconds`, 'must be a positive integer');
      if (item.JitterStrategy !== undefined && item.JitterStrategy !== 'FULL' && item.JitterStrategy !== 'NONE') fail(`${where}.JitterStrategy`, 'must be FULL or NONE');
    });
  }
}

function checkState(state: unknown, states: Obj, at: string): void {
  if (!isObj(state)) fail(at.slice(0, -1), 'must be a JSON object');
  checkQueryLanguage(state, at);
  if (!TYPES.has(state.Type as string)) fail(`${at}Type`, `must be one of ${[...TYPES].join(', ')}, got ${JSON.stringify(state.Type)}`);
  for (const unsupported of ['Assign', 'Arguments', 'Output', 'ItemBatcher', 'Credentials']) {
    if (state[unsupported] !== undefined) fail(`${at}${unsupported}`, `is not supported by this engine; remove it (JSONPath states without ${unsupported} only)`);
  }
  if (!TERMINAL_TYPES.has(state.Type as string)) {
    if ((state.Next === undefined) === (state.End !== true)) fail(`${at}Next`, 'a state must have either Next (the state to run after it) or "End": true, not both and not neither');
    if (state.Next !== undefined) checkTarget(state.Next, states, `${at}Next`);
  }
  for (const field of ['InputPath', 'OutputPath', 'ResultPath', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'MaxConcurrencyPath']) checkPathField(state, field, at);
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector']) checkTemplate(state[field], `${at}${field}`);
  switch (state.Type) {
    case 'Task':
      if (typeof state.Resource !== 'string' || state.Resource === '') fail(`${at}Resource`, 'must be the ARN of the resource to run, e.g. arn:aws:states:::lambda:invoke');
      if (state.TimeoutSeconds !== undefined && !positiveInt(state.TimeoutSeconds)) fail(`${at}TimeoutSeconds`, 'must be a positive integer (seconds)');
      if (state.TimeoutSeconds !== undefined && state.TimeoutSecondsPath !== undefined) fail(`${at}TimeoutSecondsPath`, 'give TimeoutSeconds or TimeoutSecondsPath, not both');
      checkPathField(state, 'TimeoutSecondsPath', at, false);
      checkErrorHandlers(state, states, at);
      break;
    case 'Choice':
      checkChoice(state, states, at);
      break;
    case 'Wait': {
      const given = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((f) => state[f] !== undefined);
      if (given.length !== 1) fail(at.slice(0, -1), `a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath; got ${given.join(', ') || 'none'}`);
      if (state.Seconds !== undefined && !nonNegativeInt(state.Seconds)) fail(`${at}Seconds`, 'must be a non-negative integer');
      break;
    }
    case 'Fail':
      if (state.Error !== undefined && state.ErrorPath !== undefined) fail(`${at}ErrorPath`, 'give Error or ErrorPath, not both');
      if (state.Cause !== undefined && state.CausePath !== undefined) fail(`${at}CausePath`, 'give Cause or CausePath, not both');
      break;
    case 'Parallel':
      if (!Array.isArray(state.Branches) || state.Branches.length === 0) fail(`${at}Branches`, 'must be a non-empty array of state machines');
      state.Branches.forEach((branch: unknown, i) => checkMachine(branch, `${at}Branches[${i}].`));
      checkErrorHandlers(state, states, at);
      break;
    case 'Map':
      checkMap(state, at);
      checkErrorHandlers(state, states, at);
      break;
  }
}

function checkChoice(state: Obj, states: Obj, at: string): void {
  if (!Array.isArray(state.Choices) || state.Choices.length === 0) fail(`${at}Choices`, 'must be a non-empty array of rules');
  state.Choices.forEach((rule: unknown, i) => {
    checkRule(rule, `${at}Choices[${i}]`);
    checkTarget((rule as Obj).Next, states, `${at}Choices[${i}].Next`);
  });
  if (state.Default !== undefined) checkTarget(state.Default, states, `${at}Default`);
}

function checkRule(rule: unknown, where: string): void {
  if (!isObj(rule)) fail(where, 'must be a Choice rule object');
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const list = (rule.And ?? rule.Or) as unknown[];
    if (list.length === 0) fail(`${where}.${rule.And ? 'And' : 'Or'}`, 'must hold at least one rule');
    return list.forEach((r, i) => checkRule(r, `${where}.${rule.And ? 'And' : 'Or'}[${i}]`));
  }
  if (rule.Not !== undefined) return checkRule(rule.Not, `${where}.Not`);
  const operators = Object.keys(rule).filter((k) => COMPARISON_OPERATORS.has(k));
  if (operators.length !== 1) {
    fail(where, `a rule needs exactly one comparison operator (e.g. StringEquals, NumericLessThanPath, IsPresent) or And/Or/Not; got ${operators.join(', ') || 'none'}`);
  }
  if (typeof rule.Variable !== 'string') fail(`${where}.Variable`, 'must be the JSONPath of the value to test');
  checkPath(rule.Variable, `${where}.Variable`);
  const operator = operators[0];
  if (operator.endsWith('Path')) {
    if (typeof rule[operator] !== 'string') fail(`${where}.${operator}`, 'must be a JSONPath string');
    checkPath(rule[operator] as string, `${where}.${operator}`);
  }
}

function checkMap(state: Obj, at: string): void {
  if ((state.ItemProcessor === undefined) === (state.Iterator === undefined)) fail(`${at}ItemProcessor`, 'a Map state needs exactly one of ItemProcessor or Iterator');
  const processor = (state.ItemProcessor ?? state.Iterator) as Obj;
  const field = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
  checkMachine(processor, `${at}${field}.`);
  const config = isObj(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  if (config.Mode !== undefined && config.Mode !== 'INLINE' && config.Mode !== 'DISTRIBUTED') fail(`${at}${field}.ProcessorConfig.Mode`, 'must be INLINE or DISTRIBUTED');
  if (config.ExecutionType !== undefined && config.ExecutionType !== 'STANDARD' && config.ExecutionType !== 'EXPRESS') fail(`${at}${field}.ProcessorConfig.ExecutionType`, 'must be STANDARD or EXPRESS');
  if (state.ItemSelector !== undefined && state.Parameters !== undefined) fail(`${at}Parameters`, 'give ItemSelector or the older Parameters, not both');
  if (state.MaxConcurrency !== undefined && state.MaxConcurrencyPath !== undefined) fail(`${at}MaxConcurrencyPath`, 'give MaxConcurrency or MaxConcurrencyPath, not both');
  if (state.MaxConcurrency !== undefined && !nonNegativeInt(state.MaxConcurrency)) fail(`${at}MaxConcurrency`, 'must be a non-negative integer (0: no limit)');
  const distributed = config.Mode === 'DISTRIBUTED';
  for (const f of ['ItemReader', 'ResultWriter', 'ToleratedFailureCount', 'ToleratedFailureCountPath', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'Label']) {
    if (state[f] !== undefined && !distributed) fail(`${at}${f}`, 'is only allowed on a Distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED)');
  }
  if (state.ItemReader !== undefined) {
    const reader = state.ItemReader as Obj;
    if (!S3_GET.test(String(reader.Resource))) fail(`${at}ItemReader.Resource`, 'only arn:aws:states:::s3:getObject (one S3 object of items) is supported');
    const type = isObj(reader.ReaderConfig) ? reader.ReaderConfig.InputType : undefined;
    if (type !== undefined && type !== 'JSON' && type !== 'JSONL' && type !== 'CSV') fail(`${at}ItemReader.ReaderConfig.InputType`, 'must be JSON, JSONL or CSV');
    checkTemplate(reader.Parameters, `${at}ItemReader.Parameters`);
  }
  if (state.ResultWriter !== undefined) {
    const writer = state.ResultWriter as Obj;
    if (writer.Resource !== undefined && !S3_PUT.test(String(writer.Resource))) fail(`${at}ResultWriter.Resource`, 'must be arn:aws:states:::s3:putObject');
    if (writer.Resource === undefined && writer.WriterConfig === undefined) fail(`${at}ResultWriter`, 'needs Resource and Parameters (to write to S3), WriterConfig, or both');
    checkTemplate(writer.Parameters, `${at}ResultWriter.Parameters`);
  }
}
