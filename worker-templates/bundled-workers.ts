import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { WORKER_FUNCTION_PREFIX } from '../orchestrator/contract';
import { HandlerFunction } from '../orchestrator/handler-function';
import type { StepEverywhere } from '../orchestrator/step-everywhere';

interface BundledWorker {
  readonly entry: string;
  readonly description: string;
  /** Reads the templates uploaded under the results bucket's `templates/` prefix. @default false */
  readonly readsTemplates?: boolean;
}

/** The workers this project ships, by the name after the `StepEverywhere_` prefix. */
export const BUNDLED_WORKERS = {
  inventory: { entry: path.join(__dirname, 'inventory', 'handler.ts'), description: 'Lists the CloudFormation stacks of a member account and region (read-only example)' },
  'cloudformation-deployer': {
    entry: path.join(__dirname, 'cloudformation-deployer', 'handler.ts'),
    description: 'Deploys or deletes one StepEverywhere- stack per member account and region through change sets',
    readsTemplates: true,
  },
} as const satisfies Record<string, BundledWorker>;

export type BundledWorkerName = keyof typeof BUNDLED_WORKERS;

export interface BundledWorkersProps {
  /** The orchestrator whose workers these are: each is granted with `grantWorker`. */
  readonly stepEverywhere: StepEverywhere;
}

/** Deploys the bundled workers as `StepEverywhere_<name>` functions granted to the orchestrator. */
export class BundledWorkers extends Construct {
  public readonly functions: Readonly<Record<BundledWorkerName, lambda.IFunction>>;

  public constructor(scope: Construct, id: string, props: BundledWorkersProps) {
    super(scope, id);
    const functions = {} as Record<BundledWorkerName, lambda.IFunction>;
    for (const [name, worker] of Object.entries(BUNDLED_WORKERS) as Array<[BundledWorkerName, BundledWorker]>) {
      const fn = new HandlerFunction(this, name, {
        handler: name,
        entry: worker.entry,
        functionName: `${WORKER_FUNCTION_PREFIX}${name}`,
        description: worker.description,
        timeout: Duration.minutes(5),
      });
      props.stepEverywhere.grantWorker(fn.function);
      if (worker.readsTemplates === true) props.stepEverywhere.grantReadTemplates(fn.function);
      functions[name] = fn.function;
    }
    this.functions = functions;
  }
}
