// The playground page: the websocket, the session's state, and drawing each frame.
// Controls are wired in bind.js; the wire format is docs/playground-protocol.md.

import { decodeFrame, formatEpoch, fmt, b64ToBytes } from "./protocol.js";
import { OutputMap, cssColor, paletteCss, drawLegend, setTheme } from "./heatmap.js";
import { NetworkView } from "./network.js";
import { GraphView } from "./graph.js";
import { Chart, History, Sparklines } from "./chart.js";
import { Diagnostics, Trace, renderConfusion, renderExplain, clearExplain, toast, notice, hideBanner,
  setLrContext } from "./panels.js";
import { fillSelect, buildDatasets, showDatasets, setSlider, fillDrawClasses } from "./controls.js";
import { toHash, fromHash, matches } from "./url.js";
import { t, setLang, getLang, pick } from "./i18n.js";
import { bindControls } from "./bind.js";

const $ = (id) => document.getElementById(id);
const EXPORTS = {
  "export-model": "model.npz", "export-run": "run.ngrun", "export-csv": "data.csv",
  "export-snippet": "snippet.py", "export-svg": "network.svg", "export-png": "network.png",
};

// The page's whole state, declared here and sealed: a field not listed is an error.
// The server's tables (options, limits, settings) arrive with `hello`; the page keeps
// no copy of them.
export const app = Object.seal({
  ws: null, session: null, mode: "live",
  options: null, // the allowed values of every choice (config.options() on the server)
  limits: null, // max_layers, max_neurons, ranges (config.limits())
  settings: null, // each setting's kind, in the URL's order (config.SETTINGS)
  state: null, pendingState: null, stateKey: null, stateTimer: null, config: null,
  frame: null, droppedFrame: null, view: undefined, playing: false, liveEpoch: 0, seeking: false,
  focus: null, preview: null, awaitHash: null, skipped: null,
  page: { lang: "en", show_test: false, discretize: false },
  sparkEpoch: -1, sparkEpochs: [],
  drawMs: undefined, drawMax: 0, // how long a frame takes to draw (for the curious)
  history: new History(),
});

// -- sending -----------------------------------------------------------------------------
export function send(msg) {
  if (app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(msg));
}
export function sendConfig(partial) {
  send({ type: "config", config: partial });
}

// -- the parts of the page -------------------------------------------------------------
const map = new OutputMap($("output-map"));
const chart = new Chart($("chart"), $("chart-readout"));
chart.setData(app.history);
const sparks = new Sparklines($("grad-sparklines"));
const diagnostics = new Diagnostics((ev) => divergedActions(ev));
// the hints name a learning rate to try, from the page's own list
setLrContext(() => ({ lr: app.config?.learning_rate, rates: app.options?.learning_rate,
  optimizer: app.config?.optimizer }));
const network = new NetworkView($("network"), $("hovercard"), {
  onFeature: (f) => {
    const on = app.config.features.includes(f);
    const next = on ? app.config.features.filter((x) => x !== f) : [...app.config.features, f];
    sendConfig({ features: app.options.features.filter((x) => next.includes(x)) });
  },
  onFocus: (layer, unit, name) => setFocus(layer, unit, name),
  onPreview: (f, name) => { app.preview = f; $("focus-label").textContent = t("focusOf", { name }); drawMap(); },
  onExplain: (layer, unit) => {
    if (app.mode !== "live") return;
    // explain works on the live network, not on an epoch viewed on the timeline
    if (app.frame?.header?.replay) { clearExplain("explainLiveOnly"); return; }
    send({ type: "explain", layer, unit, sample: sampleIndex() });
  },
  onSetWeight: (layer, from, to, value) => send({ type: "set_weight", layer, from, to, value }),
  onSetBias: (layer, unit, value) => send({ type: "set_bias", layer, unit, value }),
  onNeurons: (l, d) => {
    const hidden = [...app.config.hidden];
    hidden[l - 1] = Math.max(1, Math.min(app.limits.max_neurons, hidden[l - 1] + d));
    sendConfig({ hidden });
  },
  onLayerActivation: (l, value) => {
    const la = [...(app.config.layer_activations || [])];
    while (la.length < app.config.hidden.length) la.push("");
    la[l - 1] = value;
    sendConfig({ layer_activations: la.slice(0, app.config.hidden.length) });
  },
});
export const trace = new Trace();
// a replayed model that is no network of dense layers: its layer graph instead
const graph = new GraphView($("network"));

export function sampleIndex() {
  const n = app.state?.train?.length || 1;
  return Math.max(0, Math.min(n - 1, (parseInt($("sample").value, 10) || 1) - 1));
}

function setFocus(layer, unit, name) {
  app.preview = null;
  if (layer === null) {
    $("focus-label").textContent = "";
    if (app.focus === null) { drawMap(); return; }
    app.focus = null;
    send({ type: "focus", layer: null });
  } else {
    app.focus = { layer, unit };
    $("focus-label").textContent = t("focusOf", { name });
    send({ type: "focus", layer, unit });
  }
  drawMap();
}

// -- the connection -------------------------------------------------------------------------
function connect() {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${proto}//${location.host}/ws${location.search}`);
  ws.binaryType = "arraybuffer";
  app.ws = ws;
  ws.onmessage = (ev) => {
    if (typeof ev.data === "string") onJson(JSON.parse(ev.data));
    else onFrame(ev.data);
  };
  ws.onclose = () => toast(t("disconnected"));
}

function onJson(msg) {
  switch (msg.type) {
    case "hello": return onHello(msg);
    case "state": return onState(msg);
    case "history":
      app.history.set(msg);
      // a replay's history carries the gradient norms of each snapshot: the whole sparklines
      if (Array.isArray(msg.grad_norms)) {
        sparks.set(msg.grad_norms);
        app.sparkEpochs = msg.grad_epochs || [];
        app.sparkEpoch = app.sparkEpochs.at(-1) ?? -1;
        markSparks();
      }
      scheduleCharts();
      return;
    case "explain": return renderExplain(msg);
    case "trace": return trace.set(msg);
    case "error": return onError(msg);
    default:
      return;
  }
}

/** a refused message: what was wrong; a link's refused setting is dropped, the rest kept */
function onError(msg) {
  if (msg.field === "type") {
    // a command the session dropped (it was busy) or did not know: nothing changed,
    // nothing to undo; said in a corner without hiding the page or a link's settings
    notice(pick(msg.message, msg.zh));
    return;
  }
  toast(pick(msg.message, msg.zh));
  if (app.awaitHash) {
    // keep the rest of the link's settings: drop the refused one and try again
    const rest = { ...app.awaitHash };
    delete rest[msg.field];
    if (msg.field && msg.field in app.awaitHash && Object.keys(rest).length) {
      app.awaitHash = rest;
      sendConfig(rest);
    } else {
      giveUpOnHash();
    }
  }
}

function onHello(msg) {
  app.session = msg.session;
  app.mode = msg.mode;
  app.options = msg.options;
  app.limits = msg.limits;
  app.settings = msg.settings;
  document.body.classList.toggle("replay", msg.mode === "replay");
  $("mode-badge").hidden = msg.mode !== "replay";
  $("mode-badge").textContent = t("replaying");
  for (const [id, name] of Object.entries(EXPORTS)) {
    $(id).href = `/api/session/${encodeURIComponent(msg.session)}/export/${name}`;
  }
  buildDatasets($("datasets"), app.options.datasets, (name) => sendConfig({ dataset: name }));
  if (msg.mode === "live") {
    const { config } = fromHash(location.hash, app.settings);
    if (Object.keys(config).length) {
      app.awaitHash = config;
      sendConfig(config);
      setTimeout(() => app.awaitHash && giveUpOnHash(), 4000);
    }
  }
}

function giveUpOnHash() {
  app.awaitHash = null;
  if (app.skipped && !app.state) {
    applyState(app.skipped);
    if (app.droppedFrame) drawFrame(app.droppedFrame);
  }
}

function onState(msg) {
  if (app.awaitHash) {
    if (!app.skipped && !matches(msg.config, app.awaitHash)) {
      app.skipped = msg; // the session's first state, before the link's settings apply
      return;
    }
    app.awaitHash = null;
  }
  app.pendingState = msg;
  // the DOM is rebuilt with the next frame, so nodes and their numbers appear together
  clearTimeout(app.stateTimer);
  app.stateTimer = setTimeout(() => app.pendingState && applyState(app.pendingState), 400);
}

function onFrame(buffer) {
  const frame = decodeFrame(buffer);
  if (app.awaitHash || (!app.state && !app.pendingState)) {
    app.droppedFrame = frame;
  } else {
    if (app.pendingState) applyState(app.pendingState);
    const t0 = performance.now();
    drawFrame(frame);
    const ms = performance.now() - t0; // kept for the curious: playground.app.drawMs
    app.drawMs = app.drawMs === undefined ? ms : 0.9 * app.drawMs + 0.1 * ms;
    app.drawMax = Math.max(app.drawMax || 0, ms);
  }
  send({ type: "ack", seq: frame.header.seq });
}

// -- a new state: settings, data, the network's shape -----------------------------------------
/** what a `state` is about: settings and data (the server repeats a state as training goes on) */
function stateKey(s) {
  const tr = s.train || [];
  return JSON.stringify([s.config, s.sizes, s.classes, tr.length, tr[0], tr.at(-1), (s.test || []).length]);
}

/** Panels whose numbers belong to the old network, settings or data go back to empty. */
export function clearPanels() {
  diagnostics.clear();
  clearExplain();
  trace.clear();
  hideBanner();
  $("focus-label").textContent = "";
  app.preview = null;
}

export function applyState(s) {
  clearTimeout(app.stateTimer);
  app.pendingState = null;
  const fresh = !app.state;
  const key = stateKey(s);
  const changed = !fresh && key !== app.stateKey;
  app.stateKey = key;
  app.state = s;
  app.config = s.config;
  const live = app.mode === "live";
  // a state repeats at each new fit; after a divergence in the first epoch it is still epoch 0
  const last = app.history.epoch.at(-1) ?? 0;
  const restarted = live && (s.epoch < last || (s.epoch === 0 && last > 0));
  if (restarted) {
    app.history.clear();
    sparks.clear();
    app.sparkEpoch = -1;
    app.liveEpoch = 0;
  }
  if (!fresh && (changed || restarted)) clearPanels();
  if (s.config.dataset !== "custom" || !s.train.length) uploadNote("");
  syncControls();
  rebuildNetwork();
  map.setGrid(s.grid?.resolution || 100, s.grid?.domain || [-6, 6]);
  setPoints();
  const k = s.classes;
  drawLegend($("legend"), 0);
  document.querySelector(".legend").hidden = k > 2;
  classLegend(k > 2 ? k : 0, s.class_names || []);
  fillDrawClasses($("draw-class"), k, s.class_names || [], valueRange(s));
  $("test-accuracy-label").textContent = t(k ? "testAccuracy" : "r2");
  $("train-accuracy").parentElement.hidden = !k;
  $("epoch").textContent = formatEpoch(s.epoch);
  if (!live) { $("timeline").max = String(s.epoch); $("timeline").value = String(s.epoch); }
  if (app.focus) { app.focus = null; $("focus-label").textContent = ""; send({ type: "focus", layer: null }); }
  writeHash();
}

export function rebuildNetwork() {
  if (!app.state) return;
  const layered = !!app.state.graph;
  document.body.classList.toggle("graph", layered);
  $("graph-note").hidden = !layered;
  if (layered) {
    $("graph-note").textContent = t("graphNote", { types: app.state.graph.types.join(", ") });
    graph.build(app.state.graph);
    if (app.frame) graph.update(app.frame.header);
    return;
  }
  network.build(app.state, {
    features: app.options.features, activations: app.options.activation,
    maxNeurons: app.limits.max_neurons, readOnly: app.mode !== "live",
  });
  if (app.frame) network.update(app.frame.arrays, app.frame.header);
}

/** the values the colours span, [low, high] (orange to blue): [-1, 1] unless scaled */
export function valueRange(s) {
  const sc = s?.target_scale;
  return sc ? [sc.low, sc.high] : [-1, 1];
}

/**
 * What the ends of the colour bar stand for: the two class names, a regression's
 * range (its own units; the network trains on them scaled to [-1, 1]), or −1 and 1.
 */
function valueLegend(s) {
  const k = s.classes, names = s.class_names || [];
  let low = "−1", high = "1", note = "";
  if (k === 2) {
    [low, high] = [String(names[0] ?? 0), String(names[1] ?? 1)];
  } else if (!k) {
    const [lo, hi] = valueRange(s);
    [low, high] = [fmt(lo), fmt(hi)];
    if (s.target_scale) note = t("valueScaleNote", { low, high, c: fmt(s.target_scale.center), h: fmt(s.target_scale.half) });
  }
  $("legend-low").textContent = low;
  $("legend-high").textContent = high;
  const box = $("legend-note");
  box.textContent = note;
  box.hidden = !note;
}

/** the class colours of the output map with their names (more than two classes) */
function classLegend(k, names) {
  const box = $("class-legend");
  box.textContent = "";
  box.hidden = !k;
  for (let j = 0; j < k; j++) {
    const item = document.createElement("span");
    item.className = "class-key";
    const sw = document.createElement("i");
    sw.style.background = paletteCss(j);
    item.append(sw, document.createTextNode(String(names[j] ?? j)));
    box.appendChild(item);
  }
}

const LOSS_NAMES = {
  tanh_mse: ["lossMse", "lossNoteMse"], linear_mse: ["lossMse", "lossNoteMse"],
  sigmoid_bce: ["lossBce", "lossNoteBce"], softmax_ce: ["lossCe", "lossNoteCe"],
};

/** say which loss the numbers are (the engine's mean loss, the same as in scripts) */
function labelLoss() {
  const kind = app.state?.output_kind || app.config?.output;
  const [name, note] = LOSS_NAMES[kind] || ["", ""];
  for (const span of document.querySelectorAll(".loss-name")) span.textContent = name ? t(name) : "";
  const scaled = app.state?.target_scale ? " " + t("lossNoteScaled") : "";
  $("loss-note").textContent = note ? t(note) + scaled : "";
  if (app.state) valueLegend(app.state); // the colour bar's ends, in the current language
  const option = document.querySelector('#chart-metric option[value="loss"]');
  option.textContent = t("loss") + (name ? " " + t(name) : "");
}

export function syncControls() {
  const c = app.config;
  if (!c) return;
  labelLoss();
  const o = app.options;
  fillSelect($("learning-rate"), "learning_rate", o.learning_rate, c.learning_rate);
  fillSelect($("reg-rate"), "reg_rate", o.reg_rate, c.reg_rate);
  fillSelect($("activation"), "activation", o.activation, c.activation);
  fillSelect($("regularization"), "regularization", o.regularization, c.regularization);
  fillSelect($("problem"), "problem", Object.keys(o.datasets), c.problem);
  fillSelect($("optimizer"), "optimizer", o.optimizer, c.optimizer);
  fillSelect($("schedule"), "schedule", o.schedule, c.schedule);
  // data with more than 2 classes always trains softmax + cross-entropy
  const forced = (app.state?.classes || 0) > 2;
  const outputs = o.output[c.problem] || [];
  fillSelect($("output"), "output", forced ? [...new Set([...outputs, "softmax_ce"])] : outputs,
    forced ? "softmax_ce" : c.output);
  $("output").disabled = forced;
  fillSelect($("init"), "init", o.init, c.init);
  $("stop-epoch").value = String(c.stop_epoch ?? 0);
  setSlider("noise", c.noise);
  setSlider("train-ratio", c.train_ratio, "%");
  setSlider("batch-size", c.batch_size);
  showDatasets($("datasets"), c.problem, c.dataset);
  // drawn or uploaded points have no generator to draw again from (the server says so too)
  const custom = c.dataset === "custom";
  $("regenerate").disabled = custom;
  $("regenerate").title = t(custom ? "regenerateCustom" : "regenerateTitle");
  const n = c.hidden.length;
  $("layer-count").textContent = String(n);
  $("layer-word").dataset.i18n = n === 1 ? "hiddenLayer" : "hiddenLayers";
  $("layer-word").textContent = t($("layer-word").dataset.i18n);
  $("add-layer").disabled = n >= app.limits.max_layers;
  $("remove-layer").disabled = n === 0;
}

export function redrawLegend() {
  drawLegend($("legend"), 0);
}

export function setPoints() {
  const s = app.state;
  if (!s) return;
  const k = s.classes;
  // a value is drawn where it sits in the colours' range (its own units, orange to blue)
  const [lo, hi] = valueRange(s);
  const value = (l) => cssColor(hi > lo ? (2 * (l - lo)) / (hi - lo) - 1 : 0);
  const colour = k > 2 ? (l) => paletteCss(l) : k ? (l) => cssColor(l ? 1 : -1) : value;
  const pts = s.train.map((p) => [p[0], p[1], p[2], false]);
  if (app.page.show_test) for (const p of s.test) pts.push([p[0], p[1], p[2], true]);
  map.axisColor = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim() || "#666";
  map.setPoints(pts, colour);
  if (app.frame) drawMap();
}

export function writeHash() {
  if (app.mode !== "live" || !app.config) return;
  const page = { lang: getLang() === "zh" ? "zh" : null, show_test: app.page.show_test, discretize: app.page.discretize };
  const hash = toHash(app.config, page, app.settings);
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

// -- a frame -----------------------------------------------------------------------------
function softmax() {
  const s = app.state;
  return s && (s.classes > 2 || s.output_kind === "softmax_ce" || s.config.output === "softmax_ce");
}

// an input feature over the plane, as the server computed it (state.feature_planes)
function featurePlane(name) {
  const plane = app.state?.feature_planes?.[name];
  return plane ? b64ToBytes(plane) : null;
}

export function drawMap() {
  const f = app.frame;
  if (!f) return;
  const a = f.arrays, discrete = app.page.discretize;
  const preview = app.preview && featurePlane(app.preview);
  if (preview) {
    map.draw({ values: preview, discrete });
  } else if (app.focus && a.focus) {
    map.draw({ values: a.focus, discrete });
  } else if (softmax() && a.output_class && a.output_confidence) {
    map.draw({ cls: a.output_class, conf: a.output_confidence, k: app.state.classes, discrete });
  } else if (a.output) {
    map.draw({ values: a.output, discrete });
  }
}

function drawFrame(frame) {
  const h = frame.header;
  app.frame = frame;
  setPlaying(h.playing);
  $("epoch").textContent = formatEpoch(h.epoch);
  $("train-loss").textContent = fmt(h.train_loss);
  $("test-loss").textContent = fmt(h.test_loss);
  const pct = (v) => (v === null || v === undefined ? "–" : (100 * v).toFixed(1) + "%");
  if (app.state?.classes) {
    $("train-accuracy").textContent = pct(h.train_accuracy);
    $("test-accuracy").textContent = pct(h.test_accuracy);
  } else {
    $("test-accuracy").textContent = fmt(h.r2);
  }
  const tl = $("timeline");
  if (app.mode === "live") {
    if (!h.replay) {
      app.liveEpoch = h.epoch;
      app.history.push(h);
      if (h.epoch !== app.sparkEpoch) { sparks.push(h.grad_norms); app.sparkEpoch = h.epoch; }
      tl.max = String(h.epoch);
      if (!app.seeking) tl.value = String(h.epoch);
    } else if (!app.seeking) {
      tl.value = String(h.epoch);
    }
    $("live").hidden = !h.replay;
    $("mode-badge").hidden = !h.replay;
  } else {
    if (!app.seeking) tl.value = String(h.epoch);
    markSparks();
  }
  $("timeline-label").textContent = `${h.epoch} / ${tl.max}`;
  // a seek or a return to live: the explained numbers were of another network
  const view = h.replay ? `replay:${h.epoch}` : "live";
  if (app.view !== undefined && view !== app.view) { clearExplain(); trace.clear(); }
  app.view = view;
  drawMap();
  if (app.state?.graph) graph.update(h);
  else network.update(frame.arrays, h);
  renderConfusion(app.state?.classes ? h.confusion : null, app.state?.class_names);
  // the task an uploaded CSV got is said once, under the upload (also the reply's note)
  const events = h.events || [];
  for (const ev of events) if (ev.code === "csv_task") uploadNote(ev.message, ev.zh);
  diagnostics.add(events.filter((ev) => ev.code !== "csv_task"));
  if ((h.events || []).some((ev) => ev.kind === "diverged")) setPlaying(false);
  for (const ev of h.events || []) if (ev.kind === "stopped") toast(pick(ev.message, ev.zh));
  chart.marker = h.replay ? h.epoch : null;
  scheduleCharts();
}

/** a replay: the sparklines mark the snapshot on view (the last at or before its epoch) */
function markSparks() {
  const epochs = app.sparkEpochs || [];
  const at = app.frame?.header?.epoch;
  if (app.mode === "live" || !epochs.length || at === undefined) return;
  let k = 0;
  while (k + 1 < epochs.length && epochs[k + 1] <= at) k++;
  sparks.marker = k;
}

/** which task an uploaded CSV got, and why (`zh`: in Chinese); "" clears it */
let uploadWords = ["", ""];
export function uploadNote(text, zh) {
  uploadWords = [text || "", zh || ""];
  $("upload-note").textContent = pick(...uploadWords);
}

/** the server's words on the page, again in the language just chosen */
function relabelServerText() {
  $("upload-note").textContent = pick(...uploadWords);
}

/** what the page can do about a divergence: a lower learning rate (keeps the weights), a reset */
function divergedActions() {
  const lr = app.config?.learning_rate;
  const actions = [];
  if (lr > 0) {
    const lower = (app.options?.learning_rate || []).filter((v) => v <= lr / 10 + 1e-12);
    const to = lower.length ? Math.max(...lower) : lr / 10;
    actions.push({ label: t("lowerLr", { lr: fmt(to) }), cls: "lower-lr",
      run: () => sendConfig({ learning_rate: to }) });
  }
  actions.push({ label: t("resetNet"), cls: "reset-net", run: () => send({ type: "reset" }) });
  return actions;
}

let chartQueued = false;
export function scheduleCharts() {
  if (chartQueued) return;
  chartQueued = true;
  requestAnimationFrame(() => {
    chartQueued = false;
    chart.draw();
    sparks.draw();
  });
}

export function setPlaying(playing) {
  app.playing = playing;
  const b = $("play");
  b.innerHTML = playing
    ? '<svg viewBox="0 0 24 24" aria-hidden="true"><rect x="6" y="5" width="4" height="14"/><rect x="14" y="5" width="4" height="14"/></svg>'
    : '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5l11 7-11 7z"/></svg>';
  b.classList.toggle("playing", playing);
  b.setAttribute("aria-pressed", String(playing));
  b.setAttribute("aria-label", t(playing ? "pause" : "play"));
  b.title = t(playing ? "pause" : "play");
}

// -- start ---------------------------------------------------------------------------------
function start() {
  const { page } = fromHash(location.hash);
  const theme = localStorage.getItem("ng-theme") || "light";
  document.documentElement.dataset.theme = theme;
  setTheme(theme);
  app.page.show_test = !!page.show_test;
  app.page.discretize = !!page.discretize;
  $("show-test").checked = app.page.show_test;
  $("discretize").checked = app.page.discretize;
  setLang(page.lang || localStorage.getItem("ng-lang") || "en");
  setPlaying(false);
  bindControls({ app, send, sendConfig, network, chart, map, trace, drawMap, setPoints, writeHash,
    rebuildNetwork, syncControls, scheduleCharts, sampleIndex, setPlaying, redrawLegend, clearPanels,
    uploadNote, relabelServerText });
  chart.draw();
  connect();
}

window.playground = {
  app, chart, sparks, map, network, graph, diagnostics,
  get lastWeights() {
    const w = app.frame?.arrays?.weights;
    return w ? Array.from(w) : null;
  },
  get lastBiases() {
    const b = app.frame?.arrays?.biases;
    return b ? Array.from(b) : null;
  },
  pointCount() {
    const s = app.state;
    return s ? s.train.length + s.test.length : 0;
  },
};

start();
