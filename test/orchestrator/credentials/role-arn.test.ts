import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../orchestrator/contract';
import { memberRoleArn, partitionOf } from '../../../orchestrator/credentials';

describe('memberRoleArn', () => {
  it('builds the ARN of a role without a path', () => {
    // Prepare
    const roleName = 'StepEverywhereMember';

    // Act
    const arn = memberRoleArn('aws', '111122223333', roleName);

    // Assess
    expect(arn).toBe('arn:aws:iam::111122223333:role/StepEverywhereMember');
  });

  it.each(['platform/StepEverywhereMember', '/platform/StepEverywhereMember/'])('keeps the path of %s', (roleName) => {
    // Prepare
    const partition = 'aws-us-gov';

    // Act
    const arn = memberRoleArn(partition, '111122223333', roleName);

    // Assess
    expect(arn).toBe('arn:aws-us-gov:iam::111122223333:role/platform/StepEverywhereMember');
  });

  it('rejects a name with characters IAM refuses, naming RoleName', () => {
    // Prepare
    const roleName = 'Step Everywhere';

    // Act
    const build = () => memberRoleArn('aws', '111122223333', roleName);

    // Assess
    expect(build).toThrow(InvalidInputError);
    expect(build).toThrow(/^RoleName: "Step Everywhere" is not an IAM role name/);
  });

  it('rejects an empty path segment', () => {
    // Prepare
    const roleName = 'platform//Member';

    // Act
    const build = () => memberRoleArn('aws', '111122223333', roleName);

    // Assess
    expect(build).toThrow(/^RoleName: /);
  });

  it('rejects a name longer than 64 characters', () => {
    // Prepare
    const roleName = 'R'.repeat(65);

    // Act
    const build = () => memberRoleArn('aws', '111122223333', roleName);

    // Assess
    expect(build).toThrow(/^RoleName: .* too long/);
  });
});

describe('partitionOf', () => {
  it('reads the partition of an ARN', () => {
    // Prepare
    const arn = 'arn:aws-cn:iam::111122223333:role/Worker';

    // Act
    const partition = partitionOf(arn);

    // Assess
    expect(partition).toBe('aws-cn');
  });

  it('refuses text that is not an ARN', () => {
    // Prepare
    const text = 'Worker';

    // Act
    const read = () => partitionOf(text);

    // Assess
    expect(read).toThrow(/not an ARN/);
  });
});
