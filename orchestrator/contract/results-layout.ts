/**
 * Where things live in the results bucket. Per-target results keep the original
 * step-everywhere layout; run-level files sit beside the account folders under `_run/`
 * (account folders are 12 digits, so the names cannot collide).
 */
export const RESULTS_ROOT = 'StepEverywhere';

export function executionPrefix(functionName: string, qualifier: string, executionName: string): string {
  return `${RESULTS_ROOT}/${functionName}/${qualifier}/${executionName}`;
}

export function targetResultKey(prefix: string, accountId: string, region: string): string {
  return `${prefix}/${accountId}/${region}.json`;
}

export const runKeys = {
  manifest: (prefix: string, wave: number) => `${prefix}/_run/waves/${wave}/manifest.json`,
  waveOutcomes: (prefix: string, wave: number) => `${prefix}/_run/waves/${wave}/outcomes.json`,
  skipped: (prefix: string) => `${prefix}/_run/skipped.json`,
  mapResults: (prefix: string) => `${prefix}/_run/map-results`,
  summary: (prefix: string) => `${prefix}/summary.json`,
  notified: (prefix: string) => `${prefix}/_run/notified.json`,
};

/**
 * Templates the CLI uploads for the CloudFormation deployer, named by their SHA-256 so the
 * same template is stored once; the deployer's role may read this prefix only.
 */
export const TEMPLATES_PREFIX = 'templates/';

export function templateObjectKey(sha256Hex: string): string {
  return `${TEMPLATES_PREFIX}${sha256Hex}.template`;
}
