import { randomBytes } from 'node:crypto';
import { ApiError, Errors } from '../errors';
import { formatDateTime } from '../format';
import { isPlainObject, param } from '../params';
import type { CallContext, Handler } from './types';

/** Application-context methods: app.info, options, placements, event handlers, offline events. */

const KNOWN_EVENTS = new Set([
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
  'ONCRMDEALMOVETOCATEGORY',
  'ONUSERADD',
  'ONAPPINSTALL',
  'ONAPPUNINSTALL',
  'ONAPPUPDATE',
]);

export const PLACEMENTS = [
  'CRM_DEAL_DETAIL_TAB',
  'CRM_DEAL_DETAIL_ACTIVITY',
  'CRM_DEAL_DETAIL_TOOLBAR',
  'CRM_DEAL_LIST_MENU',
  'CRM_DEAL_LIST_TOOLBAR',
  'CRM_ANALYTICS_MENU',
  'LEFT_MENU',
  'USER_PROFILE_MENU',
  'USER_PROFILE_TOOLBAR',
  'REST_APP_URI',
  'PAGE_BACKGROUND_WORKER',
];

function requireApp(ctx: CallContext, kind: 'info' | 'option' | 'placement' | 'event'): void {
  if (ctx.auth.kind === 'oauth') return;
  if (kind === 'info') throw Errors.appContextRequired();
  if (kind === 'option') throw new ApiError(400, 'AccessException', 'Application context required');
  throw Errors.wrongAuthType();
}

function requireAdmin(ctx: CallContext): void {
  if (!ctx.auth.isAdmin) throw new ApiError(403, 'ACCESS_DENIED', 'Access denied! Admin permissions required');
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const appInfo: Handler = (ctx) => {
  requireApp(ctx, 'info');
  const { app } = ctx.portal;
  const ent = app.licenseFamily === 'ent';
  return {
    result: {
      ID: app.id,
      CODE: app.code,
      VERSION: app.version,
      STATUS: app.status,
      INSTALLED: app.installed && app.installFinished,
      PAYMENT_EXPIRED: 'N',
      DAYS: null,
      LANGUAGE_ID: 'ru',
      LICENSE: ent ? 'ru_ent250' : 'ru_project',
      LICENSE_TYPE: ent ? 'ent250' : 'project',
      LICENSE_FAMILY: ent ? 'ent' : 'project',
    },
  };
};

const optionSet =
  (scope: 'app' | 'user'): Handler =>
  (ctx) => {
    requireApp(ctx, 'option');
    if (scope === 'app') requireAdmin(ctx);
    const options = param(ctx.params, 'options');
    if (!isPlainObject(options) || Object.keys(options).length === 0)
      throw new ApiError(400, 'ArgumentNullException', 'options is empty');
    const store = scope === 'app' ? ctx.portal.appOptions : ctx.portal.userOptionsFor(ctx.auth.userId);
    for (const [k, v] of Object.entries(options)) store.set(k, v);
    return { result: true };
  };

const optionGet =
  (scope: 'app' | 'user'): Handler =>
  (ctx) => {
    requireApp(ctx, 'option');
    const store = scope === 'app' ? ctx.portal.appOptions : ctx.portal.userOptionsFor(ctx.auth.userId);
    const option = param(ctx.params, 'option');
    if (option !== undefined && option !== '') return { result: store.get(String(option)) ?? null };
    return { result: store.size === 0 ? [] : Object.fromEntries(store) };
  };

const placementBind: Handler = (ctx) => {
  requireApp(ctx, 'placement');
  requireAdmin(ctx);
  const placement = str(param(ctx.params, 'PLACEMENT')).toUpperCase();
  const handler = str(param(ctx.params, 'HANDLER'));
  // Documented with HTTP 200 (research §1).
  if (!placement)
    throw new ApiError(200, 'ERROR_ARGUMENT', "Argument 'PLACEMENT' is null or empty", { argument: 'PLACEMENT' });
  if (!handler)
    throw new ApiError(200, 'ERROR_ARGUMENT', "Argument 'HANDLER' is null or empty", { argument: 'HANDLER' });
  if (!PLACEMENTS.includes(placement)) throw new ApiError(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
  const { portal } = ctx;
  if (portal.placements.some((p) => p.placement === placement && p.handler === handler))
    throw new ApiError(400, 'ERROR_CORE', 'Unable to set placement handler: Handler already binded');
  const title = str(param(ctx.params, 'TITLE'));
  const description = str(param(ctx.params, 'DESCRIPTION'));
  const groupName = str(param(ctx.params, 'GROUP_NAME'));
  const langAllRaw = param(ctx.params, 'LANG_ALL');
  const langAll: Record<string, { TITLE: string; DESCRIPTION: string; GROUP_NAME: string }> = {};
  if (isPlainObject(langAllRaw)) {
    for (const [lang, v] of Object.entries(langAllRaw)) {
      const o = isPlainObject(v) ? v : {};
      langAll[lang] = { TITLE: str(o.TITLE), DESCRIPTION: str(o.DESCRIPTION), GROUP_NAME: str(o.GROUP_NAME) };
    }
  } else {
    langAll.ru = { TITLE: title, DESCRIPTION: description, GROUP_NAME: groupName };
  }
  const options = param(ctx.params, 'OPTIONS');
  portal.placements.push({
    placement,
    handler,
    title: title || langAll.ru?.TITLE || '',
    description,
    groupName,
    langAll,
    options: isPlainObject(options) ? options : [],
    userId: Number(param(ctx.params, 'USER_ID') ?? 0) || 0,
  });
  return { result: true };
};

const placementGet: Handler = (ctx) => {
  requireApp(ctx, 'placement');
  return {
    result: ctx.portal.placements.map((p) => ({
      placement: p.placement,
      userId: p.userId,
      handler: p.handler,
      options: p.options,
      title: p.title,
      description: p.description,
      langAll: p.langAll,
    })),
  };
};

const placementUnbind: Handler = (ctx) => {
  requireApp(ctx, 'placement');
  requireAdmin(ctx);
  const placement = str(param(ctx.params, 'PLACEMENT')).toUpperCase();
  if (!placement)
    throw new ApiError(200, 'ERROR_ARGUMENT', "Argument 'PLACEMENT' is null or empty", { argument: 'PLACEMENT' });
  const handler = param(ctx.params, 'HANDLER');
  const list = ctx.portal.placements;
  let count = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]!;
    if (p.placement === placement && (handler === undefined || handler === '' || p.handler === String(handler))) {
      list.splice(i, 1);
      count++;
    }
  }
  return { result: { count } };
};

const placementList: Handler = (ctx) => {
  requireApp(ctx, 'placement');
  return { result: PLACEMENTS };
};

const eventBind: Handler = (ctx) => {
  requireApp(ctx, 'event');
  requireAdmin(ctx);
  const event = str(param(ctx.params, 'event')).toUpperCase();
  const handler = str(param(ctx.params, 'handler'));
  const offline = str(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
  if (!KNOWN_EVENTS.has(event)) throw new ApiError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
  if (!offline && !handler) throw new ApiError(400, 'ERROR_ARGUMENT', "Argument 'handler' is null or empty");
  const authType = Number.parseInt(str(param(ctx.params, 'auth_type')) || '0', 10) || 0;
  const { portal } = ctx;
  if (portal.eventBindings.some((b) => b.event === event && b.handler === handler && b.offline === offline))
    throw new ApiError(400, 'ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!');
  portal.eventBindings.push({
    id: portal.nextEventHandlerId++,
    event,
    handler: offline ? '' : handler,
    authType,
    offline,
    by: 'app',
  });
  return { result: true };
};

const eventGet: Handler = (ctx) => {
  requireApp(ctx, 'event');
  return {
    result: ctx.portal.eventBindings.map((b) =>
      b.offline
        ? { event: b.event, connector_id: '', offline: 1 }
        : { event: b.event, handler: b.handler, auth_type: String(b.authType), offline: 0 },
    ),
  };
};

const eventUnbind: Handler = (ctx) => {
  requireApp(ctx, 'event');
  requireAdmin(ctx);
  const event = str(param(ctx.params, 'event')).toUpperCase();
  const handler = str(param(ctx.params, 'handler'));
  const offline = str(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
  const list = ctx.portal.eventBindings;
  let count = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i]!;
    if (b.event === event && b.offline === offline && (offline || b.handler === handler)) {
      list.splice(i, 1);
      count++;
    }
  }
  return { result: { count } };
};

/** event.offline.get: up to `limit` (50) queued events; `clear` (default 1) removes them from the queue. */
const offlineGet: Handler = (ctx) => {
  requireApp(ctx, 'event');
  const { portal } = ctx;
  const limit = Math.min(1000, Number.parseInt(str(param(ctx.params, 'limit')) || '50', 10) || 50);
  const clear = str(param(ctx.params, 'clear') ?? '1') !== '0';
  const picked = portal.offlineEvents.filter((e) => !e.processing).slice(0, limit);
  const processId = picked.length > 0 && !clear ? randomBytes(8).toString('hex') : '';
  if (clear) {
    const ids = new Set(picked.map((e) => e.id));
    for (let i = portal.offlineEvents.length - 1; i >= 0; i--)
      if (ids.has(portal.offlineEvents[i]!.id)) portal.offlineEvents.splice(i, 1);
  } else {
    for (const e of picked) {
      e.processing = true;
      e.processId = processId;
    }
  }
  return {
    result: {
      process_id: processId || null,
      events: picked.map((e) => ({
        ID: String(e.id),
        TIMESTAMP_X: formatDateTime(e.ts * 1000),
        EVENT_NAME: e.event,
        EVENT_DATA: e.data,
        EVENT_ADDITIONAL: { user_id: '1' },
        MESSAGE_ID: String(e.id),
      })),
    },
  };
};

/** event.offline.clear {process_id, id?}: drops events taken with clear=0. */
const offlineClear: Handler = (ctx) => {
  requireApp(ctx, 'event');
  const processId = str(param(ctx.params, 'process_id'));
  const idsRaw = param(ctx.params, 'id');
  const ids = Array.isArray(idsRaw) ? new Set(idsRaw.map(String)) : null;
  const list = ctx.portal.offlineEvents;
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e.processId === processId && (!ids || ids.has(String(e.id)))) list.splice(i, 1);
  }
  return { result: true };
};

const serverTime: Handler = (ctx) => ({ result: formatDateTime(ctx.now) });

const scope: Handler = (ctx) => ({
  result:
    ctx.auth.kind === 'oauth'
      ? ctx.portal.app.scope.split(',')
      : ['crm', 'user', 'user_brief', 'department', 'placement', 'app', 'entity'],
});

export const appMethods: Record<string, Handler> = {
  'app.info': appInfo,
  'app.option.get': optionGet('app'),
  'app.option.set': optionSet('app'),
  'user.option.get': optionGet('user'),
  'user.option.set': optionSet('user'),
  'placement.bind': placementBind,
  'placement.get': placementGet,
  'placement.unbind': placementUnbind,
  'placement.list': placementList,
  'event.bind': eventBind,
  'event.get': eventGet,
  'event.unbind': eventUnbind,
  'event.offline.get': offlineGet,
  'event.offline.clear': offlineClear,
  'server.time': serverTime,
  scope,
};
