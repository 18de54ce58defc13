// The neuron lab's trace: v(t) scrolling with its spikes, the input current in
// its own band below (pulses included), and the parameters drawn as dashed
// lines (threshold, reset, rest) that the mouse can drag: on release the page
// sends a `parameter` command; a refused value snaps back (lab.js shows why).

import { cssVar, fitCanvas, polyline } from "./lab_canvas.js";
import { t } from "./lab_i18n.js";
import { font } from "./fonts.js";

const COLORS = { V_th: "--orange", v_peak: "--orange", V_reset: "--danger", c: "--danger", E_L: "--lab-rest" };
const TAB_GAP = 6; // between the grab tabs of the lines, staggered from the right
const GRAB_PX = 7;

export function paramRow(lab, name) {
  return lab.model && lab.model.parameters.find((p) => p.name === name);
}

/** the value a line shows: being dragged, just sent, or the model's */
function lineValue(lab, name) {
  if (lab.drag && lab.drag.name === name) return lab.drag.value;
  if (lab.pending && lab.pending.name === name) return lab.pending.value;
  const row = paramRow(lab, name);
  return row ? row.value : null;
}

function layout(lab, w, h) {
  const g = { left: 48, right: w - 8, top: 18, vBottom: h - 128, iTop: h - 104, iBottom: h - 26 };
  const [vLow, vHigh] = lab.model.v_range;
  g.y = (v) => g.vBottom - ((Math.min(Math.max(v, vLow), vHigh) - vLow) / (vHigh - vLow)) * (g.vBottom - g.top);
  g.vOf = (py) => vLow + ((g.vBottom - py) / (g.vBottom - g.top)) * (vHigh - vLow);
  const span = lab.model.window_ms;
  const tEnd = Math.max(span, lab.last ? lab.last.t : 0);
  g.t0 = tEnd - span;
  g.x = (t) => g.left + ((t - g.t0) / span) * (g.right - g.left);
  // the band fits the window's current (and 0), at least a tenth of the slider's range
  const cur = lab.model.current;
  let lo = 0, hi = 0;
  for (const s of lab.samples) { lo = Math.min(lo, 1.15 * s.I); hi = Math.max(hi, 1.15 * s.I); }
  const least = 0.1 * (cur.high - cur.low);
  if (hi - lo < least) { if (lo < 0 && hi === 0) lo = hi - least; else hi = lo + least; }
  g.iLow = lo; g.iHigh = hi;
  g.yI = (i) => g.iBottom - ((i - lo) / (hi - lo || 1)) * (g.iBottom - g.iTop);
  return g;
}

function drawAxes(ctx, lab, g, w, h) {
  const [vLow, vHigh] = lab.model.v_range;
  ctx.font = font(11);
  ctx.fillStyle = cssVar("--muted"); ctx.strokeStyle = cssVar("--line"); ctx.lineWidth = 1;
  const stepV = vHigh - vLow > 80 ? 40 : 20;
  for (let v = Math.ceil(vLow / stepV) * stepV; v <= vHigh; v += stepV) {
    ctx.beginPath(); ctx.moveTo(g.left, g.y(v)); ctx.lineTo(g.right, g.y(v)); ctx.stroke();
    ctx.textAlign = "right"; ctx.fillText(`${v}`, g.left - 6, g.y(v) + 4);
  }
  ctx.fillStyle = cssVar("--bar");
  ctx.fillRect(g.left, g.iTop - 4, g.right - g.left, g.iBottom - g.iTop + 8);
  ctx.fillStyle = cssVar("--muted"); ctx.strokeStyle = cssVar("--line");
  const unit = lab.model.current.unit === "a.u." ? t("au") : lab.model.current.unit;
  ctx.textAlign = "left";
  ctx.fillText(`I${unit === "dimensionless" ? "" : ` (${unit})`}`, 4, g.iTop - 9);
  ctx.textAlign = "right";
  ctx.fillText(`${+g.iHigh.toFixed(2)}`, g.left - 6, g.iTop + 8);
  ctx.fillText(`${+g.iLow.toFixed(2)}`, g.left - 6, g.iBottom);
  ctx.setLineDash([2, 3]);
  ctx.beginPath(); ctx.moveTo(g.left, g.yI(0)); ctx.lineTo(g.right, g.yI(0)); ctx.stroke();
  ctx.setLineDash([]);
  const span = lab.model.window_ms, tick = span / 4;
  ctx.textAlign = "center";
  for (let t = Math.ceil(g.t0 / tick) * tick; t <= g.t0 + span + 1e-9; t += tick) {
    ctx.fillText(`${Math.round(t)}`, g.x(t), h - 10);
  }
  ctx.textAlign = "left";
  ctx.fillText("t (ms)", 4, h - 10);
}

function drawLines(ctx, lab, g) {
  lab.handles = [];
  ctx.font = font(11);
  let tabRight = g.right - 4;
  for (const name of lab.model.lines || []) {
    const value = lineValue(lab, name);
    if (value === null) continue;
    const y = g.y(value), color = cssVar(COLORS[name] || "--orange") || cssVar("--orange");
    const label = `⇕ ${name} ${+value.toFixed(1)} mV`;
    const width = ctx.measureText(label).width + 10, tabLeft = tabRight - width;
    ctx.strokeStyle = color; ctx.lineWidth = lab.drag && lab.drag.name === name ? 2.5 : 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath(); ctx.moveTo(g.left, y); ctx.lineTo(g.right, y); ctx.stroke();
    ctx.setLineDash([]);
    lab.handles.push({ name, value, y, x: (tabLeft + tabRight) / 2, left: tabLeft, right: tabRight, label, color });
    tabRight = tabLeft - TAB_GAP;
  }
}

// the lines' tabs, drawn over the trace so that their text stays readable
function drawTabs(ctx, lab) {
  ctx.font = font(11);
  for (const hd of lab.handles) {
    ctx.fillStyle = hd.color;
    ctx.fillRect(hd.left, hd.y - 8, hd.right - hd.left, 16);
    ctx.fillStyle = "#fff";
    ctx.fillText(hd.label, hd.left + 5, hd.y + 4);
  }
}

export function drawTrace(canvas, lab) {
  const [ctx, w, h] = fitCanvas(canvas);
  if (!lab.model) return;
  const g = layout(lab, w, h);
  lab.geometry = g;
  drawAxes(ctx, lab, g, w, h);
  drawLines(ctx, lab, g);
  ctx.save();
  ctx.beginPath(); ctx.rect(g.left, 0, g.right - g.left, h); ctx.clip();
  ctx.strokeStyle = cssVar("--accent"); ctx.lineWidth = 1.5;
  polyline(ctx, lab.samples.map((s) => [g.x(s.t), g.y(s.v)]));
  // the current: a filled band from 0, outlined, so a pulse stands out
  const points = lab.samples.map((s) => [g.x(s.t), g.yI(s.I)]);
  if (points.length) {
    ctx.fillStyle = cssVar("--orange"); ctx.globalAlpha = 0.25;
    ctx.beginPath(); ctx.moveTo(points[0][0], g.yI(0));
    points.forEach(([x, y]) => ctx.lineTo(x, y));
    ctx.lineTo(points[points.length - 1][0], g.yI(0)); ctx.closePath(); ctx.fill();
    ctx.globalAlpha = 1;
  }
  ctx.strokeStyle = cssVar("--orange"); ctx.lineWidth = 1.5;
  polyline(ctx, points);
  ctx.fillStyle = cssVar("--danger");
  let drawn = 0;
  for (const t of lab.spikes) {
    if (g.x(t) < g.left) continue;
    ctx.fillRect(g.x(t) - 1, 2, 2, 10);
    drawn += 1;
  }
  ctx.restore();
  drawTabs(ctx, lab);
  lab.spikesDrawn = drawn;
  lab.currentDrawn = points.length;
}

function handleAt(lab, px, py) {
  const near = (lab.handles || []).filter((hd) => Math.abs(hd.y - py) <= GRAB_PX);
  return near.find((hd) => px >= hd.left && px <= hd.right) || near[0] || null;
}

/** mouse (pointer) dragging of the parameter lines; `send` posts a command */
export function bindDrag(canvas, lab, send) {
  const local = (e) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  canvas.addEventListener("pointerdown", (e) => {
    if (!lab.geometry) return;
    const hd = handleAt(lab, ...local(e));
    if (!hd) return;
    lab.drag = { name: hd.name, value: hd.value };
    canvas.setPointerCapture(e.pointerId);
    canvas.classList.add("dragging");
    e.preventDefault();
  });
  canvas.addEventListener("pointermove", (e) => {
    const [px, py] = local(e);
    if (!lab.drag) {
      canvas.style.cursor = lab.geometry && handleAt(lab, px, py) ? "ns-resize" : "";
      return;
    }
    const row = paramRow(lab, lab.drag.name);
    const v = Math.round(lab.geometry.vOf(py) * 2) / 2; // 0.5 mV steps
    lab.drag.value = Math.min(Math.max(v, row.low), row.high);
  });
  const release = () => {
    if (!lab.drag) return;
    const { name, value } = lab.drag;
    lab.drag = null;
    canvas.classList.remove("dragging");
    if (value === paramRow(lab, name).value) return;
    lab.pending = { name, value };
    send({ type: "parameter", name, value });
  };
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);
}
