import { parse as parseYaml, type Tags } from 'yaml';
import { templateError } from './errors';
import type { Template } from './types';

const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Sub: 'Fn::Sub',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  Base64: 'Fn::Base64',
  ImportValue: 'Fn::ImportValue',
  Cidr: 'Fn::Cidr',
  Contains: 'Fn::Contains',
};

/** YAML templates may use `!Ref X`; each short form maps to the long form as a scalar, list or map. */
function shortFormTags(): Tags {
  const tags: Tags = [];
  for (const [short, long] of Object.entries(SHORT_FORMS)) {
    const scalar = (text: string): unknown => ({ [long]: short === 'GetAtt' ? splitGetAtt(text) : text });
    const collection = (node: { toJSON(): unknown }): unknown => ({ [long]: node.toJSON() });
    tags.push({ tag: `!${short}`, resolve: scalar } as Tags[number]);
    tags.push({ tag: `!${short}`, collection: 'seq', resolve: collection } as unknown as Tags[number]);
    tags.push({ tag: `!${short}`, collection: 'map', resolve: collection } as unknown as Tags[number]);
  }
  return tags;
}

function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

const TOP_LEVEL = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks']);

/** Parses a template body (JSON or YAML) and checks the structure CloudFormation insists on. */
export function parseTemplate(body: string): Template {
  const text = body.trim();
  if (text === '') throw templateError('the template body is empty; give a JSON or YAML template with a Resources section.');
  let parsed: unknown;
  if (text.startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw templateError(`JSON not well-formed. (${error instanceof Error ? error.message : String(error)})`);
    }
  } else {
    try {
      parsed = parseYaml(text, { customTags: shortFormTags(), uniqueKeys: true });
    } catch (error) {
      throw templateError(`YAML not well-formed. (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  return checkTemplate(parsed);
}

export function checkTemplate(parsed: unknown): Template {
  if (!isRecord(parsed)) throw templateError('a template must be a JSON or YAML object.');
  for (const key of Object.keys(parsed)) {
    if (!TOP_LEVEL.has(key)) throw templateError(`Invalid template property or properties [${key}]`);
  }
  if (parsed.Transform !== undefined) {
    throw templateError('Transform is not supported by the local cloud: deploy the processed template (cdk synth output has none).');
  }
  if (!isRecord(parsed.Resources) || Object.keys(parsed.Resources).length === 0) {
    throw templateError('At least one Resources member must be defined.');
  }
  for (const [logicalId, resource] of Object.entries(parsed.Resources)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(logicalId)) {
      throw templateError(`Resource name ${logicalId} is non alphanumeric.`);
    }
    if (!isRecord(resource) || typeof resource.Type !== 'string' || resource.Type === '') {
      throw templateError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
    if (resource.Properties !== undefined && !isRecord(resource.Properties)) {
      throw templateError(`[/Resources/${logicalId}/Properties] Properties must be an object.`);
    }
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      const value = resource[policy];
      if (value !== undefined && !['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(String(value))) {
        throw templateError(`[/Resources/${logicalId}/${policy}] ${String(value)} is not one of Delete, Retain, RetainExceptOnCreate, Snapshot.`);
      }
    }
  }
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Rules'] as const) {
    if (parsed[section] !== undefined && !isRecord(parsed[section])) throw templateError(`${section} must be an object.`);
  }
  for (const [name, parameter] of Object.entries((parsed.Parameters ?? {}) as Record<string, unknown>)) {
    if (!isRecord(parameter) || typeof parameter.Type !== 'string') {
      throw templateError(`[/Parameters/${name}] Every Parameters object must contain a Type member.`);
    }
  }
  for (const [name, output] of Object.entries((parsed.Outputs ?? {}) as Record<string, unknown>)) {
    if (!isRecord(output) || output.Value === undefined) {
      throw templateError(`[/Outputs/${name}] Every Outputs member must contain a Value object.`);
    }
  }
  return parsed as unknown as Template;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
