import * as path from 'path';
import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import * as cp from 'aws-cdk-lib/aws-codepipeline';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { toExecutionInput } from '../cli/execution-input';
import { readBuildspec } from './buildspec';
import { loadDeployments, orderGroups, type CheckedDeployment } from './deployment-set';
import { OrchestratorStage } from './orchestrator-stage';
import type { PipelineSource } from './pipeline-source';
import { checkRunnable, MAX_ACTIONS_PER_STAGE, RunDeploymentStep, runStageName } from './run-deployment-step';
import { PipelineArtifactsBucket } from './artifacts-bucket';
import { acknowledgePipelineFindings } from './nag';

/** The pipeline's name: the demo and tests find its executions by it. */
export const PIPELINE_NAME = 'StepEverywhere';

/** The synth step's environment variable holding the `-c pipeline=` value of this pipeline. */
export const PIPELINE_CONTEXT_VARIABLE = 'STEP_EVERYWHERE_PIPELINE';

export interface PipelineStackProps extends StackProps {
  /** The repository the pipeline builds. */
  readonly source: PipelineSource;
  /**
   * The repository's root, where `buildspec.yml` and the deployments folder are read at synth time.
   * @default the current working directory
   */
  readonly repositoryRoot?: string;
  /**
   * The folder of deployment files, relative to the repository root.
   * @default 'deployments'
   */
  readonly deploymentsDir?: string;
  /**
   * The state machine's fixed name: the invoke actions start it by name.
   * @default 'StepEverywhere'
   */
  readonly stateMachineName?: string;
}

/**
 * The self-mutating pipeline: source → synth (the commands of `buildspec.yml`) → update the
 * pipeline itself → publish assets → deploy the orchestrator → one Step Functions execution per
 * deployment file, in the order the files declare. An invalid deployment file fails `cdk synth`
 * and so the synth step, before anything deploys.
 */
export class PipelineStack extends Stack {
  public readonly pipeline: pipelines.CodePipeline;
  public readonly deployments: CheckedDeployment[];
  /** The stage deploying the orchestrator stack, as the pipeline deploys it. */
  public readonly orchestratorStage: OrchestratorStage;

  public constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const root = props.repositoryRoot ?? process.cwd();
    const buildspec = readBuildspec(path.join(root, 'buildspec.yml'));
    this.deployments = loadDeployments(path.join(root, props.deploymentsDir ?? 'deployments'));
    const stateMachineName = props.stateMachineName ?? 'StepEverywhere';

    const artifacts = new PipelineArtifactsBucket(this, 'Artifacts');
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: PIPELINE_NAME,
      // V1 is priced per pipeline; V2 per action-minute, and a deployment's action waits for an
      // execution that can run for hours. Nothing here needs V2's triggers or variables.
      pipelineType: cp.PipelineType.V1,
      selfMutation: true,
      artifactBucket: artifacts.bucket,
      synth: new pipelines.ShellStep('Synth', {
        input: props.source.produce(this),
        // buildspec.yml's `cdk synth -c pipeline=$STEP_EVERYWHERE_PIPELINE` must rebuild this very pipeline.
        env: { [PIPELINE_CONTEXT_VARIABLE]: props.source.context },
        installCommands: buildspec.install,
        commands: buildspec.build,
        primaryOutputDirectory: 'cdk.out',
      }),
    });

    // Templates ship as assets of this stack: published by its own deployment (self-mutation),
    // read by the deployer through a grant on exactly these objects.
    const templates = new Map<string, s3assets.Asset>();
    for (const d of this.deployments) {
      if (d.template) templates.set(d.file, new s3assets.Asset(this, `Template-${d.deployment.name}`, { path: d.template.path }));
    }
    // The bootstrap bucket's name holds only pseudo parameters, so the orchestrator's stage can use it too.
    const templateObjectArns = [...templates.values()].map((asset) => `arn:${Aws.PARTITION}:s3:::${asset.s3BucketName}/${asset.s3ObjectKey}`);

    this.orchestratorStage = new OrchestratorStage(this, 'Orchestrator', { stateMachineName, templateObjectArns });
    this.pipeline.addStage(this.orchestratorStage);
    const stateMachine = sfn.StateMachine.fromStateMachineName(this, 'StateMachine', stateMachineName);
    // One pipeline stage per order value: stages run one after the other, the actions of a stage side by side.
    for (const group of orderGroups(this.deployments)) {
      if (group.deployments.length > MAX_ACTIONS_PER_STAGE) {
        throw new Error(`${group.deployments.length} deployment files declare order ${group.order}; a pipeline stage runs at most ${MAX_ACTIONS_PER_STAGE} — give some of them another order`);
      }
      const steps = group.deployments.map((d) => {
        const asset = templates.get(d.file);
        const input = toExecutionInput(d.deployment, asset ? { s3Uri: `s3://${asset.s3BucketName}/${asset.s3ObjectKey}` } : undefined);
        checkRunnable(d.file, d.deployment.name, input);
        return new RunDeploymentStep(d.deployment.name, stateMachine, input);
      });
      this.pipeline.addWave(runStageName(group.order), { post: steps });
    }
    this.pipeline.buildPipeline();
    acknowledgePipelineFindings(this.pipeline, { artifacts, stateMachineName, deploymentNames: this.deployments.map((d) => d.deployment.name) });
  }
}
