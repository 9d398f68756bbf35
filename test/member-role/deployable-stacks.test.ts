import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ASSUMABLE_TAG_KEY } from '../../orchestrator/contract';
import { MemberRoleTemplateStack, MemberTemplateParameters, OrgReaderTemplateStack } from '../../member-role';

describe('deployable member templates', () => {
  it('takes the credentials role and organization id as parameters and uses them in the trust', () => {
    // Prepare
    const template = Template.fromStack(new MemberRoleTemplateStack(new App(), 'Member'));

    // Act
    const trust = JSON.stringify(template.findResources('AWS::IAM::Role', { Properties: { Tags: Match.arrayWith([Match.objectLike({ Key: ASSUMABLE_TAG_KEY })]) } }));

    // Assess
    template.hasParameter(MemberTemplateParameters.CREDENTIALS_ROLE_ARN, { Type: 'String' });
    template.hasParameter(MemberTemplateParameters.ORGANIZATION_ID, { AllowedPattern: '^o-[a-z0-9]{10,32}$' });
    expect(trust).toContain(`"Ref":"${MemberTemplateParameters.CREDENTIALS_ROLE_ARN}"`);
    expect(trust).toContain(`"Ref":"${MemberTemplateParameters.ORGANIZATION_ID}"`);
  });

  it('needs no CDK bootstrap in the accounts it deploys to', () => {
    // Prepare
    const template = Template.fromStack(new MemberRoleTemplateStack(new App(), 'Member')).toJSON() as { Parameters?: object; Rules?: object };

    // Assess
    expect(Object.keys(template.Parameters ?? {})).not.toContain('BootstrapVersion');
    expect(template.Rules).toBeUndefined();
  });

  it('takes the plan role as the org reader trust parameter', () => {
    // Prepare
    const template = Template.fromStack(new OrgReaderTemplateStack(new App(), 'Reader'));

    // Assess
    template.hasParameter(MemberTemplateParameters.PLAN_ROLE_ARN, { Type: 'String' });
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).toContain(`"Ref":"${MemberTemplateParameters.PLAN_ROLE_ARN}"`);
  });
});
