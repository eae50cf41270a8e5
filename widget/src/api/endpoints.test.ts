import { describe, expect, it } from 'vitest';
import { routes } from '../../../contract/routes';
import { ENDPOINTS } from './endpoints';

describe('widget endpoints', () => {
  it('match the contract routes table (method and path)', () => {
    for (const [name, [method, path]] of Object.entries(ENDPOINTS)) {
      const route = routes[name as keyof typeof routes];
      expect(route, name).toBeDefined();
      expect([route.method, route.path], name).toEqual([method, path]);
    }
  });
});
