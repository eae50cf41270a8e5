import type { Department, Rep } from '../types';

/**
 * The department tree: for each rep, every department at or above any department the rep belongs to (each once,
 * so a rep in two sibling departments counts once for their common parent). Cycles in parentId are cut.
 */
export class OrgTree {
  readonly deptIndex = new Map<string, number>();
  readonly departments: Department[];
  /** Per rep index: indices of all departments credit rolls up to. */
  readonly repAncestors: Int32Array[];
  /** Per department index: rep indices it heads. */
  readonly headedBy: Map<number, number[]> = new Map();

  constructor(departments: Department[], reps: Rep[]) {
    this.departments = departments;
    departments.forEach((d, i) => {
      this.deptIndex.set(d.id, i);
    });
    const repIndex = new Map(reps.map((r, i) => [r.id, i]));
    this.repAncestors = reps.map((rep) => {
      const seen = new Set<number>();
      for (const id of rep.departmentIds) {
        let cur = this.deptIndex.get(id);
        while (cur !== undefined && !seen.has(cur)) {
          seen.add(cur);
          const parent = departments[cur]!.parentId;
          cur = parent === null ? undefined : this.deptIndex.get(parent);
        }
      }
      return Int32Array.from([...seen].sort((a, b) => a - b));
    });
    departments.forEach((d, i) => {
      const head = d.headId === null ? undefined : repIndex.get(d.headId);
      if (head !== undefined) this.headedBy.set(head, [...(this.headedBy.get(head) ?? []), i]);
    });
  }

  /** Rep indices inside a department or any department below it. */
  membersOf(deptIdx: number): number[] {
    const out: number[] = [];
    this.repAncestors.forEach((anc, r) => {
      if (anc.includes(deptIdx)) out.push(r);
    });
    return out;
  }

  /** Departments a rep heads, without those nested inside another headed one (so no team credit is counted twice). */
  topHeaded(repIdx: number): number[] {
    const headed = this.headedBy.get(repIdx) ?? [];
    const set = new Set(headed);
    return headed.filter((d) => {
      let p = this.departments[d]!.parentId;
      const guard = new Set<number>();
      while (p !== null) {
        const pi = this.deptIndex.get(p);
        if (pi === undefined || guard.has(pi)) break;
        if (set.has(pi)) return false;
        guard.add(pi);
        p = this.departments[pi]!.parentId;
      }
      return true;
    });
  }
}
