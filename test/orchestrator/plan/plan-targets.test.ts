import { describe, expect, it } from 'vitest';
import { Outcomes } from '../../../orchestrator/contract';
import { planTargets, type OrgAccount, type RegionPlan } from '../../../orchestrator/plan';
import { DEFAULT_REGIONS, OPT_IN } from './org-fixture';

const ACTIVE_A: OrgAccount = { Id: '111111111111', Name: 'a', State: 'ACTIVE' };
const ACTIVE_B: OrgAccount = { Id: '222222222222', Name: 'b', State: 'ACTIVE' };
const SUSPENDED: OrgAccount = { Id: '444444444444', Name: 'old', State: 'SUSPENDED' };

function regions(requested: string[] | undefined, enabledIn: Record<string, string[]> = {}): RegionPlan {
  return {
    requested,
    enabledByDefault: new Set(DEFAULT_REGIONS),
    enabledIn: new Map(Object.entries(enabledIn).map(([id, list]) => [id, new Set(list)])),
  };
}

describe('planTargets', () => {
  it('runs every requested region that is enabled by default, in the order requested', () => {
    // Prepare
    const plan = regions(['us-east-1', 'eu-west-1']);

    // Act
    const planned = planTargets([ACTIVE_A], plan);

    // Assess
    expect(planned.items).toEqual([{ AccountId: ACTIVE_A.Id, AccountName: 'a', Regions: ['us-east-1', 'eu-west-1'], OrganizationalUnitIds: [] }]);
    expect(planned.skipped).toEqual([]);
  });

  it('skips a suspended account in each requested region with a reason', () => {
    // Prepare
    const plan = regions(['us-east-1', 'eu-west-1']);

    // Act
    const planned = planTargets([SUSPENDED], plan);

    // Assess
    expect(planned.items).toEqual([]);
    expect(planned.skipped).toEqual(
      ['us-east-1', 'eu-west-1'].map((Region) => ({
        AccountId: SUSPENDED.Id,
        AccountName: 'old',
        Region,
        Outcome: Outcomes.SKIPPED,
        Reason: expect.stringContaining('account is SUSPENDED in AWS Organizations, not ACTIVE'),
      })),
    );
  });

  it('skips a PENDING_CLOSURE account in every default region when regions are per account', () => {
    // Prepare
    const closing: OrgAccount = { Id: '555555555555', Name: 'closing', State: 'PENDING_CLOSURE' };

    // Act
    const planned = planTargets([closing], regions(undefined));

    // Assess
    expect(planned.skipped.map((s) => s.Region)).toEqual(DEFAULT_REGIONS);
    expect(planned.skipped[0].Reason).toContain('PENDING_CLOSURE');
  });

  it('skips an opt-in region only in the account that has not enabled it', () => {
    // Prepare
    const plan = regions(['eu-west-1', OPT_IN], { [ACTIVE_A.Id]: DEFAULT_REGIONS, [ACTIVE_B.Id]: [...DEFAULT_REGIONS, OPT_IN] });

    // Act
    const planned = planTargets([ACTIVE_A, ACTIVE_B], plan);

    // Assess
    expect(planned.items).toEqual([
      { AccountId: ACTIVE_A.Id, AccountName: 'a', Regions: ['eu-west-1'], OrganizationalUnitIds: [] },
      { AccountId: ACTIVE_B.Id, AccountName: 'b', Regions: ['eu-west-1', OPT_IN], OrganizationalUnitIds: [] },
    ]);
    expect(planned.skipped).toEqual([
      {
        AccountId: ACTIVE_A.Id,
        AccountName: 'a',
        Region: OPT_IN,
        Outcome: Outcomes.SKIPPED,
        Reason: `region ${OPT_IN} is not enabled in account ${ACTIVE_A.Id}: enable it with 'aws account enable-region --account-id ${ACTIVE_A.Id} --region-name ${OPT_IN}', or leave it out of Regions`,
      },
    ]);
  });

  it('leaves an account with no runnable region out of the items', () => {
    // Prepare
    const plan = regions([OPT_IN], { [ACTIVE_A.Id]: DEFAULT_REGIONS });

    // Act
    const planned = planTargets([ACTIVE_A], plan);

    // Assess
    expect(planned.items).toEqual([]);
    expect(planned.skipped).toHaveLength(1);
  });

  it("runs each account's own enabled regions when none are requested", () => {
    // Prepare
    const plan = regions(undefined, { [ACTIVE_A.Id]: DEFAULT_REGIONS, [ACTIVE_B.Id]: [OPT_IN, ...DEFAULT_REGIONS] });

    // Act
    const planned = planTargets([ACTIVE_A, ACTIVE_B], plan);

    // Assess
    expect(planned.items.map((i) => i.Regions)).toEqual([DEFAULT_REGIONS, [...DEFAULT_REGIONS, OPT_IN].sort()]);
    expect(planned.skipped).toEqual([]);
  });
});
