import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { checkDeploymentText, formatProblem } from '../cli/deployment-document';
import type { Deployment } from '../cli/deployment-file';
import type { DeploymentTemplate } from '../cli/deployment-template';

/** One deployment file, checked, with its template read. */
export interface CheckedDeployment {
  readonly file: string;
  readonly deployment: Deployment;
  readonly template?: DeploymentTemplate;
}

/**
 * Every `*.yaml` / `*.yml` of the deployments folder, checked as `step-everywhere validate`
 * checks them. Any problem stops synthesis — and so the pipeline's synth step — with every
 * problem as `file:line:column: message`, before anything deploys.
 */
export function loadDeployments(dir: string): CheckedDeployment[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new Error(`${dir}: no deployments folder; add ${dir}/<name>.yaml files (see cli/README.md), or point deploymentsDir elsewhere`);
  }
  const problems: string[] = [];
  const checked: CheckedDeployment[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const result = checkDeploymentText(file, readFileSync(file, 'utf8'), (path) => readFileSync(path, 'utf8'));
    if (!result.ok) problems.push(...result.problems.map(formatProblem));
    else checked.push({ file, deployment: result.deployment, ...(result.template ? { template: result.template } : {}) });
  }
  const byName = new Map<string, string>();
  for (const c of checked) {
    const other = byName.get(c.deployment.name);
    if (other) problems.push(`${c.file}:1:1: name "${c.deployment.name}" is also the name of ${other} — give each deployment its own name`);
    byName.set(c.deployment.name, c.file);
  }
  if (problems.length > 0) throw new Error(`invalid deployment files:\n${problems.join('\n')}`);
  return checked;
}

/** Deployments that run side by side: every file declaring this `order`. */
export interface OrderGroup {
  readonly order: number;
  readonly deployments: CheckedDeployment[];
}

/** The deployments in run order: groups by ascending `order` (default 0), files of a group by file name. */
export function orderGroups(deployments: readonly CheckedDeployment[]): OrderGroup[] {
  const groups = new Map<number, CheckedDeployment[]>();
  for (const d of deployments) {
    const order = d.deployment.order ?? 0;
    groups.set(order, [...(groups.get(order) ?? []), d]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([order, group]) => ({ order, deployments: group }));
}
