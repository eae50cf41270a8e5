/**
 * @module Where the Kvota API lives, seen from the widget page. The widget is served by the Kvota server itself
 * (Bitrix24's handler URL points at it), so the API is on the page's own origin — unless the server or a test
 * names another base in `<meta name="kvota-api" content="https://…">`. Never taken from the URL query: a handler
 * URL with a forged `?api=` must not send the portal's AUTH_ID elsewhere.
 */
export function apiBaseUrl(doc: Document = document): string {
  const meta = doc.querySelector('meta[name="kvota-api"]')?.getAttribute('content')?.trim();
  return meta ? new URL(meta, doc.baseURI).href.replace(/\/+$/, '') : doc.location.origin;
}
