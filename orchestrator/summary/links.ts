/** Console host per partition; the execution ARN names the partition and the region. */
export const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** The Step Functions console page of an execution, or undefined when the id is not an execution ARN. */
export function executionConsoleUrl(executionArn: string): string | undefined {
  const parts = executionArn.split(':');
  // arn:partition:states:region:account:execution:stateMachine:name
  if (parts.length < 8 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'execution') {
    return undefined;
  }
  const partition = parts[1] ?? '';
  const region = parts[3] ?? '';
  const host = CONSOLE_HOSTS[partition];
  if (host === undefined || region === '') {
    return undefined;
  }
  return `https://${region}.${host}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
