// Whether this browser reaches a URL: a HEAD request that reads nothing (no-cors: any answer,
// even an error status, counts; only a network failure or no answer in time does not). Views use
// it to learn whether an app's frame can load, and whether the kernel's loopback app server is
// on this browser's machine; Python decides what follows.
export const REACH_TIMEOUT_MS = 5000;

/** Resolves true when `url` answered within `timeoutMs`, false otherwise; never rejects. */
export async function reachable(url, timeoutMs = REACH_TIMEOUT_MS) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method: "HEAD", mode: "no-cors", credentials: "omit", cache: "no-store", signal: controller.signal });
    await response.arrayBuffer().catch(() => {}); // taken to its (empty) end: the request completes, not cancelled
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// A view learns whether its browser reaches the kernel's loopback quickly: until then it is not ready.
export const LOOPBACK_TIMEOUT_MS = 1500;

/** What the kernel's app server at `url` says it is (its response `header`), for Python to recognise; "" when
 * nothing answered in time (another machine's browser, or the browser refused the request). A HEAD request:
 * the answer is read as the response's head arrives (a body would be read in another of the page's tasks). */
export async function askLoopback(url, header, timeoutMs = LOOPBACK_TIMEOUT_MS) {
  if (!url || !header) return "";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method: "HEAD", credentials: "omit", cache: "no-store", signal: controller.signal });
    return (response.ok && response.headers.get(header)) || "";
  } catch {
    return "";
  } finally {
    clearTimeout(timer);
  }
}
