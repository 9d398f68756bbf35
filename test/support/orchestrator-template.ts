import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrchestratorStack } from '../../orchestrator';
import type { StepEverywhereProps } from '../../orchestrator';

export const HUB_ACCOUNT = '111111111111';
export const HUB_REGION = 'us-east-1';

export interface SynthesizedOrchestrator {
  readonly stack: OrchestratorStack;
  readonly template: Template;
  /** The raw template JSON. */
  readonly json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };
}

/** Synthesizes the orchestrator stack without bundling (tests read templates, not assets). */
export function synthOrchestrator(props: StepEverywhereProps = {}, app = newTestApp()): SynthesizedOrchestrator {
  const stack = new OrchestratorStack(app, 'StepEverywhere', {
    env: { account: HUB_ACCOUNT, region: HUB_REGION },
    orchestrator: props,
  });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as SynthesizedOrchestrator['json'] };
}

export function newTestApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

/** Logical ids of resources whose construct path contains `fragment`. */
export function logicalIdsByPath(stack: Stack, json: SynthesizedOrchestrator['json'], fragment: string): string[] {
  void stack;
  return Object.entries(json.Resources)
    .filter(([, r]) => String(r.Metadata?.['aws:cdk:path'] ?? '').includes(fragment))
    .map(([id]) => id);
}
