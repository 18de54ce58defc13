// The neuron lab (lab.html): one neuron stepped live by the server over /ws/lab.
// The server sends lab_hello, lab_model (the model and its parameters), lab_fi
// (its f-I curve), lab_phase (the phase plane at the present current),
// lab_frame (~30/s: v, u or n and current samples, spikes, the rate) and, for
// the mystery neuron, lab_reveal; the page sends model, current, pulse, speed,
// parameter, play, pause, reset, mystery, answer (docs/playground-protocol.md,
// "The neuron lab"). window.lab exposes the state for tests, as
// window.playground does on the main page.

import { cssVar, fitCanvas, fmt, interp } from "./lab_canvas.js";
import { getLang, pick, setLang, t } from "./lab_i18n.js";
import { bindMystery, renderReveal, showMystery } from "./lab_mystery.js";
import { drawPhase, phaseText } from "./lab_phase.js";
import { bindDrag, drawTrace, paramRow } from "./lab_trace.js";
import { font } from "./fonts.js";

const $ = (id) => document.getElementById(id);
// Izhikevich's current has no unit: show none rather than the word
const shown = (unit) => (unit === "dimensionless" ? "" : ` ${unit === "a.u." ? t("au") : unit}`);

const lab = {
  socket: null,
  hello: null,
  model: null, // the last lab_model
  fi: null, // the last lab_fi
  phase: null, // the last lab_phase
  reveal: null, // the last lab_reveal (a mystery answered)
  samples: [], // {t, v, I, w} within the window (w: u or n)
  spikes: [], // spike times (ms) within the window
  spikesSeen: 0, // every spike received since the model was chosen
  spikesDrawn: 0, // spike markers drawn by the last paint
  frames: 0,
  last: null, // the last lab_frame
  lastError: null, // the last error message
  drag: null, // {name, value}: a parameter line under the mouse
  pending: null, // {name, value}: a dragged value sent, not yet answered
  handles: [], // the draggable lines as drawn: {name, value, y, x, left, right}
};
window.lab = lab;

function send(message) {
  $("lab-notice").hidden = true; // a new command: the last refusal is old news
  if (lab.socket && lab.socket.readyState === WebSocket.OPEN) {
    lab.socket.send(JSON.stringify(message));
  }
}

// -- the f-I curve and the operating point -------------------------------------
function drawFi() {
  const [ctx, w, h] = fitCanvas($("lab-fi"));
  if (!lab.model || !lab.fi || lab.fi.model !== lab.model.model) return;
  const { currents, rates } = lab.fi;
  const left = 40, right = w - 10, top = 10, bottom = h - 30;
  const topRate = Math.max(10, ...rates) * 1.1;
  const x = (i) => left + ((i - currents[0]) / (currents[currents.length - 1] - currents[0])) * (right - left);
  const y = (r) => bottom - (Math.min(r, topRate) / topRate) * (bottom - top);
  ctx.strokeStyle = cssVar("--line"); ctx.fillStyle = cssVar("--muted");
  ctx.font = font(11);
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillText(`${Math.round(topRate)} Hz`, 2, top + 10);
  ctx.fillText("0", left - 12, bottom);
  ctx.fillText(`${currents[0]}`, left, h - 14);
  ctx.textAlign = "right";
  ctx.fillText(`${currents[currents.length - 1]}${shown(lab.model.current.unit)}`, right, h - 14);
  ctx.textAlign = "left";
  ctx.strokeStyle = cssVar("--fg"); ctx.lineWidth = 1.5;
  ctx.beginPath();
  currents.forEach((i, k) => (k ? ctx.lineTo(x(i), y(rates[k])) : ctx.moveTo(x(i), y(rates[k]))));
  ctx.stroke();
  const current = lab.last ? lab.last.I : lab.model.current.value;
  const expected = interp(currents, rates, current);
  ctx.fillStyle = cssVar("--accent");
  ctx.beginPath(); ctx.arc(x(current), y(expected), 6, 0, 2 * Math.PI); ctx.fill();
  if (lab.last) {
    ctx.strokeStyle = cssVar("--orange"); ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(x(current), y(lab.last.rate), 9, 0, 2 * Math.PI); ctx.stroke();
  }
  lab.operatingPoint = { current, rate: expected, measured: lab.last ? lab.last.rate : null };
  const unit = shown(lab.model.current.unit);
  $("lab-fi-note").textContent = t("fiNote", { rate: expected.toFixed(1), I: current, unit }) +
    (lab.last ? t("fiRing", { rate: lab.last.rate.toFixed(1) }) : "");
}

// -- messages ------------------------------------------------------------------
function fillModels() {
  if (!lab.hello) return;
  const options = Object.keys(lab.hello.models).map((k) => new Option(t(k), k));
  const hidden = new Option(t("mysteryModel"), "mystery");
  hidden.hidden = true;
  $("lab-model").replaceChildren(...options, hidden);
  if (lab.model) $("lab-model").value = lab.model.model;
}

function onHello(m) {
  lab.hello = m;
  fillModels();
  $("lab-preset").replaceChildren(...m.presets.map((p) => new Option(p, p)));
  $("lab-speed").replaceChildren(...m.speeds.map((s) => new Option(`${s}×`, String(s))));
}

function paramRows(m) {
  const zh = getLang() === "zh";
  return m.parameters.map((p) => {
    const tr = document.createElement("tr");
    const input = Object.assign(document.createElement("input"), { type: "number", step: "any", value: p.value });
    input.dataset.name = p.name;
    input.title = t("range", { low: p.low, high: p.high, unit: p.unit });
    input.setAttribute("aria-label", `${p.name} (${zh ? p.meaning_zh : p.meaning})`);
    input.addEventListener("change", () => {
      const value = Number(input.value);
      send({ type: "parameter", name: p.name, value: input.value === "" || !Number.isFinite(value) ? input.value : value });
    });
    const cells = [p.name, input, p.unit, zh ? p.meaning_zh : p.meaning].map((c) => {
      const td = document.createElement("td");
      td.append(c);
      return td;
    });
    tr.append(...cells);
    return tr;
  });
}

function describeModel() {
  const m = lab.model;
  if (!m) return;
  $("lab-current-unit").textContent = shown(m.current.unit).trim();
  $("lab-scheme").textContent = m.mystery ? t("hiddenParams")
    : t("scheme", { label: t(m.model) + (m.preset ? ` ${m.preset}` : ""), scheme: t(`scheme_${m.scheme}`), dt: m.dt });
  $("lab-params").tBodies[0].replaceChildren(...paramRows(m));
  $("lab-drag-hint").hidden = !(m.lines && m.lines.length);
}

function onModel(m) {
  const changed = !lab.model || lab.model.model !== m.model || lab.model.preset !== m.preset ||
    Boolean(lab.model.mystery) !== Boolean(m.mystery) ||
    (m.mystery && lab.model.mystery && m.mystery.state !== lab.model.mystery.state && m.mystery.state === "probing");
  lab.model = m;
  lab.pending = null;
  if (changed) {
    lab.samples = []; lab.spikes = []; lab.spikesSeen = 0; lab.last = null;
    if (!lab.fi || lab.fi.model !== m.model) $("lab-fi-note").textContent = t("fiComputing");
  }
  $("lab-model").value = m.model;
  $("lab-preset-field").hidden = m.model !== "izhikevich";
  if (m.preset) $("lab-preset").value = m.preset;
  $("lab-speed").value = String(m.speed);
  const slider = $("lab-current");
  Object.assign(slider, { min: m.current.low, max: m.current.high, step: m.current.step });
  slider.value = m.current.value;
  $("lab-current-value").textContent = m.current.value;
  setRunning(m.running);
  describeModel();
  showMystery(lab);
  $("lab-error").hidden = true;
  drawTrace($("lab-trace"), lab); drawFi();
}

function onFrame(m) {
  lab.frames += 1;
  if (lab.last && m.t0 < lab.last.t) { lab.samples = []; lab.spikes = []; } // a reset
  lab.last = m;
  const second = m.u || m.n;
  m.v.forEach((v, k) => lab.samples.push({
    t: m.t0 + k * m.dt, v, I: m.currents ? m.currents[k] : m.I, w: second ? second[k] : undefined,
  }));
  lab.spikes.push(...m.spikes);
  lab.spikesSeen += m.spikes.length;
  const oldest = m.t - lab.model.window_ms;
  while (lab.samples.length && lab.samples[0].t < oldest) lab.samples.shift();
  while (lab.spikes.length && lab.spikes[0] < oldest) lab.spikes.shift();
  $("lab-time").textContent = `${m.t.toFixed(0)} ms`;
  readout();
}

function readout() {
  const m = lab.last;
  if (!m || !lab.model) return;
  $("lab-readout").textContent = t("readout", { I: fmt(m.I, 3), unit: shown(lab.model.current.unit), rate: m.rate.toFixed(1) }) +
    (lab.running ? "" : ` (${t("paused")})`) +
    (m.cut && lab.running ? t("behind", { speed: fmt(m.speed, 2), asked: lab.model.speed }) : "");
}

function onPhase(m) {
  lab.phase = m;
  $("lab-phase").hidden = !m.available;
  $("lab-phase-note").textContent = m.available ? phaseText(m) : pick(m.note);
}

function onError(m) {
  lab.lastError = m;
  if (lab.pending && lab.pending.name === m.field) lab.pending = null; // the line snaps back
  const input = document.querySelector(`#lab-params input[data-name="${CSS.escape(m.field || "")}"]`);
  // a parameter's refusal under its table; any other beside the controls (the
  // table is hidden during a mystery)
  const box = $(input ? "lab-error" : "lab-notice");
  box.textContent = pick({ en: m.message, zh: m.zh });
  box.hidden = false;
  if (input) {
    input.classList.add("refused");
    const row = paramRow(lab, m.field);
    input.value = row ? row.value : "";
  }
}

function setRunning(running) {
  const b = $("lab-play");
  b.classList.toggle("playing", running);
  b.setAttribute("aria-pressed", String(running));
  b.textContent = running ? "❚❚" : "▶";
  b.title = running ? t("pause") : t("run");
  b.setAttribute("aria-label", b.title);
  lab.running = running;
  readout();
}

const HANDLERS = {
  lab_hello: onHello,
  lab_model: onModel,
  lab_fi: (m) => { lab.fi = m; drawFi(); },
  lab_phase: onPhase,
  lab_frame: onFrame,
  lab_reveal: (m) => { lab.reveal = m; renderReveal(lab); },
  error: onError,
};

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/lab`);
  lab.socket = ws;
  ws.addEventListener("message", (event) => {
    const m = JSON.parse(event.data);
    if (HANDLERS[m.type]) HANDLERS[m.type](m);
  });
  ws.addEventListener("close", (event) => {
    lab.closed = { code: event.code, reason: event.reason };
    showClosed();
  });
}

function showClosed() {
  if (!lab.closed) return;
  const { code, reason } = lab.closed;
  const box = $("lab-notice");
  const before = lab.lastError && lab.lastError.field === "type" ? `${pick({ en: lab.lastError.message, zh: lab.lastError.zh })} ` : "";
  box.textContent = before + t("closed", { reason: reason ? ` (${reason}, ${code})` : ` (${code})` });
  box.hidden = false;
  setRunning(false);
}

function bindControls() {
  $("lab-model").addEventListener("change", (e) => {
    const model = e.target.value;
    send(model === "izhikevich" ? { type: "model", model, preset: $("lab-preset").value || "RS" } : { type: "model", model });
  });
  $("lab-preset").addEventListener("change", (e) => send({ type: "model", model: "izhikevich", preset: e.target.value }));
  $("lab-speed").addEventListener("change", (e) => send({ type: "speed", value: Number(e.target.value) }));
  $("lab-current").addEventListener("input", (e) => {
    $("lab-current-value").textContent = e.target.value;
    send({ type: "current", value: Number(e.target.value) });
  });
  $("lab-pulse").addEventListener("click", () =>
    send({ type: "pulse", amplitude: Number($("lab-pulse-amp").value), duration: Number($("lab-pulse-ms").value) }));
  $("lab-play").addEventListener("click", () => {
    setRunning(!lab.running);
    send({ type: lab.running ? "play" : "pause" });
  });
  $("lab-reset").addEventListener("click", () => {
    lab.samples = []; lab.spikes = []; lab.last = null;
    send({ type: "reset" });
  });
  $("lab-lang").addEventListener("click", () => setLang(getLang() === "zh" ? "en" : "zh"));
  $("lab-theme").addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("ng-theme", next);
  });
  window.addEventListener("lab:lang", () => {
    fillModels(); describeModel(); renderReveal(lab); readout(); setRunning(lab.running);
    if (lab.phase) onPhase(lab.phase);
    if (!lab.fi) $("lab-fi-note").textContent = t("fiComputing");
    if (lab.lastError && !($("lab-error").hidden && $("lab-notice").hidden)) onError(lab.lastError);
    showClosed();
  });
  bindDrag($("lab-trace"), lab, send);
  bindMystery(lab, send);
}

function animate() {
  drawTrace($("lab-trace"), lab);
  drawFi();
  drawPhase($("lab-phase"), lab);
  requestAnimationFrame(animate);
}

document.documentElement.dataset.theme = localStorage.getItem("ng-theme") || "light";
bindControls();
setLang(localStorage.getItem("ng-lang") || "en");
connect();
requestAnimationFrame(animate);
