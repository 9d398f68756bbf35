import { describe, expect, it } from 'vitest';
import { MAX_SESSION_NAME_LENGTH, SESSION_NAME_PREFIX, sessionName } from '../../../orchestrator/credentials';

const ALLOWED = /^[\w+=,.@-]+$/;

describe('sessionName', () => {
  it('is the prefix and the execution name when that fits', () => {
    // Prepare
    const executionName = 'deploy-baseline-2024';

    // Act
    const name = sessionName(executionName);

    // Assess
    expect(name).toBe(`${SESSION_NAME_PREFIX}deploy-baseline-2024`);
  });

  it('never exceeds 64 characters for an 80-character execution name', () => {
    // Prepare
    const executionName = 'x'.repeat(80);

    // Act
    const name = sessionName(executionName);

    // Assess
    expect(name.length).toBe(MAX_SESSION_NAME_LENGTH);
    expect(name.startsWith(SESSION_NAME_PREFIX)).toBe(true);
    expect(name).toMatch(ALLOWED);
  });

  it('keeps long names that differ only at the end distinct', () => {
    // Prepare
    const common = 'a'.repeat(70);

    // Act
    const first = sessionName(`${common}-first`);
    const second = sessionName(`${common}-other`);

    // Assess
    expect(first).not.toBe(second);
    expect(first.length).toBeLessThanOrEqual(MAX_SESSION_NAME_LENGTH);
    expect(second.length).toBeLessThanOrEqual(MAX_SESSION_NAME_LENGTH);
  });

  it('replaces characters STS refuses', () => {
    // Prepare
    const executionName = 'run 1/2:é#ok';

    // Act
    const name = sessionName(executionName);

    // Assess
    expect(name).toMatch(ALLOWED);
    expect(name).toBe(`${SESSION_NAME_PREFIX}run-1-2---ok`);
  });
});
