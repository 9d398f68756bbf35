/** An account as the planner needs it; `State` is the newer field, else the older `Status`. */
export interface OrgAccount {
  readonly Id: string;
  readonly Name: string;
  readonly State: string;
}

/** The direct children of a root or OU. */
export interface OrgChildren {
  readonly ous: readonly string[];
  readonly accounts: readonly string[];
}

/**
 * What the planner read from Organizations: every account, the root ids (when a root was
 * named) and the subtrees under the OUs the input names. Parents outside those subtrees
 * are absent from `children`, so an OU that was not found is absent too.
 */
export interface OrgSnapshot {
  readonly accounts: readonly OrgAccount[];
  readonly rootIds: readonly string[];
  readonly children: ReadonlyMap<string, OrgChildren>;
}

export const ACTIVE = 'ACTIVE';

/** Accounts anywhere under `parentId`, however deep. */
export function accountsUnder(children: ReadonlyMap<string, OrgChildren>, parentId: string): Set<string> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const pending = [parentId];
  while (pending.length > 0) {
    const parent = pending.pop() as string;
    if (visited.has(parent)) continue;
    visited.add(parent);
    const node = children.get(parent);
    if (!node) continue;
    for (const account of node.accounts) found.add(account);
    pending.push(...node.ous);
  }
  return found;
}

/**
 * For each account under the walked part of the tree, the OUs containing it, innermost
 * first and ending with the root; accounts outside it get none.
 */
export function organizationalUnitPaths(children: ReadonlyMap<string, OrgChildren>): Map<string, string[]> {
  const parentOf = new Map<string, string>();
  for (const [parent, node] of children) {
    for (const ou of node.ous) parentOf.set(ou, parent);
    for (const account of node.accounts) parentOf.set(account, parent);
  }
  const paths = new Map<string, string[]>();
  for (const node of children.values()) {
    for (const account of node.accounts) {
      const path: string[] = [];
      for (let parent = parentOf.get(account); parent !== undefined && !path.includes(parent); parent = parentOf.get(parent)) path.push(parent);
      paths.set(account, path);
    }
  }
  return paths;
}
