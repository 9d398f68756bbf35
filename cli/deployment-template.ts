import { dirname, join, isAbsolute } from 'path';
import { parseDocument } from 'yaml';
import type { Deployment } from './deployment-file';
import { MAX_TEMPLATE_URL_BYTES } from '../worker-templates/cloudformation-deployer/limits';
import type { FieldIssue } from './field-issues';

export { MAX_TEMPLATE_BODY_BYTES, MAX_TEMPLATE_URL_BYTES } from '../worker-templates/cloudformation-deployer/limits';

/** A template read for a deployment: where it is and what it says. */
export interface DeploymentTemplate {
  readonly path: string;
  readonly body: string;
}

export interface TemplateCheck {
  readonly template?: DeploymentTemplate;
  readonly issues: FieldIssue[];
}

/** The template path as written is relative to the deployment file, as in docker-compose or kustomize. */
export function templatePathOf(deploymentFile: string, template: string): string {
  return isAbsolute(template) ? template : join(dirname(deploymentFile), template);
}

interface TemplateShape {
  readonly parameters: ReadonlyMap<string, { readonly hasDefault: boolean }>;
}

/** Reads the parts of a template a deployment must agree with; a problem is the fix to make. */
function shapeOf(body: string): TemplateShape | string {
  // JSON is YAML; CloudFormation's short-form tags (!Ref, !Sub) are unknown tags here, which
  // the parser only warns about, keeping their values.
  const doc = parseDocument(body, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return `is not valid JSON or YAML (${doc.errors[0].message.split('\n')[0]}) — fix the template`;
  const parsed: unknown = doc.toJS();
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'is not a CloudFormation template — it must be a mapping with Resources';
  const template = parsed as Record<string, unknown>;
  const resources = template.Resources;
  if (typeof resources !== 'object' || resources === null || Object.keys(resources).length === 0) {
    return 'has no Resources — a CloudFormation template declares at least one resource';
  }
  const declared = typeof template.Parameters === 'object' && template.Parameters !== null ? (template.Parameters as Record<string, unknown>) : {};
  const parameters = new Map(
    Object.entries(declared).map(([name, spec]) => [name, { hasDefault: typeof spec === 'object' && spec !== null && 'Default' in spec }]),
  );
  return { parameters };
}

function parameterIssues(deployment: Deployment, shape: TemplateShape, shownPath: string): FieldIssue[] {
  const known = [...shape.parameters.keys()];
  const listing = known.length > 0 ? `its parameters are: ${known.join(', ')}` : 'it declares no Parameters';
  const unknown = (path: Array<string | number>, name: string): FieldIssue => ({
    path: [...path, name],
    message: `is not a parameter of ${shownPath} — ${listing}`,
    atKey: true,
  });
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(deployment.parameters ?? {})) if (!shape.parameters.has(name)) issues.push(unknown(['parameters'], name));
  const overrides = deployment.overrides ?? {};
  for (const group of ['accounts', 'organizationalUnits', 'regions'] as const) {
    for (const [key, values] of Object.entries(overrides[group] ?? {})) {
      for (const name of Object.keys(values)) if (!shape.parameters.has(name)) issues.push(unknown(['overrides', group, key], name));
    }
  }
  const missing = known.filter((name) => !shape.parameters.get(name)?.hasDefault && deployment.parameters?.[name] === undefined);
  if (missing.length > 0) {
    issues.push({
      path: ['template'],
      message: `(${deployment.template}) needs ${missing.join(', ')}, which have no Default — give them under parameters`,
      atKey: false,
    });
  }
  return issues;
}

/**
 * Checks a deployment's template before anything runs: it exists, fits CloudFormation's
 * limits, parses, and agrees with the parameters the deployment gives.
 */
export function checkTemplate(deploymentFile: string, deployment: Deployment, readFile: (path: string) => string): TemplateCheck {
  if (deployment.template === undefined) return { issues: [] };
  const path = templatePathOf(deploymentFile, deployment.template);
  const at = (message: string): TemplateCheck => ({ issues: [{ path: ['template'], message: `(${deployment.template}) ${message}`, atKey: false }] });
  let body: string;
  try {
    body = readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return at(`${code === 'ENOENT' ? `no such file (${path})` : `cannot be read (${code ?? (error as Error).message})`} — give the template's path relative to this deployment file`);
  }
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_TEMPLATE_URL_BYTES) {
    return at(`is ${bytes} bytes; CloudFormation reads at most ${MAX_TEMPLATE_URL_BYTES} (1 MB) — split it into nested stacks or trim it`);
  }
  const shape = shapeOf(body);
  if (typeof shape === 'string') return at(shape);
  return { template: { path, body }, issues: parameterIssues(deployment, shape, deployment.template) };
}
