import { describe, expect, it } from 'vitest';
import { run } from './helpers';

/** Runs a Choice with one rule; the output says which way it went. */
async function choose(rule: object, input: unknown) {
  const result = await run(
    {
      C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    },
    input,
  );
  return result;
}

async function took(rule: object, input: unknown) {
  const result = await choose(rule, input);
  expect(result.status, result.cause).toBe('SUCCEEDED');
  return result.output;
}

describe('Choice', () => {
  it.each([
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 1 }, 'no'],
    [{ Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringGreaterThan: 'b' }, { s: 'a' }, 'no'],
    [{ Variable: '$.s', StringLessThanEquals: 'a' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringGreaterThanEquals: 'b' }, { s: 'c' }, 'yes'],
    [{ Variable: '$.s', StringEqualsPath: '$.t' }, { s: 'x', t: 'x' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'log-*.txt' }, { s: 'log-2024.txt' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'a*b' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'axxb' }, 'no'],
    [{ Variable: '$.n', NumericEquals: 3 }, { n: 3 }, 'yes'],
    [{ Variable: '$.n', NumericEquals: 3 }, { n: '3' }, 'no'],
    [{ Variable: '$.n', NumericLessThan: 3 }, { n: 2.5 }, 'yes'],
    [{ Variable: '$.n', NumericGreaterThan: 3 }, { n: 3 }, 'no'],
    [{ Variable: '$.n', NumericLessThanEquals: 3 }, { n: 3 }, 'yes'],
    [{ Variable: '$.n', NumericGreaterThanEquals: 3 }, { n: 4 }, 'yes'],
    [{ Variable: '$.n', NumericLessThanPath: '$.max' }, { n: 1, max: 2 }, 'yes'],
    [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.max' }, { n: 1, max: 2 }, 'no'],
    [{ Variable: '$.b', BooleanEquals: false }, { b: false }, 'yes'],
    [{ Variable: '$.b', BooleanEqualsPath: '$.c' }, { b: true, c: true }, 'yes'],
    [{ Variable: '$.t', TimestampEquals: '2024-01-01T00:00:00Z' }, { t: '2024-01-01T00:00:00.000Z' }, 'yes'],
    [{ Variable: '$.t', TimestampLessThan: '2024-01-01T00:00:00Z' }, { t: '2023-12-31T23:59:59Z' }, 'yes'],
    [{ Variable: '$.t', TimestampGreaterThanPath: '$.u' }, { t: '2024-01-02T00:00:00+01:00', u: '2024-01-01T00:00:00Z' }, 'yes'],
    [{ Variable: '$.t', TimestampLessThan: '2024-01-01T00:00:00Z' }, { t: 'yesterday' }, 'no'],
    [{ Variable: '$.x', IsPresent: true }, { x: null }, 'yes'],
    [{ Variable: '$.x', IsPresent: false }, {}, 'yes'],
    [{ Variable: '$.x', IsNull: true }, { x: null }, 'yes'],
    [{ Variable: '$.x', IsString: true }, { x: 's' }, 'yes'],
    [{ Variable: '$.x', IsNumeric: false }, { x: 's' }, 'yes'],
    [{ Variable: '$.x', IsBoolean: true }, { x: 0 }, 'no'],
    [{ Variable: '$.x', IsTimestamp: true }, { x: '2024-05-01T10:00:00Z' }, 'yes'],
    [{ And: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.b', NumericEquals: 2 }] }, { a: 1, b: 2 }, 'yes'],
    [{ And: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.b', NumericEquals: 3 }] }, { a: 1, b: 2 }, 'no'],
    [{ Or: [{ Variable: '$.a', NumericEquals: 9 }, { Variable: '$.b', NumericEquals: 2 }] }, { a: 1, b: 2 }, 'yes'],
    [{ Not: { Variable: '$.a', StringEquals: 'x' } }, { a: 'y' }, 'yes'],
  ])('%j on %j goes %s', async (rule, input, expected) => {
    // Prepare: the rule and input of the case

    // Act
    const output = await took(rule, input);

    // Assess
    expect(output).toBe(expected);
  });

  it('takes the first matching rule in order', async () => {
    // Prepare
    const states = {
      C: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.n', NumericGreaterThan: 0, Next: 'First' },
          { Variable: '$.n', NumericGreaterThan: 1, Next: 'Second' },
        ],
      },
      First: { Type: 'Pass', Result: 'first', End: true },
      Second: { Type: 'Pass', Result: 'second', End: true },
    };

    // Act
    const result = await run(states, { n: 5 });

    // Assess
    expect(result.output).toBe('first');
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    // Prepare
    const states = {
      C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'Done' }] },
      Done: { Type: 'Succeed' },
    };

    // Act
    const result = await run(states, { n: 2 });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
    expect(result.cause).toContain("'C'");
  });

  it('fails with States.Runtime when the Variable is missing from the input', async () => {
    // Prepare: no field `s` in the input

    // Act
    const result = await choose({ Variable: '$.s', StringEquals: 'a' }, {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('$.s');
  });

  it('applies InputPath and OutputPath around the choice', async () => {
    // Prepare
    const states = {
      C: { Type: 'Choice', InputPath: '$.inner', OutputPath: '$.v', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'Done' }] },
      Done: { Type: 'Succeed' },
    };

    // Act
    const result = await run(states, { inner: { v: 1 } });

    // Assess
    expect(result.output).toBe(1);
  });
});
