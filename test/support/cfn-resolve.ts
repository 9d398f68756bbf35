/**
 * Resolves the CloudFormation intrinsics CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split) against fixed values, so tests can read synthesized policies and
 * state machine definitions as the deployed service would see them.
 */
export interface ResolveEnv {
  readonly accountId: string;
  readonly region: string;
  readonly partition?: string;
  /** Ref of a logical id → value; default: the logical id itself. */
  readonly refs?: Record<string, string>;
  /** `LogicalId.Attribute` → value; default: a synthetic ARN built from the resource type. */
  readonly attributes?: Record<string, string>;
  readonly resources?: Record<string, { Type: string }>;
}

export function resolveIntrinsics(value: unknown, env: ResolveEnv): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, env));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    switch (fn) {
      case 'Ref':
        return resolveRef(arg as string, env);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
        return resolveAtt(id, attr, env);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (resolveIntrinsics(parts, env) as unknown[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = resolveIntrinsics(arg, env) as [number | string, unknown[]];
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [sep, text] = resolveIntrinsics(arg, env) as [string, string];
        return text.split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
        const resolvedVars = resolveIntrinsics(vars, env) as Record<string, string>;
        return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) =>
          name in resolvedVars
            ? resolvedVars[name]
            : name.includes('.')
              ? resolveAtt(name.split('.')[0], name.split('.').slice(1).join('.'), env)
              : resolveRef(name, env),
        );
      }
      default:
        break;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, env)]));
}

function resolveRef(name: string, env: ResolveEnv): string {
  switch (name) {
    case 'AWS::AccountId':
      return env.accountId;
    case 'AWS::Region':
      return env.region;
    case 'AWS::Partition':
      return env.partition ?? 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'StepEverywhere';
    default:
      return env.refs?.[name] ?? name;
  }
}

function resolveAtt(id: string, attr: string, env: ResolveEnv): string {
  const given = env.attributes?.[`${id}.${attr}`];
  if (given) return given;
  const type = env.resources?.[id]?.Type ?? '';
  const p = env.partition ?? 'aws';
  if (attr === 'Arn') {
    switch (type) {
      case 'AWS::IAM::Role':
        return `arn:${p}:iam::${env.accountId}:role/${id}`;
      case 'AWS::Lambda::Function':
        return `arn:${p}:lambda:${env.region}:${env.accountId}:function:${id}`;
      case 'AWS::S3::Bucket':
        return `arn:${p}:s3:::${resolveRef(id, env)}`;
      case 'AWS::KMS::Key':
        return `arn:${p}:kms:${env.region}:${env.accountId}:key/${id}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${p}:logs:${env.region}:${env.accountId}:log-group:${id}:*`;
      default:
        return `arn:${p}:unknown:${env.region}:${env.accountId}:${id}`;
    }
  }
  return `${id}.${attr}`;
}
