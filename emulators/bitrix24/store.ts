import type { Portal } from './portal';
import type { Bitrix24Store } from './types';

export function createStore(portal: Portal): Bitrix24Store {
  return {
    deals: () => portal.deals.all(),
    deal: (id) => portal.deals.get(id),
    users: () => portal.users.all(),
    departments: () => portal.departments.all(),
    categories: () => portal.categories,
    stages: () => portal.stages,
    currencies: () => portal.currencies,
    stageHistory: () => portal.stageHistory.all(),
    eventBindings: () => portal.eventBindings,
    placements: () => portal.placements,
    appOptions: () => Object.fromEntries(portal.appOptions),
    applicationToken: () => portal.app.applicationToken,
  };
}
