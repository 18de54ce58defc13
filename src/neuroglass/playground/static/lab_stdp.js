// The neuron lab's STDP panel (#lab-stdp-panel in lab.html): the window W(Δt)
// with a marker the learner drags (mouse, touch; the range input is the
// keyboard alternative), the pre/post spike order, and n simulated pairs. Every
// number comes from GET /api/lab/stdp (lab_stdp.py; docs/playground-protocol.md,
// "STDP panel"), which also checks the parameters: a refused one shows the
// server's reason. Words in English and Chinese (<html lang>, re-rendered on the
// window event "lab:lang"). window.labStdp exposes the state for tests.

import { drawOrder, drawPairs, drawWindow } from "./lab_stdp_draw.js";
import { lang, t } from "./lab_stdp_strings.js";

const ENDPOINT = "/api/lab/stdp";

const stdp = {
  data: null, // the last accepted reply
  params: {}, // what the page asks for (strings or numbers, as typed)
  deltaT: 10, // ms, t_post - t_pre, a multiple of the curve's step
  requests: 0,
  replies: 0,
  lastError: null, // the last refusal {parameter, error, ...}
  inFlight: false,
  queued: false,
  dragging: false,
  geometry: null, // of the window canvas, from the last paint
  marker: null, // {x, y} in CSS pixels of the window canvas
  readout: "",
  lang: lang(),
};
window.labStdp = stdp;

const panel = document.getElementById("lab-stdp-panel");
const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, children = []) {
  const node = Object.assign(document.createElement(tag), attributes);
  node.append(...children);
  return node;
}

function localised(key, tag = "span", attributes = {}) {
  const node = element(tag, attributes);
  node.dataset.s = key;
  return node;
}

// A canvas whose CSS size does not depend on its pixel size (set at each paint).
function canvas(id, height) {
  const node = element("canvas", { id });
  Object.assign(node.style, { width: "100%", height: `${height}px`, display: "block" });
  return node;
}

function build() {
  if (!document.querySelector('link[href="/static/lab_stdp.css"]')) {
    document.head.append(element("link", { rel: "stylesheet", href: "/static/lab_stdp.css" }));
  }
  const slider = element("input", { id: "stdp-delta-t", type: "range", min: -100, max: 100, step: 0.5 });
  panel.replaceChildren(
    element("h2", {}, [localised("title"), " ", localised("titleUnit", "span", { className: "unit" })]),
    localised("convention", "p", { className: "muted stdp-convention" }),
    element("div", { className: "stdp-row" }, [
      canvas("stdp-window", 260),
      element("div", { className: "stdp-order" }, [
        canvas("stdp-order", 120),
        element("p", { id: "stdp-order-caption", className: "muted" }),
      ]),
    ]),
    element("div", { className: "stdp-slider" }, [
      localised("slider", "label", { htmlFor: "stdp-delta-t" }), slider,
      element("output", { id: "stdp-delta-t-value", htmlFor: "stdp-delta-t" }),
    ]),
    element("p", { id: "stdp-readout", className: "stdp-readout" }),
    element("div", { id: "stdp-params", className: "stdp-params" }),
    element("p", { id: "stdp-error", role: "alert", hidden: true }),
    localised("pairsTitle", "h3"),
    element("p", { id: "stdp-legend", className: "stdp-legend" }, ["simulated", "alone", "bounds"].map(
      (key) => element("span", { className: `item ${key}` }, [
        element("span", { className: "swatch" }),
        localised({ simulated: "legendSim", alone: "legendAlone", bounds: "legendBound" }[key]),
      ]))),
    canvas("stdp-pairs", 220),
    element("p", { id: "stdp-pairs-note", className: "muted" }),
  );
  $("stdp-readout").setAttribute("aria-live", "polite");
  // repaint when the panel's size changes (the stylesheet arriving, the window,
  // the lab's own panels): the drag reads the geometry of the last paint
  new ResizeObserver(() => render()).observe(panel);
  slider.addEventListener("input", () => setDeltaT(Number(slider.value)));
  bindDrag($("stdp-window"));
}

// -- talking to the server -----------------------------------------------------
function query() {
  const entries = Object.entries({ ...stdp.params, delta_t: stdp.deltaT });
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}

async function request() {
  if (stdp.inFlight) { stdp.queued = true; return; } // the latest wins
  stdp.inFlight = true;
  stdp.requests += 1;
  try {
    const response = await fetch(`${ENDPOINT}?${query()}`, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (response.ok) accept(body); else refuse(body);
  } catch (error) {
    refuse({ parameter: null, error: String(error), network: true });
  } finally {
    stdp.replies += 1;
    stdp.inFlight = false;
    if (stdp.queued) { stdp.queued = false; request(); }
  }
}

function accept(body) {
  const first = stdp.data === null;
  stdp.data = body;
  if (first) { // later replies may be older than what the page asks for now
    for (const row of body.parameters) if (row.name !== "delta_t") stdp.params[row.name] = row.value;
    stdp.deltaT = body.point.delta_t;
    buildParams();
  }
  $("stdp-error").hidden = true;
  document.querySelectorAll("#stdp-params .refused").forEach((n) => n.classList.remove("refused"));
  render();
}

function refuse(body) {
  stdp.lastError = body;
  const box = $("stdp-error");
  box.dataset.reason = body.error;
  box.hidden = false;
  const name = body.parameter;
  if (stdp.data) { // back to the values last accepted
    for (const row of stdp.data.parameters) if (row.name !== "delta_t") stdp.params[row.name] = row.value;
    buildParams();
  }
  const input = name && document.querySelector(`#stdp-params [data-name="${CSS.escape(name)}"]`);
  if (input) input.classList.add("refused");
  renderError();
}

function renderError() {
  const box = $("stdp-error");
  if (box.hidden || !stdp.lastError) return;
  const error = stdp.lastError;
  const reason = lang() === "zh" && error.zh ? error.zh : error.error; // the server's words
  box.textContent = t(error.network ? "unreachable" : "refused", { reason });
}

// -- the parameters, in plain sight -------------------------------------------
function buildParams() {
  const rows = stdp.data.parameters.filter((row) => row.name !== "delta_t").map((row) => {
    const input = row.kind === "bool"
      ? element("input", { type: "checkbox", checked: row.value })
      : element("input", { type: "number", step: "any", value: row.value, min: row.low, max: row.high });
    input.id = `stdp-param-${row.name}`;
    input.dataset.name = row.name;
    if (row.kind === "bool") input.dataset.titleS = row.name; // worded by applyStrings
    else input.title = `${row.low} … ${row.high} ${row.unit}`.trim();
    input.addEventListener("change", () => {
      stdp.params[row.name] = row.kind === "bool" ? input.checked : input.value;
      request();
    });
    const unit = row.unit && row.unit !== "w" ? row.unit : "";
    return element("div", { className: "stdp-param" }, [
      localised(row.name, "label", { htmlFor: input.id }), input,
      element("span", { className: "unit" }, [unit]),
    ]);
  });
  $("stdp-params").replaceChildren(...rows);
  applyStrings();
}

// -- Δt: the marker, the slider ------------------------------------------------
function setDeltaT(value) {
  const curve = stdp.data && stdp.data.curve;
  const [low, high] = curve ? curve.range : [-100, 100];
  const step = curve ? curve.step : 0.5;
  const snapped = Math.round(Math.min(high, Math.max(low, value)) / step) * step;
  const next = Object.is(snapped, -0) ? 0 : snapped;
  if (next === stdp.deltaT) return;
  stdp.deltaT = next;
  render();
  request();
}

// W(Δt) from the server's curve (Δt is on its grid): the marker moves at once.
function windowAt(dt) {
  const curve = stdp.data.curve;
  if (dt === 0) return 0;
  const branch = dt > 0 ? curve.ltp : curve.ltd;
  const k = Math.round((dt - branch.delta_t[0]) / curve.step);
  return branch.delta_w[Math.min(Math.max(k, 0), branch.delta_w.length - 1)];
}

function bindDrag(canvas) {
  const fromEvent = (event) => {
    const box = canvas.getBoundingClientRect();
    if (stdp.geometry) setDeltaT(stdp.geometry.tOf(event.clientX - box.left));
  };
  canvas.addEventListener("pointerdown", (event) => {
    stdp.dragging = true;
    canvas.setPointerCapture(event.pointerId);
    canvas.classList.add("dragging");
    fromEvent(event);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => { if (stdp.dragging) fromEvent(event); });
  const stop = (event) => {
    stdp.dragging = false;
    canvas.classList.remove("dragging");
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
  };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
}

// -- words and pictures ---------------------------------------------------------
function signed(x, digits = 2) {
  if (x === 0) return "0";
  const size = Math.abs(x);
  const text = size < 1e-4 || size >= 1e4 ? size.toExponential(digits - 1) : String(Number(size.toPrecision(digits)));
  return (x > 0 ? "+" : "-") + text;
}

function applyStrings() {
  stdp.lang = lang();
  panel.querySelectorAll("[data-s]").forEach((node) => { node.textContent = t(node.dataset.s); });
  panel.querySelectorAll("[data-title-s]").forEach((node) => { node.title = t(node.dataset.titleS); });
  $("stdp-window").setAttribute("aria-label", t("windowAria"));
  $("stdp-order").setAttribute("aria-label", t("orderAria"));
  $("stdp-pairs").setAttribute("aria-label", t("pairsAria"));
}

function readout() {
  const point = stdp.data.point;
  const dw = point.delta_t === stdp.deltaT ? point.delta_w : windowAt(stdp.deltaT);
  const kind = dw > 0 ? "potentiation" : dw < 0 ? "depression" : "none";
  stdp.readout = t("readout", { dt: signed(stdp.deltaT, 4), dw: signed(dw), kind: t(kind) });
  stdp.kind = kind;
  return dw;
}

function pairsNote() {
  const p = stdp.data.pairs, params = stdp.params;
  const values = {
    n: p.weights.length - 1, period: Number(p.period.toPrecision(4)), rate: params.rate,
    total: signed(p.total_change, 3), alone: signed(p.isolated_sum, 3),
    diff: signed(p.interaction, 3), sum: signed(p.all_to_all_sum, 3),
  };
  return [t("summary", values), ...p.notes.map((note) => t(note, values))].join(" ");
}

function render() {
  if (!stdp.data) return;
  const dw = readout();
  $("stdp-readout").textContent = stdp.readout;
  $("stdp-readout").dataset.kind = stdp.kind;
  const slider = $("stdp-delta-t");
  if (Number(slider.value) !== stdp.deltaT) slider.value = stdp.deltaT;
  $("stdp-delta-t-value").textContent = `${signed(stdp.deltaT, 4)} ms`;
  slider.setAttribute("aria-valuetext", stdp.readout);
  stdp.geometry = drawWindow($("stdp-window"), stdp.data.curve, stdp.deltaT, dw);
  stdp.marker = stdp.geometry.marker;
  const fresh = stdp.data.point.delta_t === stdp.deltaT;
  const period = stdp.data.pairs.period;
  drawOrder($("stdp-order"), stdp.deltaT, period);
  const abs = Math.abs(stdp.deltaT);
  $("stdp-order-caption").textContent = t(stdp.deltaT > 0 ? "orderPrePost" : stdp.deltaT < 0 ? "orderPostPre" : "orderSame", { dt: abs });
  if (fresh) { // the pairs belong to the reply's Δt: wait for the reply to redraw them
    drawPairs($("stdp-pairs"), stdp.data.pairs, stdp.params, stdp.data.point.delta_w);
    $("stdp-pairs-note").textContent = pairsNote();
  }
  $("stdp-pairs-note").style.opacity = fresh ? "1" : "0.5";
  $("stdp-legend").classList.toggle("unbounded", !stdp.params.bounded);
}

function rerender() {
  applyStrings();
  renderError();
  render();
}

build();
applyStrings();
window.addEventListener("lab:lang", rerender);
new MutationObserver(rerender).observe(document.documentElement, { attributes: true, attributeFilter: ["lang", "data-theme"] });
request();
