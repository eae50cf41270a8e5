import Decimal from 'decimal.js';
import { localMidnight } from './format';
import type { Deal, Stage } from './model';
import type { Portal } from './portal';
import type { DealChange, NewDeal } from './types';

/**
 * Deal changes as the portal performs them: DATE_MODIFY moves, stage moves write stage history (TYPE_ID 2 for
 * intermediate, 3 for final, 5 for a pipeline change), and the matching ONCRMDEAL* event is sent.
 */
export function toMinor(amount: string): number {
  const d = new Decimal(amount);
  if (!d.isFinite() || d.decimalPlaces() > 2) throw new Error(`amount must have at most 2 decimals: ${amount}`);
  return d.times(100).toNumber();
}

function stageFor(portal: Portal, statusId: string, categoryId: number): Stage {
  const stage = portal.stageOf(statusId);
  if (!stage || stage.categoryId !== categoryId)
    throw new Error(`stage ${statusId} does not belong to pipeline ${categoryId}`);
  return stage;
}

function writeHistory(portal: Portal, deal: Deal, typeId: 1 | 2 | 3 | 5, at: number): void {
  const row = {
    id: portal.nextHistoryId++,
    typeId,
    ownerId: deal.id,
    createdTime: at,
    categoryId: deal.categoryId,
    semantic: deal.stageSemanticId,
    stageId: deal.stageId,
  };
  portal.stageHistory.insert(row);
  portal.addHistoryToOwner(row);
}

export function addDeal(portal: Portal, input: NewDeal): Deal {
  const now = portal.now();
  const categoryId = input.categoryId ?? 0;
  const first = portal.stages.find((s) => s.categoryId === categoryId && s.semantic === 'P');
  if (!first) throw new Error(`unknown pipeline ${categoryId}`);
  const stage = input.stageId ? stageFor(portal, input.stageId, categoryId) : first;
  const deal: Deal = {
    id: portal.nextDealId++,
    title: input.title,
    typeId: 'SALE',
    categoryId,
    stageId: stage.statusId,
    stageSemanticId: stage.semantic,
    probability: null,
    currencyId: input.currencyId ?? 'RUB',
    opportunity: toMinor(input.opportunity ?? '0'),
    isManualOpportunity: true,
    taxValue: 0,
    leadId: null,
    companyId: 0,
    contactId: 0,
    beginDate: localMidnight(now),
    closeDate: input.closeDate ?? localMidnight(now + 14 * 86_400_000),
    assignedById: input.assignedById,
    createdById: input.assignedById,
    modifyById: input.assignedById,
    dateCreate: now,
    dateModify: now,
    opened: true,
    closed: stage.semantic !== 'P',
    comments: '',
    sourceId: 'CALL',
    movedById: input.assignedById,
    movedTime: now,
    lastActivityTime: now,
    lastActivityBy: input.assignedById,
    isNew: true,
    isReturnCustomer: false,
    isRepeatedApproach: false,
    utmSource: null,
    ufMargin: null,
  };
  portal.deals.insert(deal);
  writeHistory(portal, deal, 1, now);
  portal.events.fire('ONCRMDEALADD', { FIELDS: { ID: String(deal.id) } }, deal.assignedById);
  return deal;
}

export function changeDeal(portal: Portal, id: number, change: DealChange, actorId?: number): Deal {
  const now = portal.now();
  const existing = portal.deals.get(id);
  if (!existing) throw new Error(`deal ${id} not found`);
  const categoryId = change.categoryId ?? existing.categoryId;
  let stage: Stage | undefined;
  if (change.stageId !== undefined) stage = stageFor(portal, change.stageId, categoryId);
  else if (categoryId !== existing.categoryId)
    stage = portal.stages.find((s) => s.categoryId === categoryId && s.semantic === 'P');
  const actor = actorId ?? existing.assignedById;
  const movedStage = stage !== undefined && stage.statusId !== existing.stageId;
  const deal = portal.deals.update(id, (d) => {
    if (change.title !== undefined) d.title = change.title;
    if (change.opportunity !== undefined) d.opportunity = toMinor(change.opportunity);
    if (change.currencyId !== undefined) d.currencyId = change.currencyId;
    if (change.assignedById !== undefined) d.assignedById = change.assignedById;
    if (change.closeDate !== undefined) d.closeDate = change.closeDate;
    d.categoryId = categoryId;
    if (stage && movedStage) {
      d.stageId = stage.statusId;
      d.stageSemanticId = stage.semantic;
      d.closed = stage.semantic !== 'P';
      d.probability = stage.semantic === 'S' ? 100 : stage.semantic === 'F' ? 0 : d.probability;
      d.movedTime = now;
      d.movedById = actor;
      if (stage.semantic !== 'P') d.closeDate = localMidnight(now);
    }
    d.isNew = false;
    d.modifyById = actor;
    // Keep DATE_MODIFY strictly increasing per deal even when the clock stands still (injected clocks).
    d.dateModify = Math.max(now, d.dateModify + 1000);
  })!;
  if (movedStage && stage) {
    const typeId = categoryId !== existing.categoryId ? 5 : stage.semantic === 'P' ? 2 : 3;
    writeHistory(portal, deal, typeId, now);
  }
  portal.events.fire('ONCRMDEALUPDATE', { FIELDS: { ID: String(id) } }, actor);
  return deal;
}

function finalStage(portal: Portal, deal: Deal, semantic: 'S' | 'F'): string {
  const stage = portal.stages.find((s) => s.categoryId === deal.categoryId && s.semantic === semantic);
  return stage!.statusId;
}

export function winDeal(portal: Portal, id: number): Deal {
  const deal = portal.deals.get(id);
  if (!deal) throw new Error(`deal ${id} not found`);
  return changeDeal(portal, id, { stageId: finalStage(portal, deal, 'S') });
}

export function loseDeal(portal: Portal, id: number): Deal {
  const deal = portal.deals.get(id);
  if (!deal) throw new Error(`deal ${id} not found`);
  return changeDeal(portal, id, { stageId: finalStage(portal, deal, 'F') });
}

export function deleteDeal(portal: Portal, id: number): void {
  const deal = portal.deals.delete(id);
  if (!deal) throw new Error(`deal ${id} not found`);
  portal.events.fire('ONCRMDEALDELETE', { FIELDS: { ID: String(id) } }, deal.assignedById);
}
