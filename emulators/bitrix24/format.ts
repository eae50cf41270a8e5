/**
 * How a portal writes dates and the `time` block. The emulated portal runs in Moscow time (+03:00, no DST),
 * like most Russian portals; datetimes are `YYYY-MM-DDThh:mm:ss+03:00` (research §4).
 */
export const PORTAL_OFFSET_MINUTES = 180;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const OFFSET_SUFFIX = `${PORTAL_OFFSET_MINUTES >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(PORTAL_OFFSET_MINUTES) / 60))}:${pad(Math.abs(PORTAL_OFFSET_MINUTES) % 60)}`;
const dayCache = new Map<number, string>();

/** Unix milliseconds → `2026-05-14T10:26:32+03:00`. Hot path of every list page: the date part is cached per day. */
export function formatDateTime(ms: number): string {
  const local = Math.floor(ms / 1000) + PORTAL_OFFSET_MINUTES * 60;
  const day = Math.floor(local / 86_400);
  let date = dayCache.get(day);
  if (date === undefined) {
    const d = new Date(day * 86_400_000);
    date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (dayCache.size > 20_000) dayCache.clear();
    dayCache.set(day, date);
  }
  const sec = local - day * 86_400;
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return `${date}T${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec % 60 < 10 ? '0' : ''}${sec % 60}${OFFSET_SUFFIX}`;
}

/** Portal-local midnight of the day containing `ms` (BEGINDATE/CLOSEDATE are dates stored as local midnight). */
export function localMidnight(ms: number): number {
  const off = PORTAL_OFFSET_MINUTES * 60_000;
  return Math.floor((ms + off) / 86_400_000) * 86_400_000 - off;
}

/**
 * Parses a filter value as a moment: ISO datetimes with or without offset, `YYYY-MM-DD`, `DD.MM.YYYY[ hh:mm:ss]`.
 * Values without an offset are portal-local time. Returns NaN when it is not a date.
 */
export function parseDateValue(value: unknown): number {
  if (typeof value !== 'string' || value === '') return Number.NaN;
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (ru) {
    const [, d, m, y, hh = '00', mm = '00', ss = '00'] = ru;
    return Date.UTC(+y!, +m! - 1, +d!, +hh, +mm, +ss) - PORTAL_OFFSET_MINUTES * 60_000;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value,
  );
  if (!iso) return Number.NaN;
  const [, y, m, d, hh = '00', mm = '00', ss = '00', tz] = iso;
  const local = Date.UTC(+y!, +m! - 1, +d!, +hh, +mm, +ss);
  if (!tz) return local - PORTAL_OFFSET_MINUTES * 60_000;
  if (tz === 'Z') return local;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

export interface TimeBlock {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at?: number;
  operating?: number;
}

/**
 * The `time` block of every answer. `start`/`finish` come from the emulator's clock; `processing` is the modelled
 * cost of the call (what the portal counts against the operating budget), not the real time we spent.
 */
export function timeBlock(
  startMs: number,
  processingSeconds: number,
  operating?: { operating: number; resetAt: number },
): TimeBlock {
  const start = startMs / 1000;
  const duration = processingSeconds + 0.0005;
  const finish = start + duration;
  const block: TimeBlock = {
    start,
    finish,
    duration,
    processing: processingSeconds,
    date_start: formatDateTime(startMs),
    date_finish: formatDateTime(finish * 1000),
  };
  if (operating) {
    // Rounded up: a client that waits until this second finds the basket gone.
    block.operating_reset_at = Math.ceil(operating.resetAt);
    block.operating = operating.operating;
  }
  return block;
}

/** Bitrix money as the legacy API shows it: "19999.99" from integer kopecks (never a float on the way). */
export function kopecksToString(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}`;
}
