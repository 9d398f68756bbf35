import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AccountItem, RunContext } from '../orchestrator/contract';
import { executionPrefix } from '../orchestrator/contract';

/** Where the baseline state machine lives: the hub account's home region. */
const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const arnOf = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const BASELINE_ENUMERATE = arnOf('BaselineEnumerate');
export const BASELINE_CREDENTIALS = arnOf('BaselineCredentials');

export interface BaselineInput {
  readonly Regions: string[];
  readonly Function: string;
  readonly RoleName: string;
  readonly Bucket: string;
}

/** The original's enumeration: every account of the organization × every region, one item each. */
export function baselineEnumerate(hostAccountId: string) {
  return async (event: BaselineInput & { ExecutionId?: string }) => {
    const organizations = new OrganizationsClient({});
    const accounts: AccountItem[] = [];
    let NextToken: string | undefined;
    do {
      const page = await organizations.send(new ListAccountsCommand({ NextToken }));
      for (const a of page.Accounts ?? []) {
        if (a.Id && a.Id !== hostAccountId) accounts.push({ AccountId: a.Id, AccountName: a.Name ?? a.Id, Regions: [] });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    const executionName = 'baseline';
    const context: RunContext = {
      ExecutionId: `arn:aws:states:${REGION}:${ACCOUNT}:execution:Baseline:${executionName}`,
      ExecutionName: executionName,
      FunctionName: event.Function,
      Qualifier: '$LATEST',
      FunctionTarget: event.Function,
      RoleName: event.RoleName,
      Payload: {},
      Bucket: event.Bucket,
      Prefix: executionPrefix(event.Function, '$LATEST', `${executionName}-baseline`),
      MaxPolls: 0,
    };
    return accounts.flatMap((Account) => event.Regions.map((Region) => ({ Account: { ...Account, Regions: [Region] }, Region, Context: context })));
  };
}
