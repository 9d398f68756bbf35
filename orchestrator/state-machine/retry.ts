import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames, RETRYABLE_LAMBDA_ERRORS } from '../contract';

/** Lambda service errors and throttling: retried with exponential backoff and full jitter. */
export const LAMBDA_SERVICE_RETRY: sfn.RetryProps = {
  errors: [...RETRYABLE_LAMBDA_ERRORS],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Errors that mean the request itself is wrong: retrying cannot help. */
export const NEVER_RETRY: sfn.RetryProps = {
  errors: [ErrorNames.INVALID_INPUT, ErrorNames.WORKER_NOT_ALLOWED, ErrorNames.PLAN_FAILED, ErrorNames.INVALID_CONFIGURATION],
  maxAttempts: 0,
};

/** A handler's own transient failure (e.g. throttling that outlasted the SDK's retries). */
export const TASK_FAILED_RETRY: sfn.RetryProps = {
  errors: [sfn.Errors.TASKS_FAILED],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 2,
  jitterStrategy: sfn.JitterType.FULL,
};

/** Adds the retriers in the order Step Functions must try them: first match wins. */
export function withRetries<T extends { addRetry(props: sfn.RetryProps): unknown }>(state: T): T {
  state.addRetry(NEVER_RETRY);
  state.addRetry(LAMBDA_SERVICE_RETRY);
  state.addRetry(TASK_FAILED_RETRY);
  return state;
}

/**
 * What a worker built with `defineWorker` throws instead of recording: its result could
 * not be stored, or KMS was throttled. Worker code's own errors are recorded, not thrown,
 * so they are not retried here.
 */
export const WORKER_TRANSIENT_RETRY: sfn.RetryProps = {
  errors: [ErrorNames.RESULT_WRITE_FAILED, 'ThrottlingException', 'KMSInternalException'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 3,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};
