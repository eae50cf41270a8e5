/** @module Session bootstrap: frame credentials → POST /api/session → bearer token on the API client. */
import type { SessionRequest } from '../../../contract/api/session';
import { createSession } from '../api/endpoints';
import { failed, loading, ready } from './remote';
import type { Ctx } from './store';

export async function startSession(ctx: Ctx, credentials: SessionRequest): Promise<boolean> {
  const { store, api } = ctx;
  store.setState({ session: loading(store.getState().session) });
  try {
    const session = await createSession(api, credentials);
    api.setToken(session.token);
    store.setState({ session: ready(session) });
    return true;
  } catch (e) {
    store.setState({ session: failed(e) });
    return false;
  }
}

export function viewer(ctx: Ctx) {
  return ctx.store.getState().session.data?.user ?? null;
}
