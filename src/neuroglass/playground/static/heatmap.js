// Colour scales and canvas heatmaps (TF Playground's look: 30 shades, alpha 160).
// Zero is drawn in a colour close to the page's background in both themes, so weak links
// and values near 0 fade away and strong ones stand out (setTheme rebuilds the tables).

import { font } from "./fonts.js";

const ORANGE = [0xf5, 0x93, 0x22];
const BLUE = [0x08, 0x77, 0xbd];
const THEMES = {
  light: { neutral: [0xe8, 0xea, 0xeb], background: [0xff, 0xff, 0xff] },
  dark: { neutral: [0x2a, 0x31, 0x39], background: [0x15, 0x19, 0x1e] },
};
let GREY = THEMES.light.neutral;
let BACKGROUND = THEMES.light.background;
let themeName = "light";
const NUM_SHADES = 30;
const ALPHA = 160;

/** class 0 orange, class 1 blue, then green, purple, red, ... */
export const PALETTE = [
  [0xf5, 0x93, 0x22], [0x08, 0x77, 0xbd], [0x2c, 0xa0, 0x2c], [0x94, 0x67, 0xbd],
  [0xd6, 0x27, 0x28], [0x8c, 0x56, 0x4b], [0xe3, 0x77, 0xc2], [0x17, 0xbe, 0xcf],
];

/** the colour of v in [-1, 1] (clamped), linear through grey at 0 */
export function colorOf(v) {
  if (!Number.isFinite(v)) v = 0;
  v = Math.max(-1, Math.min(1, v));
  const [a, b, t] = v < 0 ? [GREY, ORANGE, -v] : [GREY, BLUE, v];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

const hex = (c) => "#" + c.map((x) => x.toString(16).padStart(2, "0")).join("");

/** 256 CSS colours, byte b -> value b / 127.5 - 1, continuous (links, biases) */
export let CSS_LUT = [];

export function cssColor(v) {
  if (!Number.isFinite(v)) return "#d62728";
  const b = Math.round((Math.max(-1, Math.min(1, v)) + 1) * 127.5);
  return CSS_LUT[b];
}

export function paletteCss(k) {
  return hex(PALETTE[k % PALETTE.length]);
}

// A packed RGBA LUT: byte -> uint32 (little-endian ABGR), blended over the background.
function blend(c, alpha) {
  return c.map((x, i) => Math.round((x * alpha + BACKGROUND[i] * (255 - alpha)) / 255));
}
function pack(c) {
  return (255 << 24) | (c[2] << 16) | (c[1] << 8) | c[0];
}
function buildLut(discrete) {
  const lut = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let v = b / 127.5 - 1;
    if (discrete) v = v >= 0 ? 1 : -1;
    else v = -1 + Math.round(((v + 1) / 2) * (NUM_SHADES - 1)) * (2 / (NUM_SHADES - 1));
    lut[b] = pack(blend(colorOf(v), ALPHA)) >>> 0;
  }
  return lut;
}
let LUT, LUT_DISCRETE, CAT;

// Categorical: per class, 64 confidence steps from grey to the class colour.
const CAT_STEPS = 64;

/** "light" or "dark": the colour tables follow the page's background */
export function setTheme(name) {
  themeName = name === "dark" ? "dark" : "light";
  ({ neutral: GREY, background: BACKGROUND } = THEMES[themeName]);
  CSS_LUT = Array.from({ length: 256 }, (_, b) => hex(colorOf(b / 127.5 - 1)));
  LUT = buildLut(false);
  LUT_DISCRETE = buildLut(true);
  CAT = PALETTE.map((p) =>
    Uint32Array.from({ length: CAT_STEPS }, (_, i) => {
      const t = i / (CAT_STEPS - 1);
      return pack(blend(GREY.map((g, j) => Math.round(g + (p[j] - g) * t)), ALPHA)) >>> 0;
    }),
  );
}

export function getTheme() {
  return themeName;
}

/** the page background as css, for canvases that paint their own */
export function backgroundCss() {
  return hex(BACKGROUND);
}

setTheme("light");

/**
 * Fill a Uint32Array of RGBA pixels (res x res, top row first) from a u1 map
 * whose row 0 is y = -domain (the bottom of the plane).
 */
export function fillValues(pixels, values, res, discrete = false) {
  const lut = discrete ? LUT_DISCRETE : LUT;
  for (let r = 0; r < res; r++) {
    const src = r * res, dst = (res - 1 - r) * res;
    for (let c = 0; c < res; c++) pixels[dst + c] = lut[values[src + c]];
  }
}

export function fillClasses(pixels, cls, conf, res, k, discrete = false) {
  const floor = 1 / Math.max(k, 2);
  for (let r = 0; r < res; r++) {
    const src = r * res, dst = (res - 1 - r) * res;
    for (let c = 0; c < res; c++) {
      const i = src + c;
      let t = discrete ? 1 : (conf[i] / 255 - floor) / (1 - floor);
      t = Math.max(0, Math.min(1, t));
      pixels[dst + c] = CAT[cls[i] % CAT.length][Math.round(t * (CAT_STEPS - 1))];
    }
  }
}

/** A small canvas (thumbnail) drawn from a u1 map of size x size, row 0 at the bottom. */
export function drawThumb(canvas, values, size) {
  if (canvas.width !== size) { canvas.width = size; canvas.height = size; }
  const ctx = canvas.getContext("2d");
  if (!canvas._img || canvas._img.width !== size) {
    canvas._img = ctx.createImageData(size, size);
    canvas._px = new Uint32Array(canvas._img.data.buffer);
  }
  fillValues(canvas._px, values, size);
  ctx.putImageData(canvas._img, 0, 0);
}

const AXIS = 22; // px of axes at the left and bottom

/**
 * The big output map: a res x res image scaled to `size` px, axes over the
 * domain, data points on top. Points are pre-rendered once per state.
 */
export class OutputMap {
  constructor(canvas, size = 300) {
    this.canvas = canvas;
    this.size = size;
    this.domain = [-6, 6];
    this.res = 100;
    this.off = document.createElement("canvas");
    this.pointsLayer = document.createElement("canvas");
    this.axisColor = "#666";
    this.resize();
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const full = this.size + AXIS;
    this.dpr = dpr;
    this.canvas.width = Math.round(full * dpr);
    this.canvas.height = Math.round(full * dpr);
    this.canvas.style.width = full + "px";
    this.canvas.style.aspectRatio = "1 / 1";
    this.pointsLayer.width = this.canvas.width;
    this.pointsLayer.height = this.canvas.height;
  }

  setGrid(res, domain) {
    this.res = res;
    this.domain = domain;
    this.off.width = res;
    this.off.height = res;
    this.octx = this.off.getContext("2d");
    this.img = this.octx.createImageData(res, res);
    this.pixels = new Uint32Array(this.img.data.buffer);
  }

  /** data coordinates -> css px in the canvas */
  toPx(x, y) {
    const [lo, hi] = this.domain;
    return [AXIS + ((x - lo) / (hi - lo)) * this.size, ((hi - y) / (hi - lo)) * this.size];
  }

  /** css px (relative to the canvas box) -> data coordinates, or null outside */
  fromPx(px, py, boxWidth) {
    const scale = (this.size + AXIS) / boxWidth;
    px *= scale; py *= scale;
    const [lo, hi] = this.domain;
    const x = lo + ((px - AXIS) / this.size) * (hi - lo);
    const y = hi - (py / this.size) * (hi - lo);
    return x < lo || x > hi || y < lo || y > hi ? null : [x, y];
  }

  /** points: [[x, y, label, isTest]], colour(label) -> css colour */
  setPoints(points, colour) {
    const ctx = this.pointsLayer.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.size + AXIS, this.size + AXIS);
    const [lo, hi] = this.domain;
    for (const [x, y, label, test] of points) {
      if (x < lo || x > hi || y < lo || y > hi) continue;
      const [px, py] = this.toPx(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fillStyle = colour(label);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = test ? "rgba(0,0,0,0.6)" : "#fff";
      ctx.stroke();
    }
  }

  /** draw: {values} or {cls, conf, k}; discrete: threshold at 0 / full colour */
  draw({ values, cls, conf, k, discrete }) {
    if (!this.pixels) return;
    if (cls) fillClasses(this.pixels, cls, conf, this.res, k, discrete);
    else if (values) fillValues(this.pixels, values, this.res, discrete);
    this.octx.putImageData(this.img, 0, 0);
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.off, AXIS, 0, this.size, this.size);
    this.drawAxes(ctx);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.pointsLayer, 0, 0);
  }

  drawAxes(ctx) {
    const [lo, hi] = this.domain;
    const step = niceStep((hi - lo) / 6);
    ctx.strokeStyle = this.axisColor;
    ctx.fillStyle = this.axisColor;
    ctx.lineWidth = 1;
    ctx.font = font(10);
    ctx.beginPath();
    ctx.moveTo(AXIS - 0.5, 0);
    ctx.lineTo(AXIS - 0.5, this.size + 0.5);
    ctx.lineTo(AXIS + this.size, this.size + 0.5);
    ctx.stroke();
    for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
      const label = String(Math.round(t * 100) / 100);
      const [px] = this.toPx(t, 0);
      const [, py] = this.toPx(0, t);
      ctx.beginPath();
      ctx.moveTo(px, this.size); ctx.lineTo(px, this.size + 4);
      ctx.moveTo(AXIS - 4, py); ctx.lineTo(AXIS, py);
      ctx.stroke();
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.fillText(label, Math.min(Math.max(px, AXIS + 6), AXIS + this.size - 6), this.size + 5);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ctx.fillText(label, AXIS - 5, Math.min(Math.max(py, 6), this.size - 6));
    }
  }
}

export function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** The legend: a gradient bar from -1 to 1, or class swatches. */
export function drawLegend(canvas, classes) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (classes > 2) {
    const cw = w / classes;
    for (let k = 0; k < classes; k++) {
      ctx.fillStyle = paletteCss(k);
      ctx.fillRect(k * cw + 1, 0, cw - 2, h);
    }
    return;
  }
  for (let x = 0; x < w; x++) {
    ctx.fillStyle = cssColor((x / (w - 1)) * 2 - 1);
    ctx.fillRect(x, 0, 1, h);
  }
}
