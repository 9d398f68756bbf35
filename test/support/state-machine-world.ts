import { StateMachineEngine, type ExecutionResult } from '../../local/stepfunctions';
import { handler as credentialsHandler } from '../../orchestrator/handlers/credentials';
import { handler as planHandler } from '../../orchestrator/handlers/plan';
import { handler as summariseHandler } from '../../orchestrator/handlers/summarise';
import { handler as tallyWaveHandler } from '../../orchestrator/handlers/tally-wave';
import type { StepEverywhereProps } from '../../orchestrator';
import type { ExecutionSummary } from '../../orchestrator/summary/types';
import { defineWorker } from '../../worker-templates/lib';
import type { WorkerContext } from '../../worker-templates/lib';
import type { WorkerAnswer } from '../../orchestrator/contract';
import { FakeAws } from './fake-aws';
import { simpleOrganization } from './fake-org';
import { HUB_ACCOUNT } from './orchestrator-template';
import {
  RESULTS_BUCKET,
  STATE_MACHINE_ARN,
  invokeHandler,
  synthesizeStateMachine,
  type LambdaHandler,
  type SynthesizedStateMachine,
} from './state-machine-harness';

export const WORKER = 'StepEverywhere_test';
export const WORKER_ROLE = `arn:aws:iam::${HUB_ACCOUNT}:role/StepEverywhere_test-role`;

export type WorkerBehaviour = (ctx: WorkerContext) => Promise<WorkerAnswer>;

export interface RunOptions {
  /** Run this definition instead of the synthesized orchestrator. */
  readonly definition?: Record<string, unknown>;
  /** @default AWS's 25,000 */
  readonly maxHistoryEvents?: number;
  /** Real delay added to every Lambda invocation. @default 0 */
  readonly latencyMs?: number;
}

export interface WorldOptions {
  readonly accounts: number;
  /** @default the three test regions */
  readonly regions?: readonly string[];
  /** @default every target succeeds */
  readonly behaviour?: WorkerBehaviour;
  /** Keep full execution histories. @default true */
  readonly recordHistory?: boolean;
}

/**
 * The synthesized state machine on the local engine, with the real orchestrator handlers
 * and a real `defineWorker` worker, over the client-level AWS fakes.
 */
export class World {
  public readonly aws: FakeAws;
  public readonly sleeps: number[] = [];
  public readonly invocations: Array<{ functionName: string; payload: unknown }> = [];
  /** Per function name: how many more invocations fail with a Lambda service exception. */
  public readonly throttles = new Map<string, number>();
  private readonly handlers = new Map<string, LambdaHandler>();
  private readonly savedEnv = { ...process.env };
  private readonly recordHistory: boolean;

  public constructor(
    private readonly machine: SynthesizedStateMachine,
    options: WorldOptions,
  ) {
    const behaviour = options.behaviour ?? (async () => ({ Status: 'SUCCEEDED' as const, Result: { ok: true } }));
    this.recordHistory = options.recordHistory ?? true;
    this.aws = new FakeAws(simpleOrganization(options.accounts, HUB_ACCOUNT, options.regions), { [WORKER]: WORKER_ROLE });
    Object.assign(process.env, machine.environment, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
    });
    const own: Record<string, LambdaHandler> = {
      plan: planHandler as LambdaHandler,
      credentials: credentialsHandler as LambdaHandler,
      tallyWave: tallyWaveHandler as LambdaHandler,
      summarise: summariseHandler as LambdaHandler,
    };
    for (const [arn, name] of machine.handlerNames) this.handlers.set(arn, own[name]);
    this.handlers.set(WORKER, defineWorker(behaviour) as LambdaHandler);
  }

  /** Adds a function the definition may invoke by this name or ARN. */
  public registerFunction(name: string, handler: LambdaHandler): void {
    this.handlers.set(name, handler);
  }

  /** Replaces the worker's Lambda with one built around it, e.g. one that crashes once. */
  public wrapWorker(wrap: (original: LambdaHandler) => LambdaHandler): void {
    this.handlers.set(WORKER, wrap(this.handlers.get(WORKER)!));
  }

  public static synthesize(props?: StepEverywhereProps): SynthesizedStateMachine {
    return synthesizeStateMachine(props);
  }

  public dispose(): void {
    this.aws.restore();
    process.env = this.savedEnv;
  }

  public async run(
    input: unknown,
    name = `run-${Math.random().toString(36).slice(2, 10)}`,
    options: RunOptions = {},
  ): Promise<ExecutionResult> {
    const engine = new StateMachineEngine({
      maxHistoryEvents: options.maxHistoryEvents,
      ports: {
        invokeLambda: async (functionName, payload) => {
          this.invocations.push({ functionName, payload });
          const left = this.throttles.get(functionName) ?? 0;
          if (left > 0) {
            this.throttles.set(functionName, left - 1);
            throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
          }
          if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
          const handler = this.handlers.get(functionName);
          if (!handler) throw Object.assign(new Error(`Function not found: ${functionName}`), { name: 'ResourceNotFoundException' });
          return invokeHandler(handler, functionName, payload);
        },
        s3: {
          getObject: async (bucket, key) => this.aws.getObject(bucket, key),
          putObject: async (bucket, key, body) => this.aws.putObject(bucket, key, body),
        },
      },
      sleep: async (ms) => {
        this.sleeps.push(ms);
      },
      random: () => 0.5,
      recordHistory: this.recordHistory,
      region: 'us-east-1',
      accountId: HUB_ACCOUNT,
    });
    this.lastEngine = engine;
    return engine.run(options.definition ?? this.machine.definition, input, { stateMachineArn: STATE_MACHINE_ARN, name });
  }

  public lastEngine?: StateMachineEngine;

  public summary(executionName: string, fn = WORKER, qualifier = '$LATEST'): ExecutionSummary {
    const key = `StepEverywhere/${fn}/${qualifier}/${executionName}/summary.json`;
    return JSON.parse(this.aws.getObject(RESULTS_BUCKET, key)) as ExecutionSummary;
  }

  public resultKeys(): string[] {
    return [...this.aws.objects.keys()].filter((k) => /\/\d{12}\/[a-z0-9-]+\.json$/.test(k));
  }

  public workerInvocations(): number {
    return this.invocations.filter((i) => i.functionName === WORKER).length;
  }
}
