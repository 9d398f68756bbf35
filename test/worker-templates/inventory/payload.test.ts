import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../orchestrator/contract';
import { parseInventoryPayload } from '../../../worker-templates/inventory/payload';

describe('parseInventoryPayload', () => {
  it.each([undefined, null, {}])('treats %s as "every stack"', (payload) => {
    // Prepare
    const input = payload;

    // Act
    const parsed = parseInventoryPayload(input);

    // Assess
    expect(parsed).toEqual({});
  });

  it('keeps a stack name prefix', () => {
    // Prepare
    const payload = { StackNamePrefix: 'StepEverywhere-' };

    // Act
    const parsed = parseInventoryPayload(payload);

    // Assess
    expect(parsed).toEqual({ StackNamePrefix: 'StepEverywhere-' });
  });

  it('names Payload.StackNamePrefix when it is not a string', () => {
    // Prepare
    const payload = { StackNamePrefix: 42 };

    // Act
    const parse = () => parseInventoryPayload(payload);

    // Assess
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(/^Payload\.StackNamePrefix: must be a string such as "StepEverywhere-", got 42$/);
  });

  it('refuses a prefix longer than any stack name', () => {
    // Prepare
    const payload = { StackNamePrefix: 's'.repeat(129) };

    // Act
    const parse = () => parseInventoryPayload(payload);

    // Assess
    expect(parse).toThrow(/^Payload\.StackNamePrefix: has 129 characters/);
  });

  it('refuses a misspelt setting, naming it', () => {
    // Prepare
    const payload = { StackPrefix: 'StepEverywhere-' };

    // Act
    const parse = () => parseInventoryPayload(payload);

    // Assess
    expect(parse).toThrow(/^Payload\.StackPrefix: is not an inventory setting/);
  });

  it('refuses a payload that is not an object', () => {
    // Prepare
    const payload = ['StepEverywhere-'];

    // Act
    const parse = () => parseInventoryPayload(payload);

    // Assess
    expect(parse).toThrow(/^Payload: must be an object/);
  });
});
