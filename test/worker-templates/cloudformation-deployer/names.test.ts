import { describe, expect, it } from 'vitest';
import { changeSetName, executionRoleArn, requestToken, type NameScope } from '../../../worker-templates/cloudformation-deployer';

const SCOPE: NameScope = { executionId: 'arn:aws:states:us-east-1:111111111111:execution:StepEverywhere:run-1', accountId: '200000000001', region: 'eu-west-1', step: 0 };

describe('names derived from the execution, target and step', () => {
  it('are the same for the same scope, so a retry finds what its first attempt made', () => {
    // Act
    const names = [changeSetName(SCOPE), changeSetName({ ...SCOPE }), requestToken(SCOPE, 'execute'), requestToken({ ...SCOPE }, 'execute')];

    // Assess
    expect(names[1]).toBe(names[0]);
    expect(names[3]).toBe(names[2]);
  });

  it.each([
    ['execution', { executionId: `${SCOPE.executionId}-again` }],
    ['account', { accountId: '200000000002' }],
    ['region', { region: 'us-east-1' }],
    ['step', { step: 1 }],
  ])('differ when the %s differs', (_what, change) => {
    // Act
    const other = { ...SCOPE, ...change };

    // Assess
    expect(changeSetName(other)).not.toBe(changeSetName(SCOPE));
    expect(requestToken(other, 'delete')).not.toBe(requestToken(SCOPE, 'delete'));
  });

  it('give each operation of a step its own token', () => {
    // Act
    const tokens = new Set(['change-set', 'execute', 'delete', 'continue-rollback'].map((operation) => requestToken(SCOPE, operation)));

    // Assess
    expect(tokens.size).toBe(4);
  });

  it('keep within what CloudFormation accepts: a letter first, then letters, digits and -, at most 128', () => {
    // Act
    const names = [changeSetName(SCOPE), requestToken(SCOPE, 'continue-rollback')];

    // Assess
    for (const name of names) expect(name).toMatch(/^[A-Za-z][-A-Za-z0-9]{0,127}$/);
  });
});

describe('executionRoleArn', () => {
  it.each([
    ['eu-west-1', 'arn:aws:iam::200000000001:role/Exec'],
    ['cn-north-1', 'arn:aws-cn:iam::200000000001:role/Exec'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::200000000001:role/Exec'],
  ])('names the role in the partition of %s', (region, arn) => {
    // Act
    const value = executionRoleArn('200000000001', region, 'Exec');

    // Assess
    expect(value).toBe(arn);
  });
});
