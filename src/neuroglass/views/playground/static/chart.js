// The loss / accuracy chart (canvas, axes, hover read-out) and the gradient sparklines.

import { niceStep } from "./heatmap.js";
import { t } from "./i18n.js";

const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

function css(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

function fmtTick(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1000) return (v / 1000).toFixed(a >= 10000 ? 0 : 1) + "k";
  if (a < 0.01) return v.toExponential(0);
  return String(Math.round(v * 1000) / 1000);
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
    const pw = w - PAD.left - PAD.right, ph = h - PAD.top - PAD.bottom;
    let lo = Infinity, hi = -Infinity;
    for (const k of keys) for (let i = 0; i < n; i++) {
      const v = H[k][i];
      if (v !== null && Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (this.metric === "accuracy") { lo = Math.min(lo, 0.5); hi = 1; }
    if (hi - lo < 1e-9) { hi = lo + 1e-3; lo = Math.max(0, lo - 1e-3); }
    const e0 = n ? H.epoch[0] : 0, e1 = n ? Math.max(H.epoch[n - 1], e0 + 1) : 1;
    const X = (e) => PAD.left + ((e - e0) / (e1 - e0)) * pw;
    const Y = (v) => PAD.top + (1 - (v - lo) / (hi - lo)) * ph;
    // axes and ticks
    ctx.strokeStyle = axis; ctx.fillStyle = axis; ctx.lineWidth = 1;
    ctx.font = "10px system-ui, sans-serif";
    ctx.beginPath();
    ctx.moveTo(PAD.left - 0.5, PAD.top); ctx.lineTo(PAD.left - 0.5, PAD.top + ph + 0.5);
    ctx.lineTo(PAD.left + pw, PAD.top + ph + 0.5); ctx.stroke();
    const ys = niceStep((hi - lo) / 3);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (let v = Math.ceil(lo / ys) * ys; v <= hi + 1e-12; v += ys) {
      ctx.fillText(fmtTick(v), PAD.left - 4, Y(v));
      ctx.globalAlpha = 0.15; ctx.beginPath(); ctx.moveTo(PAD.left, Y(v)); ctx.lineTo(PAD.left + pw, Y(v)); ctx.stroke();
      ctx.globalAlpha = 1;
    }
    const xs = Math.max(1, niceStep((e1 - e0) / 4));
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (let e = Math.ceil(e0 / xs) * xs; e <= e1; e += xs) {
      ctx.fillText(fmtTick(e), X(e), PAD.top + ph + 4);
    }
    if (!n) return;
    // lines, down-sampled to about two points per pixel
    const stride = Math.max(1, Math.floor(n / (2 * pw)));
    keys.forEach((k, s) => {
      ctx.strokeStyle = colors[s]; ctx.lineWidth = 1.5; ctx.beginPath();
      let pen = false;
      const visit = (i) => {
        const v = H[k][i];
        if (v === null || !Number.isFinite(v)) { pen = false; return; }
        const x = X(H.epoch[i]), y = Y(Math.min(Math.max(v, lo), hi));
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
    if (this.hoverX !== null && this.hoverX >= PAD.left) {
      const target = e0 + ((this.hoverX - PAD.left) / pw) * (e1 - e0);
      let a = 0, b = n - 1;
      while (b - a > 1) { const m = (a + b) >> 1; if (H.epoch[m] < target) a = m; else b = m; }
      const i = Math.abs(H.epoch[a] - target) <= Math.abs(H.epoch[b] - target) ? a : b;
      ctx.strokeStyle = axis; ctx.setLineDash([3, 3]); ctx.beginPath();
      ctx.moveTo(X(H.epoch[i]), PAD.top); ctx.lineTo(X(H.epoch[i]), PAD.top + ph); ctx.stroke();
      ctx.setLineDash([]);
      const f = (v) => (v === null || !Number.isFinite(v) ? "–" : v.toFixed(3));
      this.readout.textContent = t("readout", { e: H.epoch[i], a: f(H[keys[0]][i]), b: f(H[keys[1]][i]) });
      this.readout.hidden = false;
    } else {
      this.readout.textContent = "";
    }
  }
}

/** One small line per layer: the history of ||dW|| from frame.grad_norms (log scale). */
export class Sparklines {
  constructor(container, keep = 300) {
    this.box = container;
    this.keep = keep;
    this.clear();
  }
  clear() {
    this.series = [];
    this.box.textContent = "";
    this.rows = [];
  }
  push(norms) {
    if (!norms) return;
    if (norms.length !== this.rows.length) this.rebuild(norms.length);
    norms.forEach((v, l) => {
      const s = this.series[l];
      s.push(v === null || !(v > 0) ? NaN : Math.log10(v)); // log scale: norms span decades
      if (s.length > this.keep) s.shift();
    });
  }
  rebuild(n) {
    this.box.textContent = "";
    this.series = Array.from({ length: n }, () => []);
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
      const last = s[s.length - 1];
      row.value.textContent = Number.isFinite(last) ? Math.pow(10, last).toPrecision(2) : "–";
      if (!Number.isFinite(lo)) return;
      if (hi - lo < 1e-12) hi = lo + 1e-12;
      ctx.strokeStyle = color; ctx.lineWidth = 1; ctx.beginPath();
      s.forEach((v, i) => {
        const x = (i / Math.max(1, this.keep - 1)) * (w - 2) + 1;
        const y = h - 2 - ((v - lo) / (hi - lo)) * (h - 4);
        if (i === 0 || !Number.isFinite(s[i - 1])) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
  }
}
