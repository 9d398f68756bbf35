import type { Organization } from './org/model';
import { FaultRules } from './org/faults';
import { recordMembership } from './org/membership';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './server';
import { accountService } from './services/account/account-service';
import { iamService } from './services/iam/iam-service';
import { kmsService } from './services/kms/kms-service';
import { lambdaService, stopFunctions } from './services/lambda/lambda-service';
import { organizationsService } from './services/organizations/organizations-service';
import { cloudFormationService } from './services/cloudformation/cloudformation-service';
import { codeCommitService } from './services/codecommit/codecommit-service';
import { codePipelineService, stopPipelines } from './services/codepipeline/codepipeline-service';
import { s3Service } from './services/s3/s3-service';
import { ssmService } from './services/ssm/ssm-service';
import { snsService } from './services/sns/sns-service';
import { stopStepFunctions } from './services/stepfunctions/executions';
import { stepFunctionsService } from './services/stepfunctions/stepfunctions-service';
import { stsService } from './services/sts/sts-service';
import type { LocalServiceFactory } from './services/service';

export interface EmbeddedCloudOptions extends Pick<LocalCloudOptions, 'port' | 'host' | 'stateDir' | 'log' | 'now'> {
  /** The simulated organization, its regions and its fault rules. */
  readonly organization: Organization;
  /** Services to add, e.g. CloudFormation, given the cloud's endpoint. */
  readonly extraServices?: (endpoint: () => string) => LocalServiceFactory[];
  /** Each line a function logs. @default discarded */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  /** Keep every Step Functions history event. @default true */
  readonly recordHistory?: boolean;
  /** Each status line of a pipeline execution, its stages and actions. @default discarded */
  readonly onPipelineProgress?: (line: string) => void;
  /** Share of their time Step Functions Wait states and retries sleep (e.g. 0.05 for demos). @default 1 */
  readonly waitScale?: number;
}

/**
 * The embedded local cloud with every service the product uses, serving one organization on
 * one loopback port. Closing it also ends the function sandboxes.
 */
/** The embedded cloud, with its fault rules changeable while it runs. */
export type EmbeddedCloud = LocalCloud & { readonly faults: FaultRules };

export async function startEmbeddedCloud(options: EmbeddedCloudOptions): Promise<EmbeddedCloud> {
  // The organization's rules, and any a test or demo adds while the cloud runs.
  const faults = new FaultRules(options.organization.faults);
  let endpoint = '';
  const currentEndpoint = () => endpoint;
  const services: LocalServiceFactory[] = [
    stsService,
    iamService,
    organizationsService(options.organization),
    accountService(options.organization),
    kmsService,
    s3Service,
    snsService,
    ssmService,
    cloudFormationService({ faults }),
    lambdaService({ endpoint: currentEndpoint, ...(options.onFunctionLog ? { onLog: options.onFunctionLog } : {}) }),
    stepFunctionsService({
      endpoint: currentEndpoint,
      ...(options.recordHistory === undefined ? {} : { recordHistory: options.recordHistory }),
      ...(options.waitScale === undefined ? {} : { waitScale: options.waitScale }),
    }),
    codeCommitService,
    codePipelineService({ endpoint: currentEndpoint, ...(options.onPipelineProgress ? { progress: options.onPipelineProgress } : {}), ...(options.log ? { log: options.log } : {}) }),
    ...(options.extraServices?.(currentEndpoint) ?? []),
  ];
  const cloud = await startLocalCloud({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.log ? { log: options.log } : {}),
    ...(options.now ? { now: options.now } : {}),
    services,
    faults: faults.injector,
  });
  endpoint = cloud.endpoint;
  await recordMembership(cloud.store, options.organization);
  return {
    ...cloud,
    faults,
    close: async () => {
      await stopPipelines(cloud.cloud);
      await stopStepFunctions(cloud.cloud);
      await stopFunctions(cloud.cloud);
      await cloud.close();
    },
  };
}
