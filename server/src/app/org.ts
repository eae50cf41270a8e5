/**
 * The org chart as the read API needs it: who heads what, which users a manager's subtrees contain. Loaded per
 * portal from the synced CRM copy and cached until a sync changes the directory (invalidate) or a minute passes.
 */
import type { Kysely } from 'kysely';
import { listDepartments, listUsers } from '../db/crm/directory';
import type { DB } from '../db/schema';
import type { CrmDepartment, CrmUser } from '../ports/crm';
import type { OrgDirectory, Session } from './deps';

export interface Org {
  users: Map<string, CrmUser>;
  departments: Map<string, CrmDepartment>;
  children: Map<string, string[]>;
  /** Users per department (direct members only). */
  members: Map<string, string[]>;
}

const TTL_MS = 60_000;

export function buildOrg(users: CrmUser[], departments: CrmDepartment[]): Org {
  const org: Org = { users: new Map(), departments: new Map(), children: new Map(), members: new Map() };
  for (const d of departments) org.departments.set(d.id, d);
  for (const d of departments) {
    if (d.parentId && org.departments.has(d.parentId)) {
      const list = org.children.get(d.parentId) ?? [];
      list.push(d.id);
      org.children.set(d.parentId, list);
    }
  }
  for (const u of users) {
    org.users.set(u.id, u);
    for (const dep of u.departmentIds) {
      const list = org.members.get(dep) ?? [];
      list.push(u.id);
      org.members.set(dep, list);
    }
  }
  return org;
}

/** The given departments and everything below them (cycles in CRM data cannot loop us). */
export function subtree(org: Org, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = roots.filter((id) => org.departments.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of org.children.get(id) ?? []) stack.push(child);
  }
  return seen;
}

/** Users who are members of any of the departments. */
export function membersOf(org: Org, departmentIds: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const d of departmentIds) for (const u of org.members.get(d) ?? []) out.add(u);
  return out;
}

/** Departments whose head is the user: the role "manager" comes from heading at least one. */
export function headedBy(org: Org, userId: string): string[] {
  return [...org.departments.values()]
    .filter((d) => d.headId === userId)
    .map((d) => d.id)
    .sort();
}

export class OrgCache implements OrgDirectory {
  private readonly cache = new Map<string, { at: number; org: Promise<Org> }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  get(portalId: string): Promise<Org> {
    const hit = this.cache.get(portalId);
    if (hit && this.now() - hit.at < TTL_MS) return hit.org;
    const org = Promise.all([listUsers(this.db, portalId), listDepartments(this.db, portalId)]).then(([u, d]) =>
      buildOrg(u, d),
    );
    org.catch(() => this.cache.delete(portalId));
    this.cache.set(portalId, { at: this.now(), org });
    return org;
  }

  invalidate(portalId: string): void {
    this.cache.delete(portalId);
  }

  async visibleUserIds(session: Session): Promise<'all' | ReadonlySet<string>> {
    if (session.role === 'admin') return 'all';
    if (session.role === 'rep') return new Set([session.userId]);
    const org = await this.get(session.portalId);
    const users = membersOf(org, subtree(org, session.headOf));
    users.add(session.userId);
    return users;
  }

  async visibleDepartmentIds(session: Session): Promise<ReadonlySet<string>> {
    const org = await this.get(session.portalId);
    if (session.role === 'admin') return new Set(org.departments.keys());
    if (session.role === 'manager') return subtree(org, session.headOf);
    return new Set();
  }
}
