import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PipelineSource, PipelineStack } from '../../pipeline';

const ENV = { account: '111111111111', region: 'us-east-1' };
const BUILDSPEC = 'version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands: [npm test, npx cdk synth]\n';
const TEMPLATE = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

function repository(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-repo-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const TWO_DEPLOYMENTS = {
  'buildspec.yml': BUILDSPEC,
  'templates/topic.yaml': TEMPLATE,
  'deployments/a-topic.yaml': 'name: topic\ntemplate: ../templates/topic.yaml\nregions: [us-east-1]\n',
  'deployments/b-inventory.yaml': 'name: inventory\nworker: StepEverywhere_inventory\norder: 1\n',
};

function synth(root: string): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PipelineStack(app, 'StepEverywherePipeline', { env: ENV, source: PipelineSource.codeCommit('step-everywhere'), repositoryRoot: root });
  return Template.fromStack(stack);
}

type Stage = { Name: string; Actions: Array<{ Name: string; ActionTypeId: { Category: string; Provider: string }; Configuration?: Record<string, unknown>; RunOrder?: number }> };

function stages(template: Template): Stage[] {
  const [pipeline] = Object.values(template.findResources('AWS::CodePipeline::Pipeline')) as Array<{ Properties: { Stages: Stage[] } }>;
  return pipeline.Properties.Stages;
}

describe('PipelineStack', () => {
  it('mutates itself, synthesizes with the buildspec commands, deploys the orchestrator, then runs each deployment in its order', () => {
    // Act
    const template = synth(repository(TWO_DEPLOYMENTS));

    // Assess
    const all = stages(template);
    expect(all.map((s) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Orchestrator']);
    const invokes = all[4].Actions.filter((a) => a.ActionTypeId.Provider === 'StepFunctions');
    expect(invokes.map((a) => a.Name)).toEqual(['topic', 'inventory']);
    expect(invokes[1].RunOrder).toBeGreaterThan(invokes[0].RunOrder ?? 0);
    expect(invokes[0].Configuration).toMatchObject({ StateMachineArn: expect.anything(), InputType: 'Literal', ExecutionNamePrefix: 'topic' });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { BuildSpec: Match.serializedJson(Match.objectLike({ phases: { install: { commands: ['npm ci'] }, build: { commands: ['npm test', 'npx cdk synth'] } } })) },
    });
  });

  it('ships the template as an asset and hands the deployer its S3 location', () => {
    // Act
    const template = synth(repository(TWO_DEPLOYMENTS));

    // Assess
    const input = JSON.stringify(stages(template)[4].Actions.find((a) => a.Name === 'topic')?.Configuration?.Input);
    expect(input).toContain('TemplateS3Uri');
    expect(input).toContain('cdk-hnb659fds-assets');
    expect(input).not.toContain('TemplateBody');
  });

  it('fails synthesis with file:line:column when a deployment file is invalid, so nothing deploys', () => {
    // Prepare
    const root = repository({ ...TWO_DEPLOYMENTS, 'deployments/c-bad.yaml': 'name: bad\nworker: StepEverywhere_inventory\nregions: [mars]\n' });

    // Act / Assess
    expect(() => synth(root)).toThrow(/deployments\/c-bad\.yaml:3:11: regions\[0\] \("mars"\) is not a region code/);
  });

  it('fails synthesis naming buildspec.yml when it is missing', () => {
    // Prepare
    const { 'buildspec.yml': _omitted, ...rest } = TWO_DEPLOYMENTS;
    void _omitted;

    // Act / Assess
    expect(() => synth(repository(rest))).toThrow(/buildspec\.yml: no such file/);
  });

  it('fails synthesis when a deployment names a template that does not exist', () => {
    // Prepare
    const root = repository({ ...TWO_DEPLOYMENTS, 'deployments/a-topic.yaml': 'name: topic\ntemplate: ../templates/gone.yaml\n' });

    // Act / Assess
    expect(() => synth(root)).toThrow(/a-topic\.yaml:2:11: template .*no such file/);
  });

  it('grants no action on every resource', () => {
    // Act
    const template = synth(repository(TWO_DEPLOYMENTS));

    // Assess
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown }> } } }).Properties.PolicyDocument.Statement,
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect([statement.Action].flat()).not.toContain('*');
  });
});
