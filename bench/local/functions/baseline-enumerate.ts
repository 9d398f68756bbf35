import { baselineEnumerate, type BaselineInput } from '../../baseline-enumerate';

/**
 * The original step-everywhere's enumeration as a Lambda function: every account of the
 * organization but the host × every region, one item each. Bundled by the benchmark and run by
 * the local Lambda like any function.
 */
export const handler = async (event: BaselineInput): Promise<unknown> => {
  const hostAccountId = process.env.HOST_ACCOUNT_ID;
  if (!hostAccountId) throw new Error('HOST_ACCOUNT_ID is not set: the benchmark sets it to the hub account when it creates this function');
  return baselineEnumerate(hostAccountId)(event);
};
