import type { CloudContext } from '../services/service';
import type { PipelineRecord } from './records';

/**
 * What the CloudFormation providers tell the running pipeline runtime of a cloud. A cloud built
 * without the CodePipeline service has none: its providers only store definitions.
 */
export interface PipelineListener {
  /** CodePipeline starts an execution when a pipeline is created. */
  pipelineCreated(pipeline: PipelineRecord): void;
  /** A new definition: running executions are superseded, and restarted when the pipeline says so. */
  pipelineUpdated(pipeline: PipelineRecord): void;
  pipelineDeleted(pipeline: PipelineRecord): void;
}

const listeners = new WeakMap<CloudContext, PipelineListener>();

export function setPipelineListener(cloud: CloudContext, listener: PipelineListener): void {
  listeners.set(cloud, listener);
}

export function pipelineListenerOf(cloud: CloudContext): PipelineListener | undefined {
  return listeners.get(cloud);
}
