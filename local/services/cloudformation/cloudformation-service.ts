import { CloudFormationEngine, type EngineOptions } from '../../cloudformation/engine';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { operations } from './operations';

export const CLOUDFORMATION_XML_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const engines = new WeakMap<CloudContext, CloudFormationEngine>();

/**
 * The engine of a cloud: the one its CloudFormation service was built with, so programmatic
 * deployments (deployCloudAssembly) and API calls share operations and settings.
 */
export function engineOf(cloud: CloudContext, options?: EngineOptions): CloudFormationEngine {
  let engine = engines.get(cloud);
  if (!engine) {
    engine = new CloudFormationEngine(cloud, options);
    engines.set(cloud, engine);
  }
  return engine;
}

/** AWS CloudFormation (query protocol, 2010-05-15); every call authorized on the stack's ARN. */
export function cloudFormationService(options: EngineOptions = {}): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => {
    const engine = engineOf(cloud, options);
    return {
      name: 'cloudformation',
      protocol: 'query',
      xmlNamespace: CLOUDFORMATION_XML_NAMESPACE,
      handle: async (request) => {
        const operation = operations[request.action];
        if (!operation) {
          throw new AwsError('InvalidAction', `Could not find operation ${request.action} for version 2010-05-15 (the local CloudFormation serves: ${Object.keys(operations).join(', ')}).`, 400);
        }
        return operation(request, engine);
      },
    };
  };
}
