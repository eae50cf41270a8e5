/**
 * @module What the host page needs from "the portal" — a structural subset of the Bitrix24 emulator's handle
 * (`startBitrix24Emulator()` returns a matching object), so the host page depends on no emulator internals and a
 * browser test can hand it a tiny fake.
 */

export interface HostUser {
  id: number;
  name: string;
  lastName: string;
  active: boolean;
  isAdmin: boolean;
  departments: number[];
  workPosition: string;
}

export interface HostDepartment {
  id: number;
  name: string;
  parentId: number | null;
  headId: number | null;
}

export interface HostDeal {
  id: number;
  title: string;
  categoryId: number;
  stageId: string;
  stageSemanticId: 'P' | 'S' | 'F';
  currencyId: string;
  /** Minor units (kopecks): exact. */
  opportunity: number;
  assignedById: number;
  closeDate: number;
  dateModify: number;
}

export interface HostStage {
  categoryId: number;
  statusId: string;
  name: string;
  color: string;
  semantic: 'P' | 'S' | 'F';
}

export interface FrameAuth {
  AUTH_ID: string;
  REFRESH_ID: string;
  AUTH_EXPIRES: number;
  isAdmin: boolean;
}

export interface HostPortal {
  /** Portal domain as the frame's init data carries it (the emulator's `127.0.0.1:PORT`). */
  domain: string;
  memberId: string;
  control: {
    /** A frame AUTH_ID for a user, as Bitrix24 hands one to an app frame. */
    issueUserAuth(userId: number): FrameAuth;
    /** Demo button "win this deal" (optional). */
    winDeal?(id: number): Promise<unknown>;
  };
  store: {
    deals(): HostDeal[];
    users(): HostUser[];
    departments(): HostDepartment[];
    stages?(): HostStage[];
  };
}

export interface Personas {
  rep: number;
  manager: number;
  admin: number;
}

/** All departments under `rootId` (itself included). */
export function subtree(departments: HostDepartment[], rootId: number): Set<number> {
  const out = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * Picks who "view as" offers when the demo does not say: the admin; the head of the sales department with the
 * most reps (not the top of the company); the rep of that department with the most deals.
 */
export function pickPersonas(portal: HostPortal): Personas {
  const users = portal.store.users().filter((u) => u.active);
  const deps = portal.store.departments();
  const deals = portal.store.deals();
  const admin = users.find((u) => u.isAdmin)?.id ?? users[0]?.id ?? 1;
  const dealCount = new Map<number, number>();
  for (const d of deals) dealCount.set(d.assignedById, (dealCount.get(d.assignedById) ?? 0) + 1);
  let best: { head: number; members: HostUser[] } | null = null;
  for (const dep of deps) {
    if (dep.parentId === null || dep.headId === null) continue;
    const members = users.filter((u) => u.departments.includes(dep.id) && u.id !== dep.headId);
    if (!best || members.length > best.members.length) best = { head: dep.headId, members };
  }
  const manager = best?.head ?? admin;
  const reps = (best?.members ?? users).filter((u) => u.id !== admin);
  reps.sort((a, b) => (dealCount.get(b.id) ?? 0) - (dealCount.get(a.id) ?? 0));
  return { admin, manager, rep: reps[0]?.id ?? admin };
}

/** The deals a persona sees in the list: own (rep), the department subtree (manager), everything (admin). */
export function visibleDeals(portal: HostPortal, userId: number, limit = 60): HostDeal[] {
  const users = portal.store.users();
  const deps = portal.store.departments();
  const me = users.find((u) => u.id === userId);
  let allowed: (d: HostDeal) => boolean = (d) => d.assignedById === userId;
  if (me?.isAdmin) allowed = () => true;
  else {
    const headed = deps.filter((d) => d.headId === userId);
    if (headed.length) {
      const depIds = new Set(headed.flatMap((d) => [...subtree(deps, d.id)]));
      const ids = new Set(users.filter((u) => u.departments.some((x) => depIds.has(x))).map((u) => u.id));
      allowed = (d) => ids.has(d.assignedById);
    }
  }
  const rank = (d: HostDeal) => (d.stageSemanticId === 'P' ? 0 : d.stageSemanticId === 'S' ? 1 : 2);
  return portal.store
    .deals()
    .filter(allowed)
    .sort((a, b) => rank(a) - rank(b) || b.dateModify - a.dateModify)
    .slice(0, limit);
}
