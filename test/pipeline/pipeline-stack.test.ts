import * as fs from 'fs';
import * as path from 'path';
import { Template, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDeploymentText } from '../../cli/deployment-document';
import { toExecutionInput } from '../../cli/execution-input';
import { PIPELINE_CONTEXT_VARIABLE, type PipelineStack } from '../../pipeline';
import { REPOSITORY, inputOf, pipelineStack, repository, stagesOf } from './pipeline-fixture';

/** The deployment of `file` in `root`, parsed as `step-everywhere validate` parses it. */
function deploymentOf(root: string, file: string) {
  const full = path.join(root, file);
  const checked = checkDeploymentText(full, fs.readFileSync(full, 'utf8'));
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.deployment;
}

describe('PipelineStack shape', () => {
  let root: string;
  let stack: PipelineStack;
  let template: Template;
  beforeAll(() => {
    root = repository(REPOSITORY);
    stack = pipelineStack(root).stack;
    template = Template.fromStack(stack);
  });

  it('runs source, synth, self-mutation, assets, the orchestrator, then one stage per deployment order', () => {
    // Act
    const names = stagesOf(template).map((s) => s.Name);

    // Assess
    expect(names).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Orchestrator', 'Run-order-0', 'Run-order-1']);
  });

  it('mutates itself with a CodeBuild action in UpdatePipeline', () => {
    // Act
    const update = stagesOf(template).find((s) => s.Name === 'UpdatePipeline');

    // Assess
    expect(update?.Actions.map((a) => [a.Name, a.ActionTypeId.Provider])).toEqual([['SelfMutate', 'CodeBuild']]);
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { BuildSpec: Match.serializedJson(Match.objectLike({ phases: { build: { commands: Match.arrayWith([Match.stringLikeRegexp('cdk -a . deploy StepEverywherePipeline')]) } } })) },
    });
  });

  it('deploys the orchestrator stack with change-set actions, before any deployment runs', () => {
    // Act
    const orchestrator = stagesOf(template).find((s) => s.Name === 'Orchestrator');

    // Assess
    expect(orchestrator?.Actions.map((a) => [a.Name, a.ActionTypeId.Provider, a.RunOrder])).toEqual([
      ['Prepare', 'CloudFormation', 1],
      ['Deploy', 'CloudFormation', 2],
    ]);
  });

  it('runs files of the same order side by side in one stage, each as a Step Functions action', () => {
    // Act
    const later = stagesOf(template).find((s) => s.Name === 'Run-order-1');

    // Assess
    const actions = later?.Actions.map((a) => [a.Name, a.ActionTypeId.Category, a.ActionTypeId.Provider, a.RunOrder]);
    expect(actions?.sort()).toEqual([
      ['audit', 'Invoke', 'StepFunctions', 1],
      ['inventory', 'Invoke', 'StepFunctions', 1],
    ]);
  });

  it('starts the fixed-name state machine with execution names prefixed by the deployment name', () => {
    // Act
    const action = stagesOf(template)
      .find((s) => s.Name === 'Run-order-1')
      ?.Actions.find((a) => a.Name === 'audit');

    // Assess
    expect(action?.Configuration).toMatchObject({ InputType: 'Literal', ExecutionNamePrefix: 'audit' });
    expect(JSON.stringify(action?.Configuration?.StateMachineArn)).toContain(':states:us-east-1:111111111111:stateMachine:StepEverywhere');
  });

  it('passes each file its execution input exactly as the CLI builds it', () => {
    // Act
    const input = inputOf(template, 'audit');

    // Assess
    expect(input).toEqual(toExecutionInput(deploymentOf(root, 'deployments/c-audit.yaml')));
  });

  it('ships a deployment template as an asset and passes its S3 location, not its body', () => {
    // Act
    const input = inputOf(template, 'topic');

    // Assess
    const payload = input.Payload as Record<string, unknown>;
    expect(payload.TemplateS3Uri).toMatch(/^s3:\/\/cdk-hnb659fds-assets-111111111111-us-east-1\/[0-9a-f]{64}\.yaml$/);
    expect(payload).not.toHaveProperty('TemplateBody');
    expect(input).toEqual(toExecutionInput(deploymentOf(root, 'deployments/a-topic.yaml'), { s3Uri: String(payload.TemplateS3Uri) }));
  });

  it('publishes the template file itself under the key the input names', () => {
    // Prepare
    const key = String((inputOf(template, 'topic').Payload as Record<string, unknown>).TemplateS3Uri).split('/').pop();
    const assembly = stack.node.root as unknown as { synth(): { directory: string } };

    // Act
    const out = assembly.synth().directory;
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'StepEverywherePipeline.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
    };

    // Assess
    const asset = Object.values(manifest.files).find((f) => Object.values(f.destinations).some((d) => d.objectKey === key));
    expect(asset).toBeDefined();
    expect(fs.readFileSync(path.join(out, asset?.source.path ?? ''), 'utf8')).toBe(REPOSITORY['templates/topic.yaml']);
  });

  it('lets the deployer read exactly the template objects it is given', () => {
    // Prepare
    const key = String((inputOf(template, 'topic').Payload as Record<string, unknown>).TemplateS3Uri).split('/').pop();

    // Act
    const orchestrator = Template.fromStack(stack.orchestratorStage.orchestrator);

    // Assess
    orchestrator.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cdk-hnb659fds-assets-111111111111-us-east-1/${key}`]] }]),
          }),
        ]),
      },
    });
  });

  it('names the state machine as the invoke actions expect', () => {
    // Act
    const orchestrator = Template.fromStack(stack.orchestratorStage.orchestrator);

    // Assess
    orchestrator.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'StepEverywhere' });
  });

  it('gives the synth step its own -c pipeline value, so the build synthesizes this same pipeline', () => {
    // Act / Assess
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: { EnvironmentVariables: Match.arrayWith([{ Name: PIPELINE_CONTEXT_VARIABLE, Type: 'PLAINTEXT', Value: 'codecommit:step-everywhere@main' }]) },
    });
  });

  it('grants no IAM action on everything', () => {
    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[] }> } } }).Properties.PolicyDocument.Statement,
    );

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
    }
  });

  it('encrypts artifacts and builds with a rotated key of its own', () => {
    // Act
    const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as Array<{ Properties: { EncryptionKey?: unknown } }>;

    // Assess
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) expect(JSON.stringify(project.Properties.EncryptionKey)).toContain('ArtifactsKey');
  });
});
