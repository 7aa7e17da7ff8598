// HTTP client libraries that give up on a request by themselves when no timeout is passed: `requests`,
// `fetch` and `axios` wait forever. Read by the timeout rule and the report's model-call table.

const DEFAULT_TIMEOUT_SECONDS: ReadonlyMap<string, number> = new Map([
  ['httpx', 5],
  ['aiohttp', 300],
  // A socket session, not a request: `websockets` gives up opening after 10 seconds and pings every 20.
  ['websockets', 10],
]);

/** The default timeout of the HTTP library a raw request is sent with, in seconds; undefined when it has none. */
export function httpLibraryDefaultSeconds(library: string): number | undefined {
  return DEFAULT_TIMEOUT_SECONDS.get(library);
}
