import * as iam from 'aws-cdk-lib/aws-iam';
import { Template, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUILDSPEC, REPOSITORY, pipelineStack, repository } from './pipeline-fixture';

describe('PipelineStack synthesis refusals', () => {
  it('fails with file:line:column when a deployment file is invalid, so nothing deploys', () => {
    // Prepare
    const root = repository({ ...REPOSITORY, 'deployments/d-bad.yaml': 'name: bad\nworker: StepEverywhere_inventory\nregions: [mars]\n' });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/deployments\/d-bad\.yaml:3:11: regions\[0\] \("mars"\) is not a region code/);
  });

  it('fails naming the deployment file whose template does not exist', () => {
    // Prepare
    const root = repository({ ...REPOSITORY, 'deployments/a-topic.yaml': 'name: topic\ntemplate: ../templates/gone.yaml\n' });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/a-topic\.yaml:2:11: template .*no such file/);
  });

  it('fails when two files give the same deployment name', () => {
    // Prepare
    const root = repository({ ...REPOSITORY, 'deployments/d-again.yaml': 'name: audit\nworker: StepEverywhere_inventory\n' });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/d-again\.yaml:1:1: name "audit" is also the name of .*c-audit\.yaml — give each deployment its own name/);
  });

  it('fails when there is no deployments folder, saying what to add', () => {
    // Prepare
    const root = repository({ 'buildspec.yml': BUILDSPEC });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/deployments: no deployments folder; add .*deployments\/<name>\.yaml/);
  });

  it('fails naming buildspec.yml when it is missing', () => {
    // Prepare
    const { 'buildspec.yml': _omitted, ...rest } = REPOSITORY;
    void _omitted;

    // Act / Assess
    expect(() => pipelineStack(repository(rest))).toThrow(/buildspec\.yml: no such file; .*add buildspec\.yml with phases\.install and phases\.build/);
  });

  it('fails when an execution input is longer than a pipeline action can hold', () => {
    // Prepare
    const payload = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`Key${i}`, 'x'.repeat(10)]));
    const root = repository({ ...REPOSITORY, 'deployments/d-big.yaml': `name: big\nworker: StepEverywhere_inventory\npayload: ${JSON.stringify(payload)}\n` });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/d-big\.yaml:1:1: its execution input is \d+ characters and a pipeline action holds at most 1000; move parameter values/);
  });

  it('fails when a deployment name is too long to prefix execution names', () => {
    // Prepare
    const name = 'n'.repeat(44);
    const root = repository({ ...REPOSITORY, 'deployments/d-long.yaml': `name: ${name}\nworker: StepEverywhere_inventory\n` });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/d-long\.yaml:1:1: name "n{44}" is 44 characters; .*keep it to 43/);
  });

  it('fails when more files share one order than a stage can run', () => {
    // Prepare
    const files = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`deployments/many-${i}.yaml`, `name: many-${i}\nworker: StepEverywhere_inventory\norder: 2\n`]));
    const root = repository({ ...REPOSITORY, ...files });

    // Act / Assess
    expect(() => pipelineStack(root)).toThrow(/51 deployment files declare order 2; a pipeline stage runs at most 50 — give some of them another order/);
  });
});

describe('PipelineStack under cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding', () => {
    // Prepare
    const { app } = pipelineStack(repository(REPOSITORY), { nag: true });

    // Act / Assess
    expect(() => app.synth()).not.toThrow();
  });

  it('still reports a wildcard grant beyond the artifacts bucket (acknowledgments are exact)', () => {
    // Prepare
    const { app, stack } = pipelineStack(repository(REPOSITORY), { nag: true });
    stack.pipeline.synthProject.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: ['arn:aws:s3:::some-other-bucket/*'] }));

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::some-other-bucket\/\*\]/);
  });
});

describe('PipelineStack synth step', () => {
  it('runs the commands of buildspec.yml, whatever they are', () => {
    // Prepare
    const buildspec = 'version: 0.2\nphases:\n  install:\n    commands: [npm ci --ignore-scripts]\n  build:\n    commands: [npm run lint, npx cdk synth -c pipeline=$STEP_EVERYWHERE_PIPELINE]\n';
    const { stack } = pipelineStack(repository({ ...REPOSITORY, 'buildspec.yml': buildspec }));

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: {
        BuildSpec: Match.serializedJson(
          Match.objectLike({
            phases: {
              install: { commands: ['npm ci --ignore-scripts'] },
              build: { commands: ['npm run lint', 'npx cdk synth -c pipeline=$STEP_EVERYWHERE_PIPELINE'] },
            },
            artifacts: Match.objectLike({ 'base-directory': 'cdk.out' }),
          }),
        ),
      },
    });
  });
});
