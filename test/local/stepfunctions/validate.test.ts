import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError, validateDefinition } from '../../../local/stepfunctions';
import { engineWith, SM_ARN } from './helpers';

const pass = { Type: 'Pass', End: true };

describe('validateDefinition', () => {
  it.each([
    ['not JSON', '{nope', 'definition', 'not valid JSON'],
    ['StartAt naming no state', { StartAt: 'X', States: { A: pass } }, 'StartAt', 'must name one of the states'],
    ['no states', { StartAt: 'A', States: {} }, 'States', 'at least one state'],
    ['an unknown state type', { StartAt: 'A', States: { A: { Type: 'Loop', End: true } } }, 'States.A.Type', 'must be one of'],
    ['neither Next nor End', { StartAt: 'A', States: { A: { Type: 'Pass' } } }, 'States.A.Next', 'either Next'],
    ['both Next and End', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A', End: true } } }, 'States.A.Next', 'not both'],
    ['Next naming no state', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }, 'States.A.Next', 'must name a state'],
    ['JSONata at the top', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass } }, 'QueryLanguage', 'JSONata is not supported'],
    ['JSONata on a state', { StartAt: 'A', States: { A: { ...pass, QueryLanguage: 'JSONata' } } }, 'States.A.QueryLanguage', 'JSONata is not supported'],
    ['Assign (variables)', { StartAt: 'A', States: { A: { ...pass, Assign: { x: 1 } } } }, 'States.A.Assign', 'not supported'],
    ['a Task without Resource', { StartAt: 'A', States: { A: { Type: 'Task', End: true } } }, 'States.A.Resource', 'ARN'],
    ['a bad path in Parameters', { StartAt: 'A', States: { A: { ...pass, Parameters: { 'x.$': '$..a' } } } }, 'States.A.Parameters.x.$', 'empty field name'],
    ['a .$ value that is no path', { StartAt: 'A', States: { A: { ...pass, Parameters: { 'x.$': 'plain' } } } }, 'States.A.Parameters.x.$', 'must start with $'],
    ['a malformed intrinsic', { StartAt: 'A', States: { A: { ...pass, Parameters: { 'x.$': "States.Format('a'" } } } }, 'States.A.Parameters.x.$', 'invalid intrinsic'],
    ['a Choice rule without operator', { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', Next: 'C' }] } } }, 'States.C.Choices[0]', 'exactly one comparison operator'],
    ['a Choice Default naming no state', { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'C' }], Default: 'Z' } } }, 'States.C.Default', 'must name a state'],
    ['a Wait with two times', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } } }, 'States.W', 'exactly one of'],
    ['States.ALL not last', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }], End: true } } }, 'States.T.Retry[0].ErrorEquals', 'States.ALL must appear alone'],
    ['States.ALL not alone', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['States.ALL', 'X'], Next: 'T' }], End: true } } }, 'States.T.Catch[0].ErrorEquals', 'alone'],
    ['a negative MaxAttempts', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'r', Retry: [{ ErrorEquals: ['X'], MaxAttempts: -1 }], End: true } } }, 'States.T.Retry[0].MaxAttempts', 'non-negative'],
    ['a Catch Next naming no state', { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['X'], Next: 'Nope' }], End: true } } }, 'States.T.Catch[0].Next', 'must name a state'],
    ['a Map without processor', { StartAt: 'M', States: { M: { Type: 'Map', End: true } } }, 'States.M.ItemProcessor', 'exactly one of ItemProcessor or Iterator'],
    ['a nested Next naming an outer state', { StartAt: 'M', States: { M: { Type: 'Map', Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', Next: 'M' } } }, End: true } } }, 'States.M.Iterator.States.I.Next', 'must name a state'],
    ['an ItemBatcher', { StartAt: 'M', States: { M: { Type: 'Map', ItemBatcher: {}, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'I', States: { I: pass } }, End: true } } }, 'States.M.ItemBatcher', 'not supported'],
    ['an ItemReader on an inline Map', { StartAt: 'M', States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject' }, Iterator: { StartAt: 'I', States: { I: pass } }, End: true } } }, 'States.M.ItemReader', 'only allowed on a Distributed Map'],
    ['an ItemReader listing objects', { StartAt: 'M', States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2' }, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'I', States: { I: pass } }, End: true } } }, 'States.M.ItemReader.Resource', 'only arn:aws:states:::s3:getObject'],
    ['a Parallel branch error', { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { B: pass } }], End: true } } }, 'States.P.Branches[0].StartAt', 'must name one of the states'],
  ])('rejects %s, naming %s', (_label, definition, location, problem) => {
    // Prepare: the definition of the case

    // Act
    const act = () => validateDefinition(definition as object);

    // Assess
    expect(act).toThrow(InvalidDefinitionError);
    try {
      act();
    } catch (e) {
      expect((e as InvalidDefinitionError).location).toBe(location);
      expect((e as Error).message).toContain(problem);
    }
  });

  it('accepts a definition given as JSON text and returns it parsed', () => {
    // Prepare
    const text = JSON.stringify({ StartAt: 'A', States: { A: pass } });

    // Act
    const parsed = validateDefinition(text);

    // Assess
    expect(parsed).toEqual({ StartAt: 'A', States: { A: pass } });
  });

  it('makes run() reject before anything is invoked', async () => {
    // Prepare
    let calls = 0;
    const { engine } = engineWith({ invokeLambda: async () => ({ payload: calls++ }) });

    // Act
    const act = engine.run({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Gone' } } }, {}, { stateMachineArn: SM_ARN });

    // Assess
    await expect(act).rejects.toThrow(/States\.A\.Next/);
    expect(calls).toBe(0);
    expect(engine.listExecutions()).toEqual([]);
  });
});
