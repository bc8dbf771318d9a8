import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { effectivePrefixes, type InfraConfig } from '../config/infra-config';
import type { StateBackend } from '../config/state-backend';
import { PrivateBucket } from '../constructs/private-bucket';
import type { DeployScope } from '../iam/deploy-scope';
import { encoderPolicyStatements } from '../iam/encoder-policy';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_URL,
  githubSubjects,
  githubTrustStatements,
} from '../iam/github-oidc';
import { deployPolicyStatements, planPolicyStatements } from '../iam/github-role-policies';
import { policyJson } from '../iam/policy-document';
import { terraformReadStatements } from '../iam/terraform-read-policy';
import { workloadBoundaryStatements } from '../iam/workload-boundary';
import { PROJECT_TAG_KEY, resourceNames } from '../naming';
import { acceptRisk } from '../security/accept-risk';
import { StackBase } from './stack-base';

/** Old state versions are kept this long (a state rollback is a copy of an old version). */
const STATE_NONCURRENT_VERSION_DAYS = 90;

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
 * Applied once by an administrator: the Terraform state bucket, GitHub's OIDC provider (or the
 * account's existing one), the plan role (pull requests), the deploy role (the `production`
 * environment), the read policy both share, the permissions boundary every main-stack role carries,
 * and the policy encoder roles attach.
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

    const githubProviderArn = this.githubOidcProvider(config.githubOidcProvider);
    const subjects = githubSubjects(config.githubRepository);
    const deployScope: DeployScope = {
      namePrefix: config.namePrefix,
      names,
      accountId,
      region: config.region,
      // Adopted buckets keep their owners' names; created ones follow the stack's naming.
      originBucketNames:
        config.existingOriginBuckets ??
        config.pipelines.map((pipeline) => names.originBucket(pipeline, accountId, config.region)),
      watchedPrefixes: config.watchedPrefixes,
      checkedPrefixes: effectivePrefixes(config),
      canaryPrefix: config.canaryPrefix,
      permissionsBoundaryArn: `arn:aws:iam::${accountId}:policy/${names.permissionsBoundary}`,
      projectTagKey: PROJECT_TAG_KEY,
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
    // Same name and path as when the main stack owned it, so encoder roles keep their attachment.
    const encoderPolicy = new IamPolicy(this, 'encoder-policy', {
      name: names.encoderPolicy,
      path: names.iamPath,
      description: 'Encoders write HLS playlists and segments under the watched prefixes',
      policy: policyJson(encoderPolicyStatements(deployScope)),
    });
    const readPolicy = new IamPolicy(this, 'terraform-read', {
      name: names.terraformReadPolicy,
      description: 'terraform plan/apply refresh of the hls-stale-guard main stack (no data reads)',
      policy: policyJson(terraformReadStatements(deployScope)),
    });

    const roles = {
      plan: new IamRole(this, 'plan-role', {
        name: names.planRole,
        description: `terraform plan from pull requests of ${config.githubRepository}`,
        maxSessionDuration: MAX_SESSION_SECONDS,
        assumeRolePolicy: policyJson(githubTrustStatements(githubProviderArn, subjects.plan)),
      }),
      deploy: new IamRole(this, 'deploy-role', {
        name: names.deployRole,
        description: `terraform apply from the production environment of ${config.githubRepository}`,
        maxSessionDuration: MAX_SESSION_SECONDS,
        assumeRolePolicy: policyJson(githubTrustStatements(githubProviderArn, subjects.deploy)),
      }),
    };
    for (const [kind, role] of Object.entries(roles)) {
      new IamRolePolicyAttachment(this, `${kind}-terraform-read`, {
        role: role.name,
        policyArn: readPolicy.arn,
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
      encoder_policy_arn: {
        value: encoderPolicy.arn,
        description:
          'Managed policy an encoder role attaches (PutObject under the watched prefixes)',
      },
    };
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { ...output, staticId: true });
    }
  }

  /**
   * The ARN the roles trust. IAM holds one OIDC provider per URL and account, so an account that already
   * has GitHub's cannot create a second (EntityAlreadyExists): `existing` looks it up by URL, an ARN is
   * looked up as given. Either way the plan fails unless the provider accepts the audience the roles
   * expect. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  private githubOidcProvider(setting: InfraConfig['githubOidcProvider']): string {
    if (setting === 'create') {
      return new IamOpenidConnectProvider(this, 'github-oidc', {
        url: GITHUB_OIDC_URL,
        clientIdList: [GITHUB_OIDC_AUDIENCE],
      }).arn;
    }
    return new DataAwsIamOpenidConnectProvider(this, 'github-oidc', {
      ...(setting === 'existing' ? { url: GITHUB_OIDC_URL } : { arn: setting }),
      lifecycle: {
        postcondition: [
          {
            condition: `\${contains(self.client_id_list, "${GITHUB_OIDC_AUDIENCE}")}`,
            errorMessage: `The existing GitHub OIDC provider does not accept the audience ${GITHUB_OIDC_AUDIENCE}: add it to its client IDs (aws iam add-client-id-to-open-id-connect-provider).`,
          },
        ],
      },
    }).arn;
  }
}
