// Text panels: explain, the forward/backward trace, diagnostics, banner, toast, confusion.

import { t, pick, getLang } from "./i18n.js";
import { label } from "./controls.js";
import { paletteCss } from "./heatmap.js";
import { fmt, fmtText } from "./protocol.js";

const $ = (id) => document.getElementById(id);
const num = (v) => fmt(v, 4);

function el(tag, text, cls, parent) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  if (parent) parent.appendChild(node);
  return node;
}

function vector(values) {
  return "[" + (values || []).map(num).join(", ") + "]";
}

function table(head, rows, parent, cls = "nums") {
  const tab = el("table", null, cls, parent);
  const tr = el("tr", null, null, el("thead", null, null, tab));
  for (const h of head) el("th", h, null, tr);
  const body = el("tbody", null, null, tab);
  for (const r of rows) {
    const row = el("tr", null, null, body);
    for (const c of r) el("td", c, null, row);
  }
  return tab;
}

/** an activation's name as the page's selects show it (线性 for linear in Chinese) */
const fname = (name) => label("activation", name);

/** the `explain` reply: z = Σ w_i a_i + b, term by term, a = f(z), δ, gradients */
let lastExplain = null;
export function renderExplain(msg) {
  lastExplain = msg;
  const box = $("explain-body");
  box.textContent = "";
  box.dataset.showing = "explain";
  const src = msg.layer === 1 ? "x" : "a";
  const f = fname(msg.activation);
  el("div", `${t("layerUnit", { l: msg.layer, u: msg.unit + 1 })} · ${f} · ${t("point")} ${msg.sample + 1}`,
    "explain-title", box);
  el("div", `z = Σ wᵢ·${src}ᵢ + b`, "formula", box);
  const rows = msg.weights.map((w, i) => [
    `${src}${i + 1}`, num(w), num(msg.inputs[i]), num(w * msg.inputs[i]), num(msg.grad_weights[i]),
  ]);
  rows.push(["b", num(msg.bias), "1", num(msg.bias), num(msg.grad_bias)]);
  table(["i", "wᵢ", `${src}ᵢ`, `wᵢ·${src}ᵢ`, "∂L/∂wᵢ"], rows, box);
  const terms = msg.weights.map((w, i) => `(${num(w)})(${num(msg.inputs[i])})`).join(" + ");
  el("div", `z = ${terms} + (${num(msg.bias)}) = ${num(msg.z)}`, "formula wrap", box);
  el("div", `a = ${f}(z) = ${f}(${num(msg.z)}) = ${num(msg.a)}`, "formula", box);
  el("div", `δ = ∂L/∂z = ${num(msg.delta)}`, "formula", box);
  el("div", `∂L/∂wᵢ = ${src}ᵢ·δ ,  ∂L/∂b = δ = ${num(msg.grad_bias)}`, "formula", box);
  if (msg.text) {
    const d = el("details", null, null, box);
    el("summary", t("formula"), null, d);
    el("pre", pick(msg.text, msg.text_zh), null, d);
  }
}

// the panel in the language just chosen: the explained neuron or the step on view
document.addEventListener("ng-lang", () => {
  const box = $("explain-body");
  if (box.dataset.showing === "explain" && lastExplain) renderExplain(lastExplain);
});

/** The step-through: forward per layer, the loss, then backward per layer. */
export class Trace {
  constructor(onChange) {
    this.steps = [];
    this.i = 0;
    this.onChange = onChange;
    $("trace-prev").addEventListener("click", () => this.go(this.i - 1));
    $("trace-next").addEventListener("click", () => this.go(this.i + 1));
    document.addEventListener("ng-lang", () => {
      if (!this.steps.length) return;
      $("trace-step").textContent = t("stepOf", { i: this.i + 1, n: this.steps.length });
      if ($("explain-body").dataset.showing === "trace") this.render();
    });
  }

  /** forget the last step-through (the network or the data changed) */
  clear() {
    this.steps = [];
    this.msg = null;
    this.i = 0;
    $("trace-prev").disabled = true;
    $("trace-next").disabled = true;
    $("trace-step").textContent = "";
  }

  set(msg) {
    const L = msg.layers.length;
    this.msg = msg;
    this.steps = [];
    msg.layers.forEach((layer, k) => this.steps.push({ kind: "forward", k, layer }));
    this.steps.push({ kind: "loss" });
    for (let k = L - 1; k >= 0; k--) this.steps.push({ kind: "backward", k, layer: msg.layers[k] });
    this.go(0);
  }

  go(i) {
    if (!this.steps.length) return;
    this.i = Math.max(0, Math.min(this.steps.length - 1, i));
    $("trace-prev").disabled = this.i === 0;
    $("trace-next").disabled = this.i === this.steps.length - 1;
    $("trace-step").textContent = t("stepOf", { i: this.i + 1, n: this.steps.length });
    this.render();
    const s = this.steps[this.i];
    this.onChange?.(s.kind === "loss" ? null : s.k + 1);
  }

  render() {
    const box = $("explain-body");
    box.textContent = "";
    box.dataset.showing = "trace";
    const m = this.msg, s = this.steps[this.i];
    el("div", `${t("point")} ${m.sample + 1}: x = ${vector(m.point || m.x)} · ${t("targetIs")} ${vector(m.target)}`,
      "explain-title", box);
    if (s.kind === "loss") {
      el("div", `${t("lossIs")} = ${num(m.loss)}`, "formula big", box);
      this.worked(box);
      return;
    }
    const ly = s.layer, l = s.k + 1, f = fname(ly.activation);
    el("div", `${t(s.kind)} · ${t("layer")} ${l} (${f})`, "trace-head " + s.kind, box);
    if (s.kind === "forward") {
      el("div", `${t("inputs")}: ${vector(ly.inputs)}`, "formula wrap", box);
      table([t("colUnit"), t("colZ"), `a = ${f}(z)`],
        ly.z.map((z, j) => [String(j + 1), num(z), num(ly.a[j])]), box);
    } else {
      table([t("colUnit"), "δ = ∂L/∂z", "∂L/∂b"],
        ly.delta.map((d, j) => [String(j + 1), num(d), num(ly.grad_bias[j])]), box);
      el("div", t("gradWeights"), "formula", box);
      const G = ly.grad_weights;
      table([t("colFromTo"), ...(G[0] || []).map((_, j) => String(j + 1))],
        G.map((row, i) => [String(i + 1), ...row.map(num)]), box, "nums matrix");
    }
    this.worked(box);
  }

  /** ng.explain.backward's whole worked example of the point, folded */
  worked(box) {
    const m = this.msg;
    if (!m.text) return;
    const d = el("details", null, "worked", box);
    el("summary", t("workedExample"), null, d);
    el("pre", pick(m.text, m.text_zh), null, d);
  }
}

/** Put the explain panel back to its hint (or `key`'s text): its numbers are out of date. */
export function clearExplain(key = "explainHint") {
  const box = $("explain-body");
  box.textContent = "";
  box.dataset.showing = "";
  const p = el("p", t(key), "muted", box);
  p.dataset.i18n = key;
}

// What to try, with the page's own controls (learning rate, optimizer, activation,
// initialization, layers and neurons, input features, regularization, the training
// ratio, play), in place of a script's advice (`fit(clip_norm=...)`, "more epochs").
// One entry for every rule the recorder has (tests/playground checks that)
// and for the page's own events. A function gets the event and returns [key, params].
export const PAGE_HINTS = {
  diverged: "hintDiverged", loss_not_finite: "hintDiverged",
  exploding_gradients: "hintExploding",
  learning_rate_high: (ev) => ["asIs", { text: lrHint({ ...ev, lr_advice: "lower" }) }],
  learning_rate_low: "hintLrLow", vanishing_gradients: "hintVanishing", stop_epoch: "hintStopped",
  dead_units: "hintDead", saturated_units: "hintSaturated", overfitting: "hintOverfitting",
  loss_at_chance: (ev) => ["hintAtChance", { lr: lrHint(ev) }],
  slow_convergence: (ev) => ["hintSlow", { lr: lrHint(ev) }],
};

/** the learning rate to try, from the page's own list of rates */
let lrContext = () => ({ lr: null, rates: [], optimizer: null });
export function setLrContext(fn) {
  lrContext = fn;
}

function lrHint(ev) {
  const { lr, rates, optimizer } = lrContext();
  // the recorder's advice for this run (lower after a too-high rate); adam at a usual
  // rate gets none
  const lower = ev.lr_advice === "lower" || (optimizer === "adam" && lr >= 0.1);
  if (!lower && ev.lr_advice !== "higher" && optimizer === "adam") return "";
  if (!(lr > 0)) return t(lower ? "lrLowerPlain" : "lrHigherPlain");
  const sorted = [...(rates || [])].sort((a, b) => a - b);
  if (lower) {
    const down = sorted.filter((v) => v <= lr / 10 + 1e-12);
    return t("lrLower", { lr: fmt(lr), to: fmt(down.length ? Math.max(...down) : lr / 10) });
  }
  const up = sorted.filter((v) => v > lr * (1 + 1e-9)).slice(0, 2);
  const to = up.length ? up.map((v) => fmt(v)).join(t("or")) : fmt(3 * lr);
  return t(optimizer === "adam" ? "lrHigherAdam" : "lrHigher", { lr: fmt(lr), to });
}

function hintOf(ev) {
  const entry = PAGE_HINTS[ev.code] || PAGE_HINTS[ev.kind];
  if (entry) {
    const [key, params] = typeof entry === "function" ? entry(ev) : [entry, {}];
    const text = t(key, params).replace(/^\s+/, "");
    // a note on a run that learns: nothing to fix now, the remedy only if it stalls
    if (ev.severity !== "info") return text;
    return t(ev.code === "overfitting" ? "noteIfWorse" : "noteIfStalls", { hint: text });
  }
  // a script's advice the page cannot follow is left out: "(fit(clip_norm=1.0))"
  return fmtText((ev.hint || "").replace(/\s*\(?\b(?:fit|ng\.[a-z_]+)\([^)]*\)\)?/g, ""));
}

/** the badge of an event: what happened, or how much a finding matters */
function badgeOf(ev) {
  if (ev.kind === "diverged") return ["diverged", "diverged"];
  if (ev.kind === "stopped") return ["stopped", "stopped"];
  const severity = ["error", "warning", "info"].includes(ev.severity) ? ev.severity : "warning";
  return [{ error: "problem", warning: "warning", info: "note" }[severity], severity];
}

/**
 * frame.events in plain words, one line per event; a `diverged` event also fills the
 * banner. Within one frame a `diverged` event stands for the rule that says the same
 * (loss_not_finite), and an event equal to the one before is not repeated.
 */
export class Diagnostics {
  constructor(onDiverged) {
    this.list = $("events");
    this.count = 0;
    this.last = null;
    this.onDiverged = onDiverged;
    document.addEventListener("ng-lang", () => {
      for (const li of this.list.children) {
        if (!li.event) continue;
        li.querySelector(".message").textContent = " " + messageOf(li.event);
        li.querySelector(".hint").textContent = hintOf(li.event);
      }
      if (this.banner && !$("banner").hidden) showBanner(this.banner, this.onDiverged?.(this.banner) || [], false);
    });
  }
  clear() {
    this.list.textContent = "";
    const li = el("li", t("noEvents"), "muted", this.list);
    li.dataset.i18n = "noEvents";
    this.count = 0;
    this.last = null;
  }
  add(events) {
    events = events || [];
    const diverged = events.some((ev) => ev.kind === "diverged");
    for (const ev of events) {
      if (diverged && ev.kind !== "diverged" && ev.code === "loss_not_finite") continue;
      const key = `${ev.kind}|${ev.code}|${ev.message}`;
      if (ev.kind !== "diverged" && key === this.last) continue;
      this.last = key;
      if (this.count === 0) this.list.textContent = "";
      this.count++;
      const [label, level] = badgeOf(ev);
      const li = el("li", null, `event ${ev.kind || "diagnostic"} severity-${level}`);
      li.dataset.code = ev.code || ev.kind || "";
      li.dataset.severity = level;
      const badge = el("span", t(label), "badge", li);
      badge.dataset.i18n = label;
      el("span", " " + messageOf(ev), "message", li);
      const hint = hintOf(ev);
      el("div", hint, "hint", li).hidden = !hint;
      li.event = ev; // worded again in the other language
      this.list.prepend(li);
      while (this.list.children.length > 30) this.list.lastChild.remove();
      if (ev.kind === "diverged") {
        this.banner = ev;
        showBanner(ev, this.onDiverged?.(ev) || []);
      }
    }
  }
}

/** an event's words in the page's language (the server sends them in both) */
function messageOf(ev) {
  return fmtText(pick(ev.message, ev.zh) || ev.code || "");
}

/**
 * The divergence banner; actions: [{label, run}] shown as buttons the user can
 * press. `count`: a new divergence (not the same one worded again).
 */
export function showBanner(ev, actions = [], count = true) {
  const b = $("banner");
  b.textContent = "";
  el("b", t("diverged") + (getLang() === "zh" ? "。" : ". "), null, b);
  const said = getLang() === "zh" && ev.zh ? ev.zh : (ev.message || "").replace(/^training diverged:\s*/i, "");
  el("span", fmtText(said) + " ", "message", b);
  el("span", hintOf(ev), "hint", b);
  if (actions.length) {
    const row = el("div", null, "actions", b);
    for (const a of actions) {
      const button = el("button", a.label, a.cls || "", row);
      button.type = "button";
      button.addEventListener("click", () => { hideBanner(); a.run(); });
    }
  }
  const close = el("button", "×", "close", b);
  close.type = "button";
  close.setAttribute("aria-label", t("close"));
  close.title = t("close");
  close.addEventListener("click", hideBanner);
  b.hidden = false;
  if (count) b.dataset.count = String(Number(b.dataset.count || 0) + 1);
}

export function hideBanner() {
  $("banner").hidden = true;
}

let toastTimer = null;
export function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

/**
 * A passing notice in a corner (a command the busy session dropped): it blocks nothing,
 * takes no focus and no clicks; the same text again counts up instead of piling up.
 */
let noticeTimer = null;
export function notice(text) {
  const box = $("notice");
  const same = !box.hidden && box.dataset.text === text;
  const count = same ? Number(box.dataset.count || 1) + 1 : 1;
  box.dataset.text = text;
  box.dataset.count = String(count);
  box.textContent = fmtText(text) + (count > 1 ? ` (×${count})` : "");
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, 5000);
}

/** rows = true class, columns = predicted; cells shaded by the row's share */
export function renderConfusion(matrix, names) {
  const tab = $("confusion");
  const wrap = $("confusion-wrap");
  if (!matrix) { wrap.hidden = true; return; }
  wrap.hidden = false;
  const key = JSON.stringify(matrix);
  if (tab.dataset.key === key) return;
  tab.dataset.key = key;
  tab.textContent = "";
  const head = el("tr", null, null, tab);
  el("th", "", null, head);
  matrix.forEach((_, j) => {
    const th = el("th", names?.[j] ?? String(j), null, head);
    th.style.borderBottom = `3px solid ${paletteCss(j)}`;
  });
  matrix.forEach((row, i) => {
    const tr = el("tr", null, null, tab);
    const th = el("th", names?.[i] ?? String(i), null, tr);
    th.style.borderRight = `3px solid ${paletteCss(i)}`;
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((c, j) => {
      const td = el("td", String(c), i === j ? "diag" : "", tr);
      td.style.setProperty("--share", (c / total).toFixed(3));
    });
  });
}
