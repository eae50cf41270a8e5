/**
 * @module The headers every /api/ answer carries, and the fast reply for cached reads. API responses are data, never
 * documents to frame or sniff; HTML pages (the widget) set their own CSP.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** GET routes answered by `cachedJson`: the app's middleware leaves their headers to it (see app.ts). */
export const CACHED_READ_PATHS: ReadonlySet<string> = new Set(['/api/leaderboard', '/api/me/summary']);

/**
 * A 200 JSON reply of pre-rendered bytes with the API headers as a plain object: on @hono/node-server this stays
 * on its fast path (no web Headers object is built, no body re-encoded). A fresh object each time: the adapter adds
 * Content-Length to it.
 */
export function cachedJson(bytes: Uint8Array<ArrayBuffer>): Response {
  return new Response(bytes, {
    status: 200,
    headers: { ...API_SECURITY_HEADERS, 'content-type': 'application/json' },
  });
}
