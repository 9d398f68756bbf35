import { describe, expect, it } from 'vitest';
import { readPipelineDeclaration } from '../../../local/pipeline/declaration';

const source = { Name: 'Src', ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeCommit', Version: '1' }, OutputArtifacts: [{ Name: 'Code' }], Configuration: { RepositoryName: 'r', BranchName: 'main', PollForSourceChanges: false } };
const build = { Name: 'Build', ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' }, InputArtifacts: [{ Name: 'Code' }], Configuration: { ProjectName: 'p' } };

function properties(stages: unknown[]) {
  return { RoleArn: 'arn:aws:iam::111111111111:role/pipeline', Stages: stages };
}

describe('readPipelineDeclaration', () => {
  it('reads stages, actions with string configuration, SUPERSEDED by default and RestartExecutionOnUpdate', () => {
    // Act
    const declaration = readPipelineDeclaration({ ...properties([{ Name: 'Source', Actions: [source] }, { Name: 'Build', Actions: [build] }]), RestartExecutionOnUpdate: true });

    // Assess
    expect(declaration.executionMode).toBe('SUPERSEDED');
    expect(declaration.restartOnUpdate).toBe(true);
    expect(declaration.stages[0]?.actions[0]?.configuration.PollForSourceChanges).toBe('false');
    expect(declaration.stages[1]?.actions[0]?.runOrder).toBe(1);
  });

  it('refuses a pipeline of one stage, saying two are needed', () => {
    // Act
    const read = () => readPipelineDeclaration(properties([{ Name: 'Source', Actions: [source] }]));

    // Assess
    expect(read).toThrow(/Stages has 1 stage\(s\): a pipeline needs at least two/);
  });

  it('refuses an input artifact no earlier action outputs, naming the field', () => {
    // Act
    const read = () => readPipelineDeclaration(properties([{ Name: 'Source', Actions: [source] }, { Name: 'Build', Actions: [{ ...build, InputArtifacts: [{ Name: 'Other' }] }] }]));

    // Assess
    expect(read).toThrow(/Stages\[1\]\.Actions\[0\]\.InputArtifacts names "Other", which no earlier action outputs/);
  });

  it('refuses a non-source action in the first stage', () => {
    // Act
    const read = () => readPipelineDeclaration(properties([{ Name: 'Source', Actions: [source, { ...build, Name: 'B' }] }, { Name: 'Build', Actions: [build] }]));

    // Assess
    expect(read).toThrow(/Stages\[0\]\.Actions\[1\]\.ActionTypeId\.Category is Build: the first stage holds Source actions only/);
  });

  it('refuses an unknown ExecutionMode, listing the valid ones', () => {
    // Act
    const read = () => readPipelineDeclaration({ ...properties([{ Name: 'Source', Actions: [source] }, { Name: 'Build', Actions: [build] }]), ExecutionMode: 'FAST' });

    // Assess
    expect(read).toThrow(/ExecutionMode "FAST" must be one of SUPERSEDED, QUEUED, PARALLEL/);
  });

  it('refuses a missing RoleArn', () => {
    // Act
    const read = () => readPipelineDeclaration({ Stages: [] });

    // Assess
    expect(read).toThrow(/RoleArn is required/);
  });
});
