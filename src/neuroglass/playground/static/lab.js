// The neuron lab (lab.html): one neuron stepped live by the server over /ws/lab.
// The server sends lab_hello, lab_model (the model and its parameters), lab_fi
// (its f-I curve) and lab_frame (~30/s: v samples, spikes, the current, the
// rate); the page sends model, current, pulse, speed, parameter, play, pause,
// reset (docs/playground-protocol.md, "The neuron lab"). window.lab exposes the
// state for tests, as window.playground does on the main page.

const $ = (id) => document.getElementById(id);
// Izhikevich's current has no unit: show none rather than the word
const shown = (unit) => (unit === "dimensionless" ? "" : ` ${unit}`);

const lab = {
  socket: null,
  hello: null,
  model: null, // the last lab_model
  fi: null, // the last lab_fi
  samples: [], // {t, v, I} within the window
  spikes: [], // spike times (ms) within the window
  spikesSeen: 0, // every spike received since the model was chosen
  spikesDrawn: 0, // spike markers drawn by the last paint
  frames: 0,
  last: null, // the last lab_frame
  lastError: null, // the last error message
};
window.lab = lab;

function send(message) {
  if (lab.socket && lab.socket.readyState === WebSocket.OPEN) {
    lab.socket.send(JSON.stringify(message));
  }
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return [ctx, w, h];
}

function paramValue(name) {
  const row = lab.model && lab.model.parameters.find((p) => p.name === name);
  return row ? row.value : null;
}

// -- the scrolling trace -------------------------------------------------------
function drawTrace() {
  const [ctx, w, h] = fitCanvas($("lab-trace"));
  if (!lab.model) return;
  const left = 44, right = w - 8, top = 14, vBottom = h - 70, iTop = h - 56, iBottom = h - 18;
  const span = lab.model.window_ms;
  const tEnd = Math.max(span, lab.last ? lab.last.t : 0);
  const x = (t) => left + ((t - (tEnd - span)) / span) * (right - left);
  const [vLow, vHigh] = lab.model.v_range;
  const y = (v) => vBottom - ((Math.min(Math.max(v, vLow), vHigh) - vLow) / (vHigh - vLow)) * (vBottom - top);
  const cur = lab.model.current;
  const yI = (i) => iBottom - ((i - cur.low) / (cur.high - cur.low)) * (iBottom - iTop);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = cssVar("--muted");
  ctx.strokeStyle = cssVar("--line");
  ctx.lineWidth = 1;
  for (let v = Math.ceil(vLow / 20) * 20; v <= vHigh; v += 20) {
    ctx.beginPath(); ctx.moveTo(left, y(v)); ctx.lineTo(right, y(v)); ctx.stroke();
    ctx.fillText(`${v}`, 4, y(v) + 4);
  }
  ctx.fillText(`I${cur.unit === "dimensionless" ? "" : ` (${cur.unit})`}`, 4, iTop + 10);
  ctx.fillText(`${span} ms`, right - 44, h - 4);
  const threshold = paramValue("V_th");
  if (threshold !== null) {
    ctx.setLineDash([4, 4]); ctx.strokeStyle = cssVar("--orange");
    ctx.beginPath(); ctx.moveTo(left, y(threshold)); ctx.lineTo(right, y(threshold)); ctx.stroke();
    ctx.setLineDash([]); ctx.fillStyle = cssVar("--orange");
    ctx.fillText("V_th", right - 30, y(threshold) - 3);
  }
  ctx.strokeStyle = cssVar("--accent"); ctx.lineWidth = 1.5;
  ctx.beginPath();
  lab.samples.forEach((s, k) => (k ? ctx.lineTo(x(s.t), y(s.v)) : ctx.moveTo(x(s.t), y(s.v))));
  ctx.stroke();
  ctx.strokeStyle = cssVar("--muted"); ctx.lineWidth = 1;
  ctx.beginPath();
  lab.samples.forEach((s, k) => (k ? ctx.lineTo(x(s.t), yI(s.I)) : ctx.moveTo(x(s.t), yI(s.I))));
  ctx.stroke();
  ctx.fillStyle = cssVar("--danger");
  let drawn = 0;
  for (const t of lab.spikes) {
    if (x(t) < left) continue;
    ctx.fillRect(x(t) - 1, top - 10, 2, 8);
    drawn += 1;
  }
  lab.spikesDrawn = drawn;
}

// -- the f-I curve and the operating point -------------------------------------
function interp(xs, ys, x0) {
  if (x0 <= xs[0]) return ys[0];
  for (let k = 1; k < xs.length; k++) {
    if (x0 <= xs[k]) return ys[k - 1] + ((ys[k] - ys[k - 1]) * (x0 - xs[k - 1])) / (xs[k] - xs[k - 1]);
  }
  return ys[ys.length - 1];
}

function drawFi() {
  const [ctx, w, h] = fitCanvas($("lab-fi"));
  if (!lab.model || !lab.fi || lab.fi.model !== lab.model.model) return;
  const { currents, rates } = lab.fi;
  const left = 40, right = w - 10, top = 10, bottom = h - 30;
  const top_rate = Math.max(10, ...rates) * 1.1;
  const x = (i) => left + ((i - currents[0]) / (currents[currents.length - 1] - currents[0])) * (right - left);
  const y = (r) => bottom - (Math.min(r, top_rate) / top_rate) * (bottom - top);
  ctx.strokeStyle = cssVar("--line"); ctx.fillStyle = cssVar("--muted");
  ctx.font = "11px system-ui, sans-serif";
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillText(`${Math.round(top_rate)} Hz`, 2, top + 10);
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
  $("lab-fi-note").textContent =
    `dot: ${expected.toFixed(1)} Hz on the curve at I = ${current}${shown(lab.model.current.unit)}` +
    (lab.last ? `; ring: ${lab.last.rate.toFixed(1)} Hz measured` : "");
}

// -- messages ------------------------------------------------------------------
function onHello(m) {
  lab.hello = m;
  $("lab-model").replaceChildren(...Object.entries(m.models).map(([k, label]) => new Option(label, k)));
  $("lab-preset").replaceChildren(...m.presets.map((p) => new Option(p, p)));
  $("lab-speed").replaceChildren(...m.speeds.map((s) => new Option(`${s}×`, String(s))));
}

function onModel(m) {
  const changed = !lab.model || lab.model.model !== m.model || lab.model.preset !== m.preset;
  lab.model = m;
  if (changed) {
    lab.samples = []; lab.spikes = []; lab.spikesSeen = 0; lab.last = null;
    if (!lab.fi || lab.fi.model !== m.model) $("lab-fi-note").textContent = "computing the f-I curve…";
  }
  $("lab-model").value = m.model;
  $("lab-preset-field").hidden = m.model !== "izhikevich";
  if (m.preset) $("lab-preset").value = m.preset;
  $("lab-speed").value = String(m.speed);
  const slider = $("lab-current");
  Object.assign(slider, { min: m.current.low, max: m.current.high, step: m.current.step });
  slider.value = m.current.value;
  $("lab-current-value").textContent = m.current.value;
  $("lab-current-unit").textContent = shown(m.current.unit).trim();
  $("lab-scheme").textContent = `${m.label}: scheme ${m.scheme}, dt ${m.dt} ms`;
  setRunning(m.running);
  const rows = m.parameters.map((p) => {
    const tr = document.createElement("tr");
    const input = Object.assign(document.createElement("input"), { type: "number", step: "any", value: p.value });
    input.dataset.name = p.name;
    input.title = `${p.low} to ${p.high} ${p.unit}`;
    input.addEventListener("change", () => {
      const value = Number(input.value);
      send({ type: "parameter", name: p.name, value: input.value === "" || !Number.isFinite(value) ? input.value : value });
    });
    const cells = [p.name, input, p.unit, p.meaning].map((c) => {
      const td = document.createElement("td");
      td.append(c);
      return td;
    });
    tr.append(...cells);
    return tr;
  });
  $("lab-params").tBodies[0].replaceChildren(...rows);
  $("lab-error").hidden = true;
  drawTrace(); drawFi();
}

function onFrame(m) {
  lab.frames += 1;
  if (lab.last && m.t0 < lab.last.t) { lab.samples = []; lab.spikes = []; } // a reset
  lab.last = m;
  m.v.forEach((v, k) => lab.samples.push({ t: m.t0 + k * m.dt, v, I: m.I }));
  lab.spikes.push(...m.spikes);
  lab.spikesSeen += m.spikes.length;
  const oldest = m.t - lab.model.window_ms;
  while (lab.samples.length && lab.samples[0].t < oldest) lab.samples.shift();
  while (lab.spikes.length && lab.spikes[0] < oldest) lab.spikes.shift();
  $("lab-time").textContent = `${m.t.toFixed(0)} ms`;
  $("lab-readout").textContent = `I = ${m.I}${shown(lab.model.current.unit)}, ${m.rate.toFixed(1)} Hz over the last second`;
}

function onError(m) {
  lab.lastError = m;
  const box = $("lab-error");
  box.textContent = m.message;
  box.hidden = false;
  const input = document.querySelector(`#lab-params input[data-name="${CSS.escape(m.field || "")}"]`);
  if (input) {
    input.classList.add("refused");
    input.value = paramValue(m.field);
  }
}

function setRunning(running) {
  const b = $("lab-play");
  b.classList.toggle("playing", running);
  b.setAttribute("aria-pressed", String(running));
  b.textContent = running ? "❚❚" : "▶";
  b.title = running ? "Pause" : "Run";
  b.setAttribute("aria-label", b.title);
  lab.running = running;
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/lab`);
  lab.socket = ws;
  ws.addEventListener("message", (event) => {
    const m = JSON.parse(event.data);
    if (m.type === "lab_hello") onHello(m);
    else if (m.type === "lab_model") onModel(m);
    else if (m.type === "lab_fi") { lab.fi = m; drawFi(); }
    else if (m.type === "lab_frame") onFrame(m);
    else if (m.type === "error") onError(m);
  });
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
}

function animate() {
  drawTrace();
  drawFi();
  requestAnimationFrame(animate);
}

document.documentElement.dataset.theme = localStorage.getItem("ng-theme") || "light";
bindControls();
connect();
requestAnimationFrame(animate);
