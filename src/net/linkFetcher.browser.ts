// The browser's linked-record fetcher, swapped in for ./linkFetcher.ts by package.json's
// "browser" field. A page cannot resolve host names or see redirect targets, so it relies on
// the checks fetchBytes makes on the URL (https only, no non-public IP literal or localhost)
// and refuses every redirect; the body is read as a stream under the same size limit.
import type { Fetcher } from "./fetcherTypes";

/** The default fetcher of browser builds: the page's `fetch`, no redirects, no cookies or referrer. */
export const defaultLinkFetcher: Fetcher = (url, init) =>
  fetch(url, {
    method: init.method,
    headers: { accept: init.headers.accept },
    signal: init.signal,
    redirect: "error",
    credentials: "omit",
    referrerPolicy: "no-referrer",
  });
