import { describe, expect, it } from 'vitest';
import { NO_VALUE, resolveValue, type IntrinsicContext } from '../../../local/cloudformation/intrinsics';

const context: IntrinsicContext = {
  region: 'eu-west-1',
  mappings: { Sizes: { prod: { Memory: 512 } } },
  ref: (name, where) => {
    const values: Record<string, unknown> = { Env: 'prod', List: ['a', 'b', 'c'], 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111111111111', Topic: 'arn:aws:sns:eu-west-1:111111111111:t' };
    if (!(name in values)) throw new Error(`unknown ${name} at ${where}`);
    return values[name];
  },
  getAtt: (logicalId, attribute) => `${logicalId}.${attribute}-value`,
  condition: (name) => name === 'IsProd',
  importValue: (name) => `imported-${name}`,
};

function resolve(value: unknown): unknown {
  return resolveValue(value, context, 'Test');
}

describe('intrinsic functions', () => {
  it('Ref, Fn::GetAtt in both forms, and Fn::Join over a list parameter', () => {
    // Act
    const result = resolve({ a: { Ref: 'Env' }, b: { 'Fn::GetAtt': ['Role', 'Arn'] }, c: { 'Fn::GetAtt': 'Role.RoleId' }, d: { 'Fn::Join': ['-', { Ref: 'List' }] } });

    // Assess
    expect(result).toEqual({ a: 'prod', b: 'Role.Arn-value', c: 'Role.RoleId-value', d: 'a-b-c' });
  });

  it('Fn::Sub in string and list forms, with attributes, pseudo parameters and ${!Literal}', () => {
    // Act
    const plain = resolve({ 'Fn::Sub': 'arn:aws:s3:::${Bucket.Arn}/${AWS::Region}/${!Keep}' });
    const withVariables = resolve({ 'Fn::Sub': ['${Name}-${Env}', { Name: { Ref: 'AWS::AccountId' } }] });

    // Assess
    expect(plain).toBe('arn:aws:s3:::Bucket.Arn-value/eu-west-1/${Keep}');
    expect(withVariables).toBe('111111111111-prod');
  });

  it('Fn::Select, Fn::Split, Fn::FindInMap, Fn::GetAZs, Fn::Base64 and Fn::ImportValue', () => {
    // Act
    const result = resolve({
      select: { 'Fn::Select': [1, { 'Fn::Split': [':', { Ref: 'Topic' }] }] },
      memory: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] },
      zones: { 'Fn::GetAZs': '' },
      encoded: { 'Fn::Base64': 'hi' },
      imported: { 'Fn::ImportValue': 'shared' },
    });

    // Assess
    expect(result).toEqual({ select: 'aws', memory: 512, zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], encoded: 'aGk=', imported: 'imported-shared' });
  });

  it('Fn::If with AWS::NoValue removes the property; Fn::Equals, Fn::Not, Fn::And, Fn::Or decide booleans', () => {
    // Act
    const result = resolve({
      kept: { 'Fn::If': ['IsProd', 'yes', 'no'] },
      dropped: { 'Fn::If': ['IsTest', 'yes', { Ref: 'AWS::NoValue' }] },
      list: ['x', { 'Fn::If': ['IsTest', 'y', { Ref: 'AWS::NoValue' }] }],
      equals: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      numbers: { 'Fn::Equals': [1, '1'] },
      not: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] },
      and: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] },
      or: { 'Fn::Or': [{ Condition: 'IsTest' }, { 'Fn::Equals': ['a', 'b'] }] },
    });

    // Assess
    expect(result).toEqual({ kept: 'yes', list: ['x'], equals: true, numbers: true, not: true, and: true, or: false });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  it('Fn::Contains decides CDK bootstrap rules', () => {
    // Act
    const old = resolve({ 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], '3'] }] });
    const recent = resolve({ 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], '30'] }] });

    // Assess
    expect(old).toBe(false);
    expect(recent).toBe(true);
  });

  it('refuses an unknown function, an out-of-bounds Fn::Select and a missing mapping, naming where', () => {
    // Act
    const unknown = () => resolve({ 'Fn::Nope': [] });
    const outOfBounds = () => resolve({ 'Fn::Select': [5, ['a']] });
    const missing = () => resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Memory'] });
    const badJoin = () => resolve({ 'Fn::Join': ['-'] });

    // Assess
    expect(unknown).toThrow('Template format error: Unrecognized intrinsic function Fn::Nope at Test.');
    expect(outOfBounds).toThrow('Fn::Select at Test/Fn::Select: index 5 is out of bounds of a list of 1.');
    expect(missing).toThrow('Fn::FindInMap at Test/Fn::FindInMap: Mappings Sizes has no dev/Memory.');
    expect(badJoin).toThrow('Fn::Join at Test/Fn::Join takes a list of 2 members.');
  });
});
