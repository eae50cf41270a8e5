import type { OrgTree } from '../credit/rollup';
import type { PlanVersion } from '../plan/types';
import type { Rep } from '../types';

/**
 * Which reps a plan version applies to, as a 0/1 mask over `reps`: everyone when it names no assignees; otherwise
 * the named reps and every rep in the named departments' subtrees (assigning a plan to a department covers the
 * teams below it, as in the CRM's own org chart).
 */
export function assignedMask(version: PlanVersion, reps: Rep[], org: OrgTree | null): Uint8Array {
  const a = version.assignees;
  if (!a || (!a.repIds && !a.departmentIds)) return new Uint8Array(reps.length).fill(1);
  const depts = new Set((a.departmentIds ?? []).map((id) => org?.deptIndex.get(id) ?? -1));
  return Uint8Array.from(
    reps.map((rep, r) =>
      a.repIds?.includes(rep.id) || (org && [...org.repAncestors[r]!].some((d) => depts.has(d))) ? 1 : 0,
    ),
  );
}
