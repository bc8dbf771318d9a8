import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { InfraConfig } from '../config/infra-config';
import type { StateBackend } from '../config/state-backend';
import { PrivateBucket } from '../constructs/private-bucket';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_URL,
  READ_ONLY_ACCESS_POLICY_ARN,
  deployPolicyStatements,
  githubSubjects,
  githubTrustStatements,
  planPolicyStatements,
  workloadBoundaryStatements,
  type DeployScope,
} from '../iam/github-deploy-policies';
import { policyJson } from '../iam/policy-document';
import { PROJECT_TAG_KEY, resourceNames } from '../naming';
import { acceptRisk } from '../security/accept-risk';
import { StackBase } from './stack-base';

/** Old state versions are kept this long (a state rollback is a copy of an old version). */
export const STATE_NONCURRENT_VERSION_DAYS = 90;

/** Longest session a workflow job gets. */
const MAX_SESSION_SECONDS = 3_600;

/** Props of {@link BootstrapStack}. */
export interface BootstrapStackProps {
  readonly config: InfraConfig;
  /** Name of the state bucket this stack creates (the `TF_STATE_BUCKET` the main stack uses). */
  readonly stateBucketName: string;
  /** Key of the main stack's state (plan and deploy roles may read/write only that and its lock). */
  readonly mainStateKey: string;
  readonly backend: StateBackend;
}

/**
 * Applied once by an administrator: the Terraform state bucket, GitHub's OIDC provider, the plan role
 * (pull requests), the deploy role (the `production` environment), and the permissions boundary every
 * main-stack role carries.
 *
 * @example
 * new BootstrapStack(app, 'hls-stale-guard-bootstrap', { config, stateBucketName, mainStateKey, backend });
 */
export class BootstrapStack extends StackBase {
  constructor(scope: Construct, name: string, props: BootstrapStackProps) {
    const { config } = props;
    super(scope, name, {
      region: config.region,
      namePrefix: config.namePrefix,
      backend: props.backend,
    });
    const names = resourceNames(config.namePrefix);
    const accountId = new DataAwsCallerIdentity(this, 'caller').accountId;

    const state = new PrivateBucket(this, 'state', {
      bucketName: props.stateBucketName,
      preventDestroy: true,
      accessLogBucket: config.accessLogBucket,
      sseS3Rationale:
        'the state holds resource ids, ARNs and configuration, no secret values (the stacks create none); access is limited to two roles and TLS; a CMK would add key administration to a one-time bootstrap',
      lifecycleRules: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: STATE_NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    // checkov:skip=CKV2_AWS_62: nothing reacts to state writes
    acceptRisk(state.bucket, {
      rules: ['CKV2_AWS_62'],
      reason:
        'the state bucket has no consumers of object events; versioning and the locked roles cover its integrity',
    });

    const github = new IamOpenidConnectProvider(this, 'github-oidc', {
      url: GITHUB_OIDC_URL,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    const subjects = githubSubjects(config.githubRepository);
    const boundaryArn = `arn:aws:iam::${accountId}:policy/${names.permissionsBoundary}`;
    const deployScope: DeployScope = {
      namePrefix: config.namePrefix,
      accountId,
      region: config.region,
      iamPath: names.iamPath,
      permissionsBoundaryArn: boundaryArn,
      projectTagKey: PROJECT_TAG_KEY,
      canaryPrefix: config.canaryPrefix,
      stateBucketArn: state.bucket.arn,
      stateKey: props.mainStateKey,
      accessLogBucket: config.accessLogBucket,
      metricsNamespace: config.metricsNamespace,
    };

    new IamPolicy(this, 'workload-boundary', {
      name: names.permissionsBoundary,
      description: 'Permissions boundary of every role the hls-stale-guard deploy role creates',
      policy: policyJson(workloadBoundaryStatements(deployScope)),
    });

    const roles = {
      plan: new IamRole(this, 'plan-role', {
        name: names.planRole,
        description: `terraform plan from pull requests of ${config.githubRepository}`,
        maxSessionDuration: MAX_SESSION_SECONDS,
        assumeRolePolicy: policyJson(githubTrustStatements(github.arn, subjects.plan)),
      }),
      deploy: new IamRole(this, 'deploy-role', {
        name: names.deployRole,
        description: `terraform apply from the production environment of ${config.githubRepository}`,
        maxSessionDuration: MAX_SESSION_SECONDS,
        assumeRolePolicy: policyJson(githubTrustStatements(github.arn, subjects.deploy)),
      }),
    };
    for (const [kind, role] of Object.entries(roles)) {
      new IamRolePolicyAttachment(this, `${kind}-read-only`, {
        role: role.name,
        policyArn: READ_ONLY_ACCESS_POLICY_ARN,
      });
    }
    new IamRolePolicy(this, 'plan-policy', {
      name: 'terraform-plan',
      role: roles.plan.id,
      policy: policyJson(planPolicyStatements(deployScope)),
    });
    new IamRolePolicy(this, 'deploy-policy', {
      name: 'terraform-deploy',
      role: roles.deploy.id,
      policy: policyJson(deployPolicyStatements(deployScope)),
    });

    const outputs = {
      plan_role_arn: {
        value: roles.plan.arn,
        description: 'Role for terraform plan (pull requests)',
      },
      deploy_role_arn: {
        value: roles.deploy.arn,
        description: 'Role for terraform apply (environment production)',
      },
      state_bucket: {
        value: state.bucket.bucket,
        description: 'Terraform state bucket (TF_STATE_BUCKET)',
      },
    };
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { ...output, staticId: true });
    }
  }
}
