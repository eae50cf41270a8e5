import { appMethods } from './app';
import { crmMetaMethods } from './crm-meta';
import { dealMethods } from './deals';
import type { Handler } from './types';
import { userMethods } from './users';

/** Every REST method the emulated portal knows, by lower-case name. */
export const METHODS: Record<string, Handler> = {
  ...dealMethods,
  ...userMethods,
  ...crmMetaMethods,
  ...appMethods,
};
