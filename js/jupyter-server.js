// Where a view runs. A page served by a Jupyter server (JupyterLab, Notebook 7) states its base URL
// in #jupyter-config-data; when scapi-widget's server extension answers there, Python serves the
// kernel's apps through that server, so a browser on another machine reaches them too.
const STATUS_PATH = "scapi-widget/status";
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

/** {jupyterBaseUrl, scapiServerExtension}: whether GET {base}scapi-widget/status answered as ours. */
export async function probeServerExtension(config) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  const headers = config.token ? { Authorization: `token ${config.token}` } : {};
  let answered = false;
  try {
    const response = await fetch(`${config.baseUrl}${STATUS_PATH}`, { credentials: "same-origin", headers, signal: controller.signal });
    answered = response.ok && (await response.json()).scapiWidget === true;
  } catch {
    answered = false;
  } finally {
    clearTimeout(timer);
  }
  return { jupyterBaseUrl: config.baseUrl, scapiServerExtension: answered };
}
