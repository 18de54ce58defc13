// The settings controls: their options, dataset previews, reading and writing values.

import { colorOf, PALETTE, backgroundCss } from "./heatmap.js";
import { t } from "./i18n.js";
import { font } from "./fonts.js";

const $ = (id) => document.getElementById(id);

// Each choice's words: a key of i18n.js (so every option has its Chinese), or
// the text itself where it is the same in every language (L1, L2).
const LABELS = {
  activation: { tanh: "actTanh", relu: "actRelu", sigmoid: "actSigmoid", linear: "actLinear",
    identity: "actIdentity", leaky_relu: "actLeakyRelu", elu: "actElu", softplus: "actSoftplus",
    gelu: "actGelu", swish: "actSwish", softmax: "actSoftmax" },
  regularization: { none: "none", l1: null, l2: null },
  problem: { classification: "classification", regression: "regression" },
  optimizer: { sgd: "optSgd", momentum: "optMomentum", adam: "optAdam" },
  output: { tanh_mse: "outTanhMse", sigmoid_bce: "outSigmoidBce", softmax_ce: "outSoftmaxCe",
    linear_mse: "outLinearMse" },
  init: { playground: "initPlayground", glorot_uniform: "initGlorot", he_uniform: "initHe" },
  schedule: { constant: "schedConstant", step: "schedStep", exponential: "schedExponential",
    cosine: "schedCosine" },
  dataset: { circle: "dsCircle", xor: "dsXor", gauss: "dsGauss", spiral: "dsSpiral",
    spirals3: "dsSpirals3", blobs4: "dsBlobs4", plane: "dsPlane", multi_gauss: "dsMultiGauss",
    custom: "custom" },
};

/** the words of choice `value` of setting `kind` in the page's language */
export function label(kind, value) {
  const key = LABELS[kind]?.[value];
  return key ? t(key) : key === null ? String(value).toUpperCase() : String(value);
}

/** Replace a select's options; values not in the list (from a URL) are added. */
export function fillSelect(select, kind, values, current) {
  const list = [...values];
  if (current !== undefined && current !== null && !list.some((v) => String(v) === String(current))) {
    list.push(current);
    if (typeof current === "number") list.sort((a, b) => a - b);
  }
  const key = kind + ":" + list.join("|") + ":" + document.documentElement.lang;
  if (select.dataset.key !== key) {
    select.textContent = "";
    for (const v of list) {
      const o = document.createElement("option");
      o.value = String(v);
      o.textContent = label(kind, v);
      select.appendChild(o);
    }
    select.dataset.key = key;
  }
  if (current !== undefined && current !== null) select.value = String(current);
}

// -- dataset previews (noise-free, drawn from TF Playground's formulas) ----------------
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

function normal(r) {
  let u, v, s;
  do { u = 2 * r() - 1; v = 2 * r() - 1; s = u * u + v * v; } while (s >= 1 || s === 0);
  return u * Math.sqrt((-2 * Math.log(s)) / s);
}

/** [[x, y, colour rgb]] for a preview of `name` */
function previewPoints(name) {
  const r = rng(7), pts = [];
  const u = (a, b) => a + (b - a) * r();
  const two = (label) => colorOf(label > 0 ? 1 : -1);
  if (name === "circle") {
    for (let i = 0; i < 200; i++) {
      const inner = i < 100, rad = inner ? u(0, 2.5) : u(3.5, 5), a = u(0, 2 * Math.PI);
      pts.push([rad * Math.sin(a), rad * Math.cos(a), two(inner ? 1 : -1)]);
    }
  } else if (name === "xor") {
    for (let i = 0; i < 200; i++) {
      let x = u(-5, 5), y = u(-5, 5);
      x += x > 0 ? 0.3 : -0.3; y += y > 0 ? 0.3 : -0.3;
      pts.push([x, y, two(x * y >= 0 ? 1 : -1)]);
    }
  } else if (name === "gauss") {
    for (let i = 0; i < 200; i++) {
      const c = i < 100 ? 2 : -2;
      pts.push([c + normal(r) * 0.9, c + normal(r) * 0.9, two(c)]);
    }
  } else if (name === "spiral" || name === "spirals3") {
    const arms = name === "spiral" ? 2 : 3, n = 100;
    for (let k = 0; k < arms; k++) {
      for (let i = 0; i < n; i++) {
        const rad = (5 * i) / n, tt = (1.75 * i / n) * 2 * Math.PI + (2 * Math.PI * k) / arms;
        const col = arms === 2 ? two(k === 0 ? 1 : -1) : PALETTE[k];
        pts.push([rad * Math.sin(tt), rad * Math.cos(tt), col]);
      }
    }
  } else if (name === "blobs4") {
    const centres = [[-3, -3], [3, 3], [-3, 3], [3, -3]];
    for (let i = 0; i < 200; i++) {
      const k = i % 4;
      pts.push([centres[k][0] + normal(r), centres[k][1] + normal(r), PALETTE[k]]);
    }
  } else if (name === "plane") {
    for (let i = 0; i < 300; i++) {
      const x = u(-6, 6), y = u(-6, 6);
      pts.push([x, y, colorOf((x + y) / 10)]);
    }
  } else if (name === "multi_gauss") {
    const g = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
    for (let i = 0; i < 300; i++) {
      const x = u(-6, 6), y = u(-6, 6);
      let best = 0;
      for (const [cx, cy, s] of g) {
        const v = s * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
        if (Math.abs(v) > Math.abs(best)) best = v;
      }
      pts.push([x, y, colorOf(best)]);
    }
  }
  return pts;
}

function drawPreview(canvas, name) {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = backgroundCss();
  ctx.fillRect(0, 0, 100, 100);
  if (name === "custom") {
    ctx.fillStyle = "#888";
    ctx.font = font(40);
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillText("✎", 50, 52);
    return;
  }
  for (const [x, y, c] of previewPoints(name)) {
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.fillRect(((x + 6) / 12) * 100 - 2, ((6 - y) / 12) * 100 - 2, 4, 4);
  }
}

/** The dataset buttons for every data set of every problem; `show` picks the visible ones. */
export function buildDatasets(box, datasets, onPick) {
  box.textContent = "";
  for (const [problem, names] of Object.entries(datasets)) {
    for (const name of names) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "dataset";
      b.dataset.dataset = name;
      b.dataset.problem = problem;
      const c = document.createElement("canvas");
      c.width = 100; c.height = 100;
      drawPreview(c, name);
      const cap = document.createElement("span");
      b.append(c, cap);
      nameDataset(b);
      b.addEventListener("click", () => onPick(name, problem));
      box.appendChild(b);
    }
  }
}

/** a data set button's caption and title in the page's language */
export function nameDataset(button) {
  const name = button.dataset.dataset;
  const words = label("dataset", name);
  button.querySelector("span").textContent = words;
  button.title = name === "custom" ? t("customTitle") : t("dsTitle", { name: words });
  button.setAttribute("aria-label", button.title);
}

/** draw the previews again in the current theme's colours */
export function redrawPreviews(box) {
  for (const b of box.querySelectorAll(".dataset")) drawPreview(b.querySelector("canvas"), b.dataset.dataset);
}

export function showDatasets(box, problem, current) {
  for (const b of box.querySelectorAll(".dataset")) {
    b.hidden = b.dataset.problem !== problem;
    b.classList.toggle("selected", b.dataset.dataset === current && b.dataset.problem === problem);
    b.setAttribute("aria-pressed", String(!b.hidden && b.dataset.dataset === current));
  }
}

/** slider value -> its label */
export function setSlider(id, value, suffix = "") {
  const input = $(id);
  if (value === undefined || value === null) return;
  if (Number(value) > Number(input.max)) input.max = String(value);
  input.value = String(value);
  $(id + "-value").textContent = value + suffix;
}

/**
 * The draw mode's choices: class names, or for a regression five values across the
 * range the colours span (`range`, [low, high]: −1..1, or an upload's own values).
 */
/** "class 1" / "类别 1": the options of a class, in the page's language */
function nameClassOptions(select) {
  for (const o of select.options) {
    if (o.dataset.className !== undefined) o.textContent = `${t("class")} ${o.dataset.className}`;
  }
}

export function fillDrawClasses(select, classes, names, range = [-1, 1]) {
  const [lo, hi] = range;
  const values = [0, 0.25, 0.5, 0.75, 1].map((f) => String(Number((lo + f * (hi - lo)).toPrecision(4))));
  const want = classes ? names.map((n, k) => [String(k), n]) : values.map((v) => [v, v]);
  const key = JSON.stringify(want);
  if (select.dataset.key === key) return;
  const old = select.value;
  select.textContent = "";
  for (const [v, text] of want) {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = text;
    if (classes) o.dataset.className = text;
    select.appendChild(o);
  }
  nameClassOptions(select);
  if (!select.dataset.followsLang) { // worded again when the language changes
    document.addEventListener("ng-lang", () => nameClassOptions(select));
    select.dataset.followsLang = "1";
  }
  select.dataset.key = key;
  if (want.some(([v]) => v === old)) select.value = old;
  else if (classes >= 2) select.value = "1";
}
