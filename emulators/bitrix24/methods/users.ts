import { formatDateTime } from '../format';
import type { Department, User } from '../model';
import { isPlainObject, param, readStart } from '../params';
import { compileFilter, compileOrder, type FieldAccess } from '../query';
import { dt } from './render';
import { type Handler, listResult, PAGE_SIZE } from './types';

/** `24.08.2023 13:19:39` (portal-local). */
function legacyStamp(ms: number): string {
  const iso = formatDateTime(ms);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

/** `2024-08-29 10:30:11` (portal-local). */
function isoSpace(ms: number): string {
  const iso = formatDateTime(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function renderUser(u: User): Record<string, unknown> {
  return {
    ID: String(u.id),
    ACTIVE: u.active,
    NAME: u.name,
    LAST_NAME: u.lastName,
    SECOND_NAME: u.secondName,
    EMAIL: u.email,
    LAST_LOGIN: dt(u.lastLogin),
    DATE_REGISTER: formatDateTime(u.dateRegister),
    TIME_ZONE: u.timeZone,
    IS_ONLINE: 'N',
    // Older doc samples show `{}` here (a serialised PHP DateTime); current portals send strings (batch sample).
    TIMESTAMP_X: legacyStamp(u.dateRegister),
    LAST_ACTIVITY_DATE: u.lastLogin === null ? '' : isoSpace(u.lastLogin),
    PERSONAL_GENDER: u.gender,
    PERSONAL_WWW: '',
    PERSONAL_BIRTHDAY: `${u.birthday}T00:00:00+03:00`,
    PERSONAL_MOBILE: '',
    PERSONAL_CITY: '',
    WORK_PHONE: '',
    WORK_POSITION: u.workPosition,
    UF_EMPLOYMENT_DATE: u.employmentDate === null ? '' : formatDateTime(u.employmentDate),
    UF_DEPARTMENT: [...u.departments],
    USER_TYPE: 'employee',
  };
}

const USER_FIELDS: Record<string, FieldAccess<User>> = {
  ID: { kind: 'int', get: (u) => u.id },
  ACTIVE: { kind: 'flag', get: (u) => (u.active ? 'Y' : 'N') },
  NAME: { kind: 'string', get: (u) => u.name },
  LAST_NAME: { kind: 'string', get: (u) => u.lastName },
  EMAIL: { kind: 'string', get: (u) => u.email },
  WORK_POSITION: { kind: 'string', get: (u) => u.workPosition },
  USER_TYPE: { kind: 'string', get: () => 'employee' },
  DATE_REGISTER: { kind: 'date', get: (u) => u.dateRegister },
  // UF_DEPARTMENT is multiple: a filter value matches when the user is in that department.
  UF_DEPARTMENT: { kind: 'int', get: (u) => u.departments[0] ?? null },
};

const userFieldAccess = (name: string) => USER_FIELDS[name.toUpperCase()];

/** user.get: filter under FILTER/filter or as top-level keys; `ACTIVE: true` filters; start paging. */
const userGet: Handler = (ctx) => {
  const { params, portal } = ctx;
  const rawFilter = param(params, 'filter');
  const filter: Record<string, unknown> = isPlainObject(rawFilter) ? { ...rawFilter } : {};
  for (const [k, v] of Object.entries(params)) {
    const bare = k.replace(/^[<>=!@%]+/, '').toUpperCase();
    if (bare in USER_FIELDS && !(k in filter)) filter[k] = v;
  }
  const dept = Object.entries(filter).find(([k]) => k.toUpperCase() === 'UF_DEPARTMENT');
  if (dept) delete filter[dept[0]];
  const conditions = compileFilter(filter, userFieldAccess, { strict: false });
  const sortField = param(params, 'sort');
  const order = sortField
    ? compileOrder({ [String(sortField)]: param(params, 'order') ?? 'ASC' }, userFieldAccess, (u) => u.id)
    : compileOrder(undefined, userFieldAccess, (u) => u.id);
  const start = readStart(params);
  let page: { rows: User[]; total: number | undefined };
  if (dept) {
    const wanted = (Array.isArray(dept[1]) ? dept[1] : [dept[1]]).map((v) => Number.parseInt(String(v), 10));
    const all = portal.users
      .page(conditions, { start: 0, limit: Number.MAX_SAFE_INTEGER })
      .rows.filter((u) => u.departments.some((d) => wanted.includes(d)));
    const skip = Math.max(0, start);
    page = { rows: all.slice(skip, skip + PAGE_SIZE), total: start < 0 ? undefined : all.length };
  } else {
    page = portal.users.page(conditions, {
      start,
      limit: PAGE_SIZE,
      ...(order.isIdAsc ? {} : { comparator: order.comparator }),
    });
  }
  return listResult(page.rows.map(renderUser), page.rows.length, start, page.total);
};

const userCurrent: Handler = (ctx) => {
  const user = ctx.portal.users.get(ctx.auth.userId)!;
  return { result: renderUser(user) };
};

const profile: Handler = (ctx) => {
  const u = ctx.portal.users.get(ctx.auth.userId)!;
  return {
    result: {
      ID: String(u.id),
      ADMIN: ctx.auth.isAdmin,
      NAME: u.name,
      LAST_NAME: u.lastName,
      PERSONAL_GENDER: u.gender,
      TIME_ZONE: u.timeZone,
    },
  };
};

export function renderDepartment(d: Department): Record<string, unknown> {
  const row: Record<string, unknown> = { ID: String(d.id), NAME: d.name, SORT: d.sort };
  if (d.parentId !== null) row.PARENT = String(d.parentId);
  if (d.headId !== null) row.UF_HEAD = String(d.headId);
  return row;
}

/** department.get: top-level filters ID, NAME, SORT, PARENT, UF_HEAD. */
const departmentGet: Handler = (ctx) => {
  const { params, portal } = ctx;
  const eq = (key: string, actual: number | string | null): boolean => {
    const v = param(params, key);
    if (v === undefined || v === null || v === '') return true;
    const list = Array.isArray(v) ? v.map(String) : [String(v)];
    return list.includes(String(actual));
  };
  const all = portal.departments
    .all()
    .filter((d) => eq('ID', d.id) && eq('NAME', d.name) && eq('PARENT', d.parentId) && eq('UF_HEAD', d.headId));
  // `sort` names the field (ID, NAME, SORT, PARENT), `order` ASC|DESC.
  const sortKey = String(param(params, 'sort') ?? 'ID').toUpperCase();
  const dir = String(param(params, 'order') ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
  const key = (d: Department): number | string =>
    sortKey === 'NAME' ? d.name : sortKey === 'SORT' ? d.sort : sortKey === 'PARENT' ? (d.parentId ?? 0) : d.id;
  all.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? a.id - b.id : ka < kb ? -dir : dir;
  });
  const start = readStart(params);
  const skip = Math.max(0, start);
  const rows = all.slice(skip, skip + PAGE_SIZE);
  return listResult(rows.map(renderDepartment), rows.length, start, start < 0 ? undefined : all.length);
};

export const userMethods: Record<string, Handler> = {
  'user.get': userGet,
  'user.current': userCurrent,
  profile,
  'department.get': departmentGet,
};
