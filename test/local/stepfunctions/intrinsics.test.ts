import { createHash } from 'crypto';
import { describe, expect, it } from 'vitest';
import { run } from './helpers';

/** Evaluates one intrinsic expression in a Pass state's Parameters against `input`. */
async function evaluate(expression: string, input: unknown = {}) {
  const result = await run({ P: { Type: 'Pass', Parameters: { 'v.$': expression }, End: true } }, input);
  return result;
}

async function value(expression: string, input: unknown = {}) {
  const result = await evaluate(expression, input);
  expect(result.status, result.cause).toBe('SUCCEEDED');
  return (result.output as { v: unknown }).v;
}

describe('intrinsic functions', () => {
  it.each([
    ["States.Format('{}/{}.json', $.p, $.n)", { p: 'pre', n: 3 }, 'pre/3.json'],
    ["States.Format('literal \\{\\} and {}', $.b)", { b: true }, 'literal {} and true'],
    ["States.Format('it\\'s {}', 'x')", {}, "it's x"],
    ["States.StringToJson($.s)", { s: '{"a":[1]}' }, { a: [1] }],
    ['States.JsonToString($.o)', { o: { a: 1 } }, '{"a":1}'],
    ["States.Array(1, 'two', $.three, null, true)", { three: [3] }, [1, 'two', [3], null, true]],
    ['States.ArrayLength($.a)', { a: [1, 2, 3] }, 3],
    ['States.ArrayGetItem($.a, 1)', { a: ['x', 'y'] }, 'y'],
    ['States.ArrayPartition($.a, 2)', { a: [1, 2, 3, 4, 5] }, [[1, 2], [3, 4], [5]]],
    ['States.ArrayContains($.a, $.v)', { a: [{ k: 1 }, 2], v: { k: 1 } }, true],
    ['States.ArrayContains($.a, 9)', { a: [1, 2] }, false],
    ['States.ArrayRange(1, 9, 3)', {}, [1, 4, 7]],
    ['States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]],
    ['States.ArrayUnique($.a)', { a: [1, 1, 'a', { x: 1 }, { x: 1 }] }, [1, 'a', { x: 1 }]],
    ['States.MathAdd($.a, -3)', { a: 10 }, 7],
    ["States.StringSplit($.s, ',+')", { s: 'a,b+c,,d' }, ['a', 'b', 'c', 'd']],
    ["States.Base64Encode('hello')", {}, 'aGVsbG8='],
    ["States.Base64Decode('aGVsbG8=')", {}, 'hello'],
    ["States.Hash('abc', 'SHA-256')", {}, createHash('sha256').update('abc').digest('hex')],
    ["States.Hash('abc', 'MD5')", {}, createHash('md5').update('abc').digest('hex')],
    ['States.ArrayLength(States.Array(1, States.Array(2, 3)))', {}, 2],
    ["States.Format('{}', States.MathAdd(1, 2))", {}, '3'],
  ])('%s', async (expression, input, expected) => {
    // Prepare: the expression and input of the case

    // Act
    const v = await value(expression, input);

    // Assess
    expect(v).toEqual(expected);
  });

  it('States.MathRandom draws from the injected random source within [start, end)', async () => {
    // Prepare: the helper's random() answers 0.5

    // Act
    const v = await value('States.MathRandom(10, 20)');

    // Assess
    expect(v).toBe(15);
  });

  it('States.UUID returns a version 4 UUID', async () => {
    // Prepare: nothing

    // Act
    const v = await value('States.UUID()');

    // Assess
    expect(v).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads $$ paths inside an intrinsic', async () => {
    // Prepare: nothing

    // Act
    const v = await value("States.Format('{}@{}', $$.State.Name, $.x)", { x: 1 });

    // Assess
    expect(v).toBe('P@1');
  });

  it('fails an unknown function with States.Runtime naming it', async () => {
    // Prepare: nothing

    // Act
    const result = await evaluate('States.Nope(1)');

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('States.Nope');
  });

  it.each([
    ["States.Format('{} {}', 'one')", 'more {} placeholders'],
    ['States.ArrayGetItem($.a, 5)', 'index 5'],
    ["States.ArrayLength('text')", 'must be an array'],
    ['States.ArrayPartition($.a, 0)', 'positive integer'],
    ['States.ArrayRange(0, 5000, 1)', 'limit is 1000'],
    ["States.StringToJson('{nope')", 'not valid JSON'],
    ["States.Hash('a', 'SHA-3')", 'SHA-256'],
    ["States.Base64Decode('***')", 'not valid base64'],
    ['States.MathAdd(1.5, 1)', 'must be an integer'],
    ['States.MathRandom(5, 5)', 'greater than the start'],
  ])('fails %s with States.IntrinsicFailure explaining why', async (expression, explanation) => {
    // Prepare
    const input = { a: [1, 2] };

    // Act
    const result = await evaluate(expression, input);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    expect(result.cause).toContain(explanation);
  });

  it('fails with States.Runtime when a path argument is missing', async () => {
    // Prepare: nothing

    // Act
    const result = await evaluate("States.Format('{}', $.missing)");

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('$.missing');
  });
});
