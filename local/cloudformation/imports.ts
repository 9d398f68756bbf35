import { isRecord } from './template';
import type { Template } from './types';

/** Export names a template imports by literal name, so the exporting stack cannot drop them. */
export function importsOf(template: Template): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      const imported = value['Fn::ImportValue'];
      if (typeof imported === 'string') names.add(imported);
      Object.values(value).forEach(visit);
    }
  };
  visit(template.Resources);
  visit(template.Outputs ?? {});
  return [...names];
}
