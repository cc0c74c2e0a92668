// Builds the front end into scapi_widget/static/ (not committed):
// widget.js (the anywidget module, bundled), widget.css, scapi-client.js (its method table
// generated from scapi_widget/wire/spec/requests.json), demo-app/ (its index.html self-contained).
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { clientSource } from "./client/build-client.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "scapi_widget", "static");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, "js", "widget.js")],
  bundle: true,
  format: "esm",
  target: "es2020",
  outfile: join(out, "widget.js"),
  logLevel: "warning",
});
cpSync(join(root, "js", "widget.css"), join(out, "widget.css"));
const client = clientSource();
writeFileSync(join(out, "scapi-client.js"), client);
cpSync(join(root, "js", "demo-app"), join(out, "demo-app"), { recursive: true });
writeFileSync(join(out, "demo-app", "scapi-client.js"), client);
inlinePage(join(out, "demo-app"));
console.log("built", out);

/**
 * The page's local stylesheets and scripts written into it: the app is one request (each file
 * beside it would be one more round through the kernel's app server, or the Jupyter server, while
 * the desktop starts). The files stay beside it for pages that load them.
 */
function inlinePage(folder) {
  const page = join(folder, "index.html");
  const local = (name) => readFileSync(join(folder, name), "utf8");
  const html = readFileSync(page, "utf8")
    .replace(/<link rel="stylesheet" href="([\w.-]+)">/g, (_m, name) => `<style>\n${local(name)}</style>`)
    .replace(/<script src="([\w.-]+)"><\/script>/g, (_m, name) => `<script>\n${local(name).replaceAll("</script", "<\\/script")}</script>`);
  writeFileSync(page, html);
}
