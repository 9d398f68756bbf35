import { templateError, validationError } from './errors';
import { isRecord } from './template';
import type { Template } from './types';

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
  'AWS::NoValue',
  'AWS::NotificationARNs',
]);

/** Names a value refers to through Ref, Fn::GetAtt and Fn::Sub (`${Name}` / `${Name.Attr}`). */
export function namesReferenced(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((member) => namesReferenced(member, into));
    return into;
  }
  if (!isRecord(value)) return into;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const argument = value[keys[0] as string];
    switch (keys[0]) {
      case 'Ref':
        if (typeof argument === 'string') into.add(argument);
        return into;
      case 'Fn::GetAtt': {
        const id = typeof argument === 'string' ? argument.split('.')[0] : Array.isArray(argument) ? argument[0] : undefined;
        if (typeof id === 'string') into.add(id);
        if (Array.isArray(argument)) namesReferenced(argument.slice(1), into);
        return into;
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof argument === 'string' ? [argument, {}] : Array.isArray(argument) ? argument : ['', {}];
        const local = isRecord(variables) ? new Set(Object.keys(variables)) : new Set<string>();
        for (const match of String(text).matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const name = (match[1] as string).trim();
          const head = name.startsWith('AWS::') ? name : name.split('.')[0] as string;
          if (!local.has(name)) into.add(head);
        }
        namesReferenced(variables, into);
        return into;
      }
      default:
        break;
    }
  }
  for (const key of keys) namesReferenced(value[key], into);
  return into;
}

/**
 * The resources each active resource depends on (DependsOn and references), checked: every name
 * must be a parameter, a pseudo parameter or a resource of the template.
 */
export function dependencyGraph(template: Template, active: ReadonlySet<string>): Map<string, Set<string>> {
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const resources = new Set(Object.keys(template.Resources));
  const graph = new Map<string, Set<string>>();
  for (const logicalId of active) {
    const resource = template.Resources[logicalId];
    if (!resource) continue;
    const dependencies = new Set<string>();
    const dependsOn = resource.DependsOn === undefined ? [] : typeof resource.DependsOn === 'string' ? [resource.DependsOn] : resource.DependsOn;
    for (const name of dependsOn) {
      if (!resources.has(name)) throw templateError(`Unresolved resource dependencies [${name}] in the Resources block of the template (DependsOn of ${logicalId}).`);
      if (active.has(name)) dependencies.add(name);
    }
    for (const name of namesReferenced(resource.Properties ?? {})) {
      if (PSEUDO_PARAMETERS.has(name) || parameters.has(name)) continue;
      if (!resources.has(name)) {
        throw templateError(`Unresolved resource dependencies [${name}] in the Resources block of the template (referenced by ${logicalId}).`);
      }
      if (active.has(name)) dependencies.add(name);
    }
    if (dependencies.has(logicalId)) throw validationError(`Circular dependency between resources: [${logicalId}]`);
    graph.set(logicalId, dependencies);
  }
  topologicalOrder(graph);
  return graph;
}

/** Kahn's order (dependencies first); a cycle is a ValidationError naming the resources in it. */
export function topologicalOrder(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const remaining = new Map([...graph].map(([id, dependencies]) => [id, new Set([...dependencies].filter((d) => graph.has(d)))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, dependencies]) => dependencies.size === 0).map(([id]) => id).sort();
    if (ready.length === 0) {
      throw validationError(`Circular dependency between resources: [${[...remaining.keys()].sort().join(', ')}]`);
    }
    for (const id of ready) {
      order.push(id);
      remaining.delete(id);
      for (const dependencies of remaining.values()) dependencies.delete(id);
    }
  }
  return order;
}

/** For deletion: which resources depend on each resource (they go first). */
export function dependents(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const reverse = new Map<string, Set<string>>([...graph.keys()].map((id) => [id, new Set<string>()]));
  for (const [id, dependencies] of graph) {
    for (const dependency of dependencies) reverse.get(dependency)?.add(id);
  }
  return reverse;
}
