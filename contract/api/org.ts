import { z } from 'zod';

export const Department = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  headId: z.string().nullable(),
});
export const Departments = z.object({ departments: z.array(Department) });
export type Departments = z.infer<typeof Departments>;

/** Pushed over the per-user event stream (server-sent events). */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('deal_won'), dealId: z.string(), repIds: z.array(z.string()), period: z.string() }),
  z.object({ type: z.literal('statements_changed'), repIds: z.array(z.string()), periods: z.array(z.string()) }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
