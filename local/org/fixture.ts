import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import type { FaultRule, Organization, OrganizationalUnit, OrgAccount, RegionOptStatus } from './model';
import { fixtureSchema, type FixtureInput, type UnitInput } from './schema';

/** When the fixture says nothing, accounts joined at one fixed moment so every run answers the same. */
export const FIXTURE_JOINED_TIMESTAMP = new Date('2024-01-01T00:00:00.000Z');

export interface FixtureProblem {
  readonly line: number;
  readonly column: number;
  /** Dotted path of the offending field, e.g. `accounts[3].state`. */
  readonly field: string;
  readonly problem: string;
}

/** A fixture that cannot be used; the message lists every problem as `file:line:column field: problem`. */
export class FixtureError extends Error {
  public override readonly name = 'FixtureError';
  public constructor(
    public readonly file: string,
    public readonly problems: readonly FixtureProblem[],
  ) {
    super(
      `Organization fixture ${file} is invalid:\n` +
        problems.map((p) => `  ${file}:${p.line}:${p.column} ${p.field}: ${p.problem}`).join('\n'),
    );
  }
}

export function loadOrganization(file: string): Organization {
  return parseOrganization(readFileSync(file, 'utf8'), file);
}

/** Parses and checks a fixture; `file` only names the source in error messages. */
export function parseOrganization(text: string, file: string): Organization {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new FixtureError(
      file,
      doc.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { line: position.line, column: position.col, field: '(yaml)', problem: error.message.split('\n')[0] ?? error.message };
      }),
    );
  }
  const locate = (path: readonly (string | number)[], problem: string): FixtureProblem => {
    const { line, column } = positionOf(doc, lineCounter, path);
    return { line, column, field: fieldName(path), problem };
  };
  const parsed = fixtureSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new FixtureError(file, parsed.error.issues.map((issue) => locate(issuePath(issue), describe(issue))));
  }
  const problems: FixtureProblem[] = [];
  const org = build(parsed.data, (path, problem) => problems.push(locate(path, problem)));
  if (problems.length > 0) throw new FixtureError(file, problems);
  return org;
}

type Report = (path: (string | number)[], problem: string) => void;

/** Builds the organization and checks what a schema cannot: unique ids and references. */
function build(input: FixtureInput, report: Report): Organization {
  const orgId = input.organization.id;
  const rootId = input.organization.rootId ?? `r-${orgId.slice(2, 6)}`;
  const units: OrganizationalUnit[] = [];
  const flatten = (list: UnitInput[] | undefined, parentId: string, path: (string | number)[]): void => {
    (list ?? []).forEach((unit, index) => {
      const here = [...path, index];
      if (units.some((known) => known.id === unit.id)) report([...here, 'id'], `OU id ${unit.id} is used twice; give each OU its own id`);
      units.push({ id: unit.id, name: unit.name, parentId });
      flatten(unit.organizationalUnits, unit.id, [...here, 'organizationalUnits']);
    });
  };
  flatten(input.organizationalUnits, rootId, ['organizationalUnits']);

  const defaults = input.regions as Record<string, RegionOptStatus>;
  const management = input.organization.managementAccount;
  const accounts: OrgAccount[] = [
    {
      ...management,
      parentId: rootId,
      state: 'ACTIVE',
      joinedMethod: 'INVITED',
      joinedTimestamp: FIXTURE_JOINED_TIMESTAMP,
      regions: defaults,
    },
  ];
  const parents = new Set([rootId, ...units.map((unit) => unit.id)]);
  (input.accounts ?? []).forEach((account, index) => {
    const path = ['accounts', index];
    if (accounts.some((known) => known.id === account.id)) {
      report([...path, 'id'], `account ${account.id} is listed twice (or is the management account); give each account its own id`);
    }
    const parentId = account.parent ?? rootId;
    if (!parents.has(parentId)) {
      report([...path, 'parent'], `no OU or root has id ${parentId}; use ${rootId} or one of: ${units.map((unit) => unit.id).join(', ') || '(no OUs defined)'}`);
    }
    accounts.push({
      id: account.id,
      name: account.name,
      email: account.email,
      parentId,
      state: (account.state ?? 'ACTIVE') as OrgAccount['state'],
      joinedMethod: 'CREATED',
      joinedTimestamp: FIXTURE_JOINED_TIMESTAMP,
      regions: { ...defaults, ...(account.regions as Record<string, RegionOptStatus> | undefined) },
    });
  });

  const faults: FaultRule[] = input.faults ?? [];
  faults.forEach((rule, index) => {
    if (rule.account !== undefined && !accounts.some((account) => account.id === rule.account)) {
      report(['faults', index, 'account'], `account ${rule.account} is not in the organization; name one of its accounts or leave account out to match all`);
    }
  });
  return { id: orgId, managementAccountId: management.id, rootId, units, accounts, faults };
}

function positionOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): { line: number; column: number } {
  // A missing field has no node: point at the nearest enclosing one that exists.
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return { line: 1, column: 1 };
}

function fieldName(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)';
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`), '');
}

/** An unknown field is reported at the field itself, not at the object holding it. */
function issuePath(issue: ZodIssue): (string | number)[] {
  return issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
}

function describe(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  if (issue.code === 'invalid_type') return `must be ${issue.expected}, not ${issue.received}`;
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}: check the spelling against the fixture format`;
  return issue.message;
}
