// The scripted demo's player bar and caption, drawn from what Python publishes (the `player` trait: state, progress,
// the current and next step named, the caption, the controls with their labels and keyboard shortcuts). Buttons and
// shortcuts send "player" commands; Python checks and runs them. Nothing here decides what a command does.
import { h } from "./dom.js";

/** Keys typed into these are the user's text, not shortcuts; Space and Enter on a button press it. */
const TYPING = "input, select, textarea, [contenteditable]";

export class PlayerBar {
  constructor({ model, root, command, signal }) {
    this.model = model;
    this.command = command;
    this.bar = h("div", { className: "scapi-player", dataset: { testid: "desk-player" }, role: "toolbar", "aria-label": "Scenario player", hidden: true });
    this.caption = h("div", { className: "scapi-caption", dataset: { testid: "desk-caption" }, role: "status", "aria-live": "polite", hidden: true });
    root.append(this.bar, this.caption);
    root.tabIndex = 0; // the desktop can have focus: the player's shortcuts work then
    root.addEventListener("keydown", (event) => this.onKey(event), { signal });
  }

  render() {
    const player = this.model.get("player") || {};
    const controls = player.controls || [];
    this.bar.hidden = controls.length === 0;
    this.caption.hidden = !player.caption;
    this.caption.textContent = player.caption || "";
    if (this.bar.hidden) return;
    Object.assign(this.bar.dataset, { state: String(player.state), step: String(player.step) });
    const buttons = controls.map((c) =>
      h("button", {
        type: "button",
        className: "scapi-player-button",
        dataset: { testid: `desk-player-${c.command}` },
        title: `${c.label} (${c.keys.map((k) => (k === " " ? "Space" : k)).join(" or ")})`,
        onclick: () => this.command(c.command),
      }, c.label));
    const speed = h("select", {
      className: "scapi-player-speed",
      dataset: { testid: "desk-player-speed" },
      title: "Speed",
      onchange: (event) => this.command("speed", Number(event.target.value)),
    }, ...(player.speeds || []).map((s) => h("option", { value: String(s), selected: s === player.speed }, `${s}×`)));
    const progress = h("progress", { className: "scapi-player-progress", max: player.steps || 1, value: player.step || 0, dataset: { testid: "desk-player-progress" } });
    const steps = h("div", { className: "scapi-player-steps" },
      h("span", { className: "scapi-player-status", dataset: { testid: "desk-player-status" } }, player.status || ""),
      h("span", { className: "scapi-player-current", dataset: { testid: "desk-player-now" } }, player.current || ""),
      player.next ? h("span", { className: "scapi-player-next", dataset: { testid: "desk-player-upcoming" } }, `Next: ${player.next}`) : null);
    this.bar.replaceChildren(h("strong", { className: "scapi-player-name" }, player.name || ""), ...buttons, speed, progress, steps);
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target && target.closest && (target.closest(TYPING) || (target.closest("button") && (event.key === " " || event.key === "Enter")))) return;
    const controls = (this.model.get("player") || {}).controls || [];
    const control = controls.find((c) => c.keys.includes(event.key));
    if (!control) return;
    event.preventDefault();
    this.command(control.command);
  }
}
