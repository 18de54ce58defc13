// The loss / accuracy chart (canvas, axes, hover read-out) and the gradient sparklines.

import { niceStep } from "./heatmap.js";
import { t } from "./i18n.js";
import { fmt } from "./protocol.js";
import { font } from "./fonts.js";

const PAD = { left: 30, right: 10, top: 8, bottom: 20 };
const LOG_SPAN = 1e3; // losses spanning more than this factor are drawn on a log scale

function css(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The y axis for values in [lo, hi]: linear with at least two nice ticks (the range is widened
 * to whole steps), or logarithmic (whole decades) when positive values span many decades, as
 * a diverging loss does. Returns {lo, hi, log, ticks, pos(v) -> 0..1}.
 */
export function yScale(lo, hi, { percent = false } = {}) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (lo > 0 && hi / lo > LOG_SPAN) {
    let a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
    if (b === a) b = a + 1;
    const every = Math.max(1, Math.ceil((b - a) / 4));
    const ticks = [];
    for (let k = Math.ceil(a / every) * every; k <= b; k += every) ticks.push(Math.pow(10, k));
    if (ticks.length < 2) ticks.push(Math.pow(10, b));
    return { lo: Math.pow(10, a), hi: Math.pow(10, b), log: true, ticks,
      pos: (v) => (Math.log10(Math.max(v, Number.MIN_VALUE)) - a) / (b - a), percent };
  }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.05 : 1e-3;
    lo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / 3);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  if (hi - lo < step) hi = lo + step;
  const ticks = [];
  for (let k = 0, v = lo; v <= hi + step * 1e-6; k++, v = lo + k * step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { lo, hi, log: false, ticks, pos: (v) => (v - lo) / (hi - lo), percent };
}

function tickLabel(v, percent, digits = 3) {
  return percent ? fmt(100 * v, digits) + "%" : fmt(v, digits);
}

/** tick labels with as many digits as it takes to tell them apart */
function tickLabels(ticks, percent) {
  let labels = [];
  for (let digits = 3; digits <= 12; digits++) {
    labels = ticks.map((v) => tickLabel(v, percent, digits));
    if (new Set(labels).size === labels.length) break;
  }
  return labels;
}

/** History of one run: epoch and the four curves, appended frame by frame. */
export class History {
  constructor() { this.clear(); }
  clear() {
    this.epoch = []; this.train_loss = []; this.test_loss = [];
    this.train_accuracy = []; this.test_accuracy = [];
  }
  push(h) {
    const last = this.epoch.length ? this.epoch[this.epoch.length - 1] : -1;
    if (h.epoch < last) this.truncate(h.epoch);
    else if (h.epoch === last) this.pop();
    this.epoch.push(h.epoch);
    for (const k of ["train_loss", "test_loss", "train_accuracy", "test_accuracy"]) {
      this[k].push(h[k] ?? null);
    }
  }
  pop() {
    for (const k of ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"]) this[k].pop();
  }
  truncate(epoch) {
    while (this.epoch.length && this.epoch[this.epoch.length - 1] >= epoch) this.pop();
  }
  set(msg) {
    this.clear();
    const n = msg.epoch.length;
    for (let i = 0; i < n; i++) {
      this.push({
        epoch: msg.epoch[i], train_loss: msg.train_loss?.[i], test_loss: msg.test_loss?.[i],
        train_accuracy: msg.train_accuracy?.[i], test_accuracy: msg.test_accuracy?.[i],
      });
    }
  }
}

export class Chart {
  constructor(canvas, readout) {
    this.canvas = canvas;
    this.readout = readout;
    this.metric = "loss";
    this.hoverX = null;
    canvas.addEventListener("pointermove", (e) => {
      const r = canvas.getBoundingClientRect();
      this.hoverX = e.clientX - r.left;
      this.draw();
    });
    canvas.addEventListener("pointerleave", () => { this.hoverX = null; this.draw(); });
  }

  setData(history) { this.history = history; }

  size() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.clientWidth || 300, h = this.canvas.clientHeight || 130;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    return { w, h, dpr };
  }

  draw() {
    const { w, h, dpr } = this.size();
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const H = this.history;
    const axis = css("--muted", "#777");
    const keys = this.metric === "loss" ? ["train_loss", "test_loss"] : ["train_accuracy", "test_accuracy"];
    const colors = [css("--train-line", "#777"), css("--test-line", "#000")];
    const n = H ? H.epoch.length : 0;
    let lo = Infinity, hi = -Infinity;
    for (const k of keys) for (let i = 0; i < n; i++) {
      const v = H[k][i];
      if (v !== null && Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    const accuracy = this.metric === "accuracy";
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (accuracy) { lo = Math.min(lo, 0.5); hi = 1; }
    const scale = yScale(lo, hi, { percent: accuracy });
    this.scale = scale;
    // the y labels decide the left margin, so "1.74e178" is not cut off
    ctx.font = font(10);
    const yLabels = tickLabels(scale.ticks, scale.percent);
    const left = Math.max(PAD.left, Math.ceil(Math.max(...yLabels.map((l) => ctx.measureText(l).width))) + 8);
    this.left = left;
    const pw = w - left - PAD.right, ph = h - PAD.top - PAD.bottom;
    const e0 = n ? H.epoch[0] : 0, e1 = n ? Math.max(H.epoch[n - 1], e0 + 1) : 1;
    const X = (e) => left + ((e - e0) / (e1 - e0)) * pw;
    const Y = (v) => PAD.top + (1 - Math.min(1, Math.max(0, scale.pos(v)))) * ph;
    // axes and ticks
    ctx.strokeStyle = axis; ctx.fillStyle = axis; ctx.lineWidth = 1;
    ctx.font = font(10);
    ctx.beginPath();
    ctx.moveTo(left - 0.5, PAD.top); ctx.lineTo(left - 0.5, PAD.top + ph + 0.5);
    ctx.lineTo(left + pw, PAD.top + ph + 0.5); ctx.stroke();
    // every label is kept inside the canvas; this.ticks lets a test check that
    this.ticks = { y: [], x: [] };
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    scale.ticks.forEach((v, k) => {
      const label = yLabels[k];
      const y = Math.min(Math.max(Y(v), 6), h - 6);
      ctx.fillText(label, left - 4, y);
      const tw = ctx.measureText(label).width;
      this.ticks.y.push({ label, left: left - 4 - tw, right: left - 4, top: y - 5, bottom: y + 5 });
      ctx.globalAlpha = 0.15; ctx.beginPath(); ctx.moveTo(left, Y(v)); ctx.lineTo(left + pw, Y(v)); ctx.stroke();
      ctx.globalAlpha = 1;
    });
    const xs = Math.max(1, niceStep((e1 - e0) / 4));
    ctx.textBaseline = "top";
    for (let e = Math.ceil(e0 / xs) * xs; e <= e1; e += xs) {
      const label = fmt(e, 4), tw = ctx.measureText(label).width;
      const x = Math.min(Math.max(X(e), tw / 2 + 1), w - tw / 2 - 1);
      ctx.textAlign = "center";
      ctx.fillText(label, x, PAD.top + ph + 4);
      this.ticks.x.push({ label, left: x - tw / 2, right: x + tw / 2, top: PAD.top + ph + 4, bottom: PAD.top + ph + 14 });
    }
    this.ticks.width = w; this.ticks.height = h;
    if (!n) return;
    // lines, down-sampled to about two points per pixel
    const stride = Math.max(1, Math.floor(n / (2 * pw)));
    keys.forEach((k, s) => {
      ctx.strokeStyle = colors[s]; ctx.lineWidth = 1.5; ctx.beginPath();
      let pen = false;
      const visit = (i) => {
        const v = H[k][i];
        if (v === null || !Number.isFinite(v)) { pen = false; return; }
        const x = X(H.epoch[i]), y = Y(v);
        if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        pen = true;
      };
      for (let i = 0; i < n; i += stride) visit(i);
      if ((n - 1) % stride) visit(n - 1);
      ctx.stroke();
    });
    // the replayed epoch
    if (this.marker !== null && this.marker !== undefined && this.marker >= e0 && this.marker <= e1) {
      ctx.strokeStyle = css("--orange", "#f59322"); ctx.lineWidth = 1.5; ctx.beginPath();
      ctx.moveTo(X(this.marker), PAD.top); ctx.lineTo(X(this.marker), PAD.top + ph); ctx.stroke();
      ctx.lineWidth = 1;
    }
    // hover: the nearest epoch
    if (this.hoverX !== null && this.hoverX >= left) {
      const target = e0 + ((this.hoverX - left) / pw) * (e1 - e0);
      let a = 0, b = n - 1;
      while (b - a > 1) { const m = (a + b) >> 1; if (H.epoch[m] < target) a = m; else b = m; }
      const i = Math.abs(H.epoch[a] - target) <= Math.abs(H.epoch[b] - target) ? a : b;
      ctx.strokeStyle = axis; ctx.setLineDash([3, 3]); ctx.beginPath();
      ctx.moveTo(X(H.epoch[i]), PAD.top); ctx.lineTo(X(H.epoch[i]), PAD.top + ph); ctx.stroke();
      ctx.setLineDash([]);
      const f = (v) => (v === null || v === undefined ? "–" : accuracy ? fmt(100 * v, 3) + "%" : fmt(v, 3));
      this.readout.textContent = t("readout", { e: H.epoch[i], a: f(H[keys[0]][i]), b: f(H[keys[1]][i]) });
      this.readout.hidden = false;
    } else {
      this.readout.textContent = "";
    }
  }
}

/**
 * One small line per layer: the history of ||dW|| from frame.grad_norms, on a log scale
 * (norms span decades). The line spans the whole width from the first epoch on; a norm of
 * exactly 0 (a layer that no longer learns) is drawn at the bottom, not as a gap.
 */
export class Sparklines {
  constructor(container, keep = 300) {
    this.box = container;
    this.keep = keep;
    this.clear();
  }
  clear() {
    this.series = [];
    this.raw = [];
    this.box.textContent = "";
    this.rows = [];
    this.marker = null; // index of the point on view (a replay's snapshot), null: the last
  }
  push(norms) {
    if (!norms) return;
    if (norms.length !== this.rows.length) this.rebuild(norms.length);
    norms.forEach((v, l) => {
      const s = this.series[l], r = this.raw[l];
      r.push(v === null || v === undefined ? NaN : v);
      s.push(v === null || v === undefined || Number.isNaN(v) ? NaN : v > 0 ? Math.log10(v) : -Infinity);
      if (s.length > this.keep) { s.shift(); r.shift(); }
    });
  }
  /** every row at once (a replay's per-snapshot norms): what was drawn before goes */
  set(rows) {
    this.clear();
    this.keep = Math.max(this.keep, rows.length);
    for (const norms of rows) this.push(norms);
  }
  rebuild(n) {
    this.box.textContent = "";
    this.series = Array.from({ length: n }, () => []);
    this.raw = Array.from({ length: n }, () => []);
    this.rows = Array.from({ length: n }, (_, l) => {
      const row = document.createElement("div");
      row.className = "spark";
      const label = document.createElement("span");
      label.textContent = `L${l + 1}`;
      const canvas = document.createElement("canvas");
      canvas.width = 160; canvas.height = 18;
      const value = document.createElement("span");
      value.className = "spark-value";
      row.append(label, canvas, value);
      this.box.appendChild(row);
      return { canvas, value };
    });
  }
  draw() {
    const color = css("--fg", "#333");
    this.rows.forEach((row, l) => {
      const s = this.series[l];
      const ctx = row.canvas.getContext("2d");
      const w = row.canvas.width, h = row.canvas.height;
      ctx.clearRect(0, 0, w, h);
      let lo = Infinity, hi = -Infinity;
      for (const v of s) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      // a replay marks the snapshot on view and shows its value; live shows the latest
      const at = this.marker ?? this.raw[l].length - 1;
      row.value.textContent = fmt(this.raw[l][at], 2);
      if (!Number.isFinite(lo)) { lo = 0; hi = 1; } // all zero: a flat line at the bottom
      if (hi - lo < 0.05) { const mid = (hi + lo) / 2; lo = mid - 0.5; hi = mid + 0.5; } // flat: centred
      const n = s.length;
      ctx.strokeStyle = color; ctx.lineWidth = 1.25; ctx.lineJoin = "round"; ctx.beginPath();
      let pen = false;
      s.forEach((v, i) => {
        if (Number.isNaN(v)) { pen = false; return; }
        const x = n > 1 ? (i / (n - 1)) * (w - 2) + 1 : w - 2;
        const y = v === -Infinity ? h - 2 : h - 2 - ((Math.min(v, hi) - lo) / (hi - lo)) * (h - 4);
        if (!pen) { ctx.moveTo(n > 1 ? x : 1, y); if (n === 1) ctx.lineTo(x, y); } else ctx.lineTo(x, y);
        pen = true;
      });
      ctx.stroke();
      const v = s[this.marker];
      if (this.marker !== null && this.marker !== undefined && !Number.isNaN(v) && v !== undefined) {
        const x = n > 1 ? (this.marker / (n - 1)) * (w - 2) + 1 : w - 2;
        const y = v === -Infinity ? h - 2 : h - 2 - ((Math.min(v, hi) - lo) / (hi - lo)) * (h - 4);
        ctx.fillStyle = css("--accent", "#1f77b4");
        ctx.beginPath();
        ctx.arc(x, Math.max(2.5, Math.min(h - 2.5, y)), 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    });
  }
}
