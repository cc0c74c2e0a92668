// Where a view runs. A page served by a Jupyter server (JupyterLab, Notebook 7) states its base URL
// in #jupyter-config-data; when scapi-widget's server extension answers there, Python serves the
// kernel's apps through that server, so a browser on another machine reaches them too. What to ask
// the server (a path under its base URL, and the response header its answer carries) is Python's.
const PROBE_TIMEOUT_MS = 3000;

/** The Jupyter server's base URL (ending in "/") and token from the page, or null. */
export function jupyterConfig(doc = globalThis.document) {
  const el = doc && doc.getElementById("jupyter-config-data");
  if (!el) return null;
  try {
    const config = JSON.parse(el.textContent || "{}");
    let base = config.baseUrl;
    if (typeof base !== "string" || !base.startsWith("/")) return null;
    if (!base.endsWith("/")) base += "/";
    return { baseUrl: base, token: typeof config.token === "string" ? config.token : "" };
  } catch {
    return null;
  }
}

// Kept on the page, not in this module: each widget imports its own copy of the module.
const cache = (globalThis.__scapiWidgetServerProbes ??= { probes: new Map(), answers: new Map() });
const probes = cache.probes; // base URL -> the answer, once the server gave one: every later view of the page reuses it
const answers = cache.answers; // base URL -> the settled answer, for views that need it at once

/** The answer an earlier view got from this server, or undefined. */
export function knownPlace(config) {
  return answers.get(config.baseUrl);
}

/** {jupyterBaseUrl, scapiServerExtension}: whether HEAD {base}{probe.path} answered as ours (with `probe.header`;
 * asked once per page and server; a request that got no answer is asked again next time). */
export function probeServerExtension(config, probe) {
  const known = probes.get(config.baseUrl);
  if (known) return known;
  const asked = askServer(config, probe).then((result) => {
    if (result.answered) answers.set(config.baseUrl, result.place);
    else probes.delete(config.baseUrl);
    return result.place;
  });
  probes.set(config.baseUrl, asked);
  return asked;
}

async function askServer(config, probe) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  const headers = config.token ? { Authorization: `token ${config.token}` } : {};
  let ours = false;
  let answered = false;
  try {
    const init = { method: "HEAD", credentials: "same-origin", headers, signal: controller.signal };
    const response = await fetch(`${config.baseUrl}${probe.path}`, init);
    answered = true;
    ours = response.ok && response.headers.has(probe.header); // read as the head arrives: no body to wait for
  } catch {
    ours = false;
  } finally {
    clearTimeout(timer);
  }
  return { answered, place: { jupyterBaseUrl: config.baseUrl, scapiServerExtension: ours } };
}
