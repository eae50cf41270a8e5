/**
 * Local calendar ↔ UTC instants for an IANA time zone, through Intl (the only clock-free source of tz rules).
 * Called a handful of times per computation (period boundaries), never per deal.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in ms (Moscow: +3 h). */
export function offsetMs(epochMs: number, timeZone: string): number {
  const l = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The UTC instant of local midnight starting the given calendar day (month may overflow: 13 → next January). */
const midnights = new Map<string, number>();

export function localMidnightUtc(year: number, month: number, day: number, timeZone: string): number {
  // Pure and asked for the same few dates again and again (period boundaries): memoised.
  const key = `${timeZone}|${year}|${month}|${day}`;
  const hit = midnights.get(key);
  if (hit !== undefined) return hit;
  const value = computeMidnight(year, month, day, timeZone);
  if (midnights.size < 100_000) midnights.set(key, value);
  return value;
}

function computeMidnight(year: number, month: number, day: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day);
  let guess = naive - offsetMs(naive, timeZone);
  // A second pass settles days where the offset differs between the naive and the true instant (DST changes).
  guess = naive - offsetMs(guess, timeZone);
  return guess;
}

/** Local calendar date "YYYY-MM-DD" of an instant. */
export function localDate(epochMs: number, timeZone: string): string {
  const l = localParts(epochMs, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}

export function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
