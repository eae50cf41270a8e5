import { describe, expect, it } from 'vitest';
import { generate } from './seed';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = 86_400_000;
const data = generate({ seed: 42, reps: 16, deals: 3000, anchorMs: NOW });

describe('seed data', () => {
  it('is deterministic: same seed and clock → same portal, another seed → another', () => {
    expect(generate({ seed: 42, reps: 16, deals: 3000, anchorMs: NOW })).toEqual(data);
    const other = generate({ seed: 43, reps: 16, deals: 3000, anchorMs: NOW });
    expect(other.deals.map((d) => d.opportunity)).not.toEqual(data.deals.map((d) => d.opportunity));
  });

  it('looks like a Russian sales org: departments with heads, reps hired at different times, one who left', () => {
    const names = data.departments.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['Отдел продаж Москва', 'Отдел продаж СПб', 'Корпоративные продажи']));
    const userIds = new Set(data.users.map((u) => u.id));
    for (const d of data.departments) expect(userIds.has(d.headId!), d.name).toBe(true);
    const reps = data.users.filter((u) => u.id > 6);
    expect(reps).toHaveLength(16);
    expect(reps.filter((u) => !u.active)).toHaveLength(1);
    expect(reps.filter((u) => u.employmentDate! > NOW - 365 * DAY).length).toBeGreaterThanOrEqual(3);
    expect(reps.filter((u) => u.employmentDate! < NOW - 400 * DAY).length).toBeGreaterThanOrEqual(8);
    expect(reps.every((u) => /^[А-ЯЁ][а-яё]+$/.test(u.name) && /^[А-ЯЁ][а-яё]+$/.test(u.lastName))).toBe(true);
  });

  it('has three pipelines with their own stages, won and lost', () => {
    expect(data.categories.map((c) => c.id)).toEqual([0, 1, 2]);
    for (const c of data.categories) {
      const stages = data.stages.filter((s) => s.categoryId === c.id);
      expect(stages.some((s) => s.semantic === 'S')).toBe(true);
      expect(stages.some((s) => s.semantic === 'F')).toBe(true);
      if (c.id > 0)
        expect(stages.every((s) => s.statusId.startsWith(`C${c.id}:`) && s.statusId.length <= 21)).toBe(true);
    }
  });

  it('deals: mostly RUB, some USD/EUR, owners employed at creation, won dates spread over the last 12 months', () => {
    const by = (cur: string) => data.deals.filter((d) => d.currencyId === cur).length;
    expect(by('RUB') / data.deals.length).toBeGreaterThan(0.8);
    expect(by('USD')).toBeGreaterThan(0);
    expect(by('EUR')).toBeGreaterThan(0);
    const users = new Map(data.users.map((u) => [u.id, u]));
    for (const d of data.deals) {
      const owner = users.get(d.assignedById)!;
      expect(owner.employmentDate!).toBeLessThanOrEqual(d.dateCreate);
      expect(d.dateModify).toBeGreaterThanOrEqual(d.dateCreate);
      expect(d.dateModify).toBeLessThanOrEqual(NOW);
      expect(Number.isInteger(d.opportunity) && d.opportunity > 0).toBe(true);
    }
    const leaver = data.users.find((u) => !u.active)!;
    expect(data.deals.some((d) => d.assignedById === leaver.id)).toBe(true);
    const wonRows = data.stageHistory.filter((h) => h.semantic === 'S');
    expect(wonRows.length).toBe(data.deals.filter((d) => d.stageSemanticId === 'S').length);
    const months = new Set(
      wonRows.filter((h) => h.createdTime > NOW - 365 * DAY).map((h) => new Date(h.createdTime).getUTCMonth()),
    );
    expect(months.size).toBeGreaterThanOrEqual(11);
    expect(data.deals.filter((d) => d.stageSemanticId === 'P').length).toBeGreaterThan(0);
  });

  it('stage history ends at each deal stage, in ID and time order', () => {
    const last = new Map<number, string>();
    let prev = 0;
    for (const h of data.stageHistory) {
      expect(h.createdTime).toBeGreaterThanOrEqual(prev);
      prev = h.createdTime;
      last.set(h.ownerId, h.stageId);
    }
    for (const d of data.deals) expect(last.get(d.id)).toBe(d.stageId);
  });
});

describe('portal seeding', () => {
  it('anchors on the local day: two starts at different hours of one day seed the same deals', async () => {
    const { Portal } = await import('./portal');
    const opts = { seed: 8, reps: 6, deals: 300, limits: 'off' as const };
    const morning = new Portal(() => Date.UTC(2026, 2, 10, 5, 0, 0), { ...opts, now: Date.now });
    const evening = new Portal(() => Date.UTC(2026, 2, 10, 19, 30, 0), { ...opts, now: Date.now });
    expect(evening.deals.all()).toEqual(morning.deals.all());
    expect(evening.memberId).toBe(morning.memberId);
    // Nothing in the seed lies in the future of either clock.
    const latest = Math.max(
      ...morning.deals.all().map((d) => d.dateModify),
      ...morning.users.all().map((u) => u.lastLogin ?? 0),
    );
    expect(latest).toBeLessThanOrEqual(Date.UTC(2026, 2, 10, 5, 0, 0));
  });
});
