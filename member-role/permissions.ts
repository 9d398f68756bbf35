/**
 * The actions the roles of this folder grant, kept apart from the constructs so the local
 * cloud, the docs and the tests read one list.
 */

/**
 * What the bundled CloudFormation deployer does to its own stacks: read them, deploy them
 * through change sets, delete them and recover them. Granted only on stacks (and change
 * sets) whose names start with the stack name prefix; every one of these actions accepts
 * a `stack` resource in the Service Authorization Reference.
 */
export const DEPLOYER_STACK_ACTIONS = [
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResources',
  'cloudformation:GetTemplate',
  'cloudformation:GetTemplateSummary',
  'cloudformation:CreateChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:ListChangeSets',
  'cloudformation:DeleteStack',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:UpdateTerminationProtection',
  // Tags given on creation may be authorized as TagResource (the reason the
  // cloudformation:CreateAction condition key exists); it only reaches the deployer's stacks.
  'cloudformation:TagResource',
] as const;

/**
 * Actions with no resource type in the Service Authorization Reference: IAM only accepts
 * them on `*`. ListStacks lists names and statuses (the inventory worker's whole job);
 * ValidateTemplate checks the template it is given and reads nothing from the account.
 */
export const UNSCOPED_CLOUDFORMATION_ACTIONS = ['cloudformation:ListStacks', 'cloudformation:ValidateTemplate'] as const;

/** The service the execution role may be passed to, and the only one. */
export const CLOUDFORMATION_SERVICE = 'cloudformation.amazonaws.com';

/** Organizations reads the planner makes that accept no resource: IAM only accepts `*`. */
export const ORG_READER_UNSCOPED_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListAccounts',
] as const;

/** Organizations reads the planner makes on accounts, OUs and roots: scoped to the organization. */
export const ORG_READER_SCOPED_ACTIONS = [
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
] as const;

/** Which regions each account has enabled, so opt-in regions that are off are skipped. */
export const ORG_READER_ACCOUNT_ACTIONS = ['account:ListRegions', 'account:GetRegionOptStatus'] as const;
