import type { CloudFormationEngine } from '../../cloudformation/engine';
import { parseTemplate } from '../../cloudformation/template';

/**
 * ValidateTemplate and GetTemplateSummary: the template's parameters, description and the
 * capabilities its IAM resources require.
 */
export function templateSummary(body: string, engine: CloudFormationEngine, summary: boolean): Record<string, unknown> {
  const template = parseTemplate(body);
  let capability: string | undefined;
  const iamResources: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const iam = engine.settings.providers.get(resource.Type)?.iam;
    if (!iam) continue;
    iamResources.push(logicalId);
    if (iam.nameProperty !== undefined && resource.Properties?.[iam.nameProperty] !== undefined) capability = 'CAPABILITY_NAMED_IAM';
    else capability ??= 'CAPABILITY_IAM';
  }
  const parameters = Object.entries(template.Parameters ?? {}).map(([key, declaration]) => ({
    ParameterKey: key,
    DefaultValue: declaration.Default === undefined ? undefined : Array.isArray(declaration.Default) ? declaration.Default.join(',') : String(declaration.Default),
    NoEcho: declaration.NoEcho === true || declaration.NoEcho === 'true',
    Description: declaration.Description,
    ...(summary
      ? { ParameterType: declaration.Type, ParameterConstraints: declaration.AllowedValues === undefined ? {} : { AllowedValues: declaration.AllowedValues.map(String) } }
      : {}),
  }));
  return {
    Parameters: parameters,
    Description: template.Description,
    Capabilities: capability === undefined ? undefined : [capability],
    CapabilitiesReason: capability === undefined ? undefined : `The following resource(s) require capabilities: [${[...new Set(iamResources.map((id) => template.Resources[id]?.Type))].join(', ')}]`,
    DeclaredTransforms: [],
    ...(summary ? { ResourceTypes: [...new Set(Object.values(template.Resources).map((r) => r.Type))], Version: template.AWSTemplateFormatVersion ?? '2010-09-09' } : {}),
  };
}
