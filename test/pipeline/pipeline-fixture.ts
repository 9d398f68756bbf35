import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PipelineSource, PipelineStack } from '../../pipeline';

export const ENV = { account: '111111111111', region: 'us-east-1' };
export const BUILDSPEC = 'version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands: [npm test, npx cdk synth]\n';
export const TEMPLATE = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

/** A repository with a buildspec, a template and three deployment files over two orders. */
export const REPOSITORY = {
  'buildspec.yml': BUILDSPEC,
  'templates/topic.yaml': TEMPLATE,
  'deployments/a-topic.yaml': 'name: topic\ntemplate: ../templates/topic.yaml\nregions: [us-east-1]\n',
  'deployments/b-inventory.yaml': 'name: inventory\nworker: StepEverywhere_inventory\norder: 1\n',
  'deployments/c-audit.yaml': 'name: audit\nworker: StepEverywhere_inventory\nregions: [eu-west-1]\norder: 1\n',
};

/** Writes `files` under a fresh temporary folder and returns it. */
export function repository(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-repo-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

export interface SynthOptions {
  readonly nag?: boolean;
  readonly source?: PipelineSource;
}

/** The pipeline stack of the repository at `root`, without bundling (tests read templates). */
export function pipelineStack(root: string, options: SynthOptions = {}): { app: App; stack: PipelineStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new PipelineStack(app, 'StepEverywherePipeline', {
    env: ENV,
    source: options.source ?? PipelineSource.codeCommit('step-everywhere'),
    repositoryRoot: root,
  });
  return { app, stack };
}

export type PipelineAction = {
  Name: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  RunOrder?: number;
};
export type PipelineStage = { Name: string; Actions: PipelineAction[] };

/** The stages of the one CodePipeline in `template`. */
export function stagesOf(template: Template): PipelineStage[] {
  const pipelines = Object.values(template.findResources('AWS::CodePipeline::Pipeline')) as Array<{ Properties: { Stages: PipelineStage[] } }>;
  if (pipelines.length !== 1) throw new Error(`expected one pipeline, found ${pipelines.length}`);
  return pipelines[0].Properties.Stages;
}

/** The parsed literal input of the Step Functions action named `name`. */
export function inputOf(template: Template, name: string): Record<string, unknown> {
  const action = stagesOf(template)
    .flatMap((s) => s.Actions)
    .find((a) => a.Name === name && a.ActionTypeId.Provider === 'StepFunctions');
  if (!action) throw new Error(`no Step Functions action named ${name}`);
  const input = action.Configuration?.Input;
  if (typeof input !== 'string') throw new Error(`action ${name} has no literal input: ${JSON.stringify(input)}`);
  return JSON.parse(input) as Record<string, unknown>;
}
