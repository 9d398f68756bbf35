import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { operations } from './operations';

export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/**
 * Amazon SNS (query protocol): topics with policies, email subscriptions (confirmed at once, since
 * nobody can click a link in a local cloud) and Publish, which writes one RFC 5322 `.eml` per email
 * subscription into `<state folder>/outbox/`.
 */
export const snsService: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 'sns',
  protocol: 'query',
  xmlNamespace: SNS_XML_NAMESPACE,
  handle: async (request) => {
    const operation = operations[request.action];
    if (!operation) {
      throw new AwsError('InvalidAction', `The local SNS does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
    }
    return operation(request, cloud);
  },
});
