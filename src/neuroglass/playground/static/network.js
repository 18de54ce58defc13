// The network diagram: feature nodes, neurons with thumbnails, SVG edges, bias squares.
// build() makes the DOM once per `state`; update() only changes attributes per frame.

import { b64ToBytes, layerOffsets, fmt } from "./protocol.js";
import { cssColor, drawThumb } from "./heatmap.js";
import { t } from "./i18n.js";
import { label } from "./controls.js";

const SVGNS = "http://www.w3.org/2000/svg";
const RECT = 30;
const BIAS = 5;
const CTRL_H = 76; // the strip of per-layer controls above the nodes
const FEATURE_X = 52;
const FEATURE_WIDTH = 118;
const COLUMN = 84; // room for a layer's controls
const MIN_COLUMN = 56; // the narrowest spacing before the diagram scrolls sideways
export const FEATURE_LABELS = {
  "x1": "X₁", "x2": "X₂", "x1^2": "X₁²", "x2^2": "X₂²", "x1*x2": "X₁X₂",
  "sin(x1)": "sin(X₁)", "sin(x2)": "sin(X₂)",
};

const widthOf = (a) => Math.min(10, Math.max(1, 1 + (a / 5) * 9)); // TF: [0,5] -> [1,10]

function el(tag, attrs = {}, parent = null) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVGNS, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.setAttribute("class", v);
    else node.setAttribute(k, v);
  }
  if (parent) parent.appendChild(node);
  return node;
}

export class NetworkView {
  /** cb: onFeature(name), onFocus(layer|null, unit, name), onPreview(name),
   *  onExplain(l, u), onSetWeight(l, from, to, v), onSetBias(l, u, v),
   *  onNeurons(l, delta), onLayerActivation(l, value) */
  constructor(container, hovercard, cb) {
    this.box = container;
    this.card = hovercard;
    this.cb = cb;
    this.edgeMode = "weights";
    this.editing = false;
    document.addEventListener("pointerdown", (e) => {
      if (this.editing && !this.card.contains(e.target)) this.closeCard();
    });
  }

  build(state, opts) {
    this.state = state;
    this.opts = opts; // {features: all names, activations, maxNeurons, readOnly}
    const sizes = state.sizes;
    const L = sizes.length - 1;
    this.sizes = sizes;
    this.offsets = layerOffsets(sizes);
    // a replayed script's network names its own inputs (x1 .. xn)
    const active = state.input_names || state.config.features || [];
    this.active = active;
    const all = state.input_names || opts.features;
    const rows = Math.max(all.length, ...sizes.slice(1));
    const pitch = rows > 10 ? 38 : RECT + 25;
    const cols = L; // hidden layers + the output column
    const avail = this.box.parentElement.clientWidth || 600;
    // deep networks squeeze their columns to fit the column they sit in, down to MIN_COLUMN
    const width = Math.max(avail, FEATURE_WIDTH + cols * MIN_COLUMN + 20);
    const height = CTRL_H + rows * pitch + 10;
    // d3.scale.ordinal().rangePoints([featureWidth, width - RECT_SIZE], 0.7)
    const lo = FEATURE_WIDTH, hi = width - RECT - 8, pad = 0.7;
    const step = cols > 1 ? (hi - lo) / (cols - 1 + pad) : 0;
    const xOf = (l) => (cols > 1 ? lo + step * (pad / 2 + (l - 1)) : (lo + hi) / 2);
    const yOf = (i) => CTRL_H + i * pitch;
    const ctlWidth = Math.max(MIN_COLUMN - 4, Math.min(COLUMN, (cols > 1 ? step : COLUMN) - 4));

    this.box.textContent = "";
    this.box.style.width = width + "px";
    this.box.style.height = height + "px";
    this.svg = el("svg:svg", { width, height, class: "links" }, this.box);
    this.pos = []; // pos[l][i] = [x, y] of node i in column l
    // column 0: every feature; edges start only at the active ones
    this.pos[0] = active.map((f) => [FEATURE_X, yOf(all.indexOf(f))]);
    for (let l = 1; l <= L; l++) {
      this.pos[l] = Array.from({ length: sizes[l] }, (_, i) => [xOf(l), yOf(i)]);
    }
    // edges, with TF's fan-in at the target
    this.edges = [];
    // the wide invisible hover paths lie under the visible ones
    const gh = el("svg:g", { class: "hover-layer" }, this.svg);
    const g = el("svg:g", {}, this.svg);
    for (let l = 1; l <= L; l++) {
      const nIn = sizes[l - 1], nOut = sizes[l];
      for (let j = 0; j < nOut; j++) {
        for (let i = 0; i < nIn; i++) {
          const [sx, sy] = this.pos[l - 1][i];
          const [tx, ty] = this.pos[l][j];
          const fan = ((i - (nIn - 1) / 2) / nIn) * 12;
          const x0 = sx + RECT, y0 = sy + RECT / 2, x1 = tx, y1 = ty + RECT / 2 + fan;
          const mx = (x0 + x1) / 2;
          const d = `M${x0},${y0}C${mx},${y0} ${mx},${y1} ${x1},${y1}`;
          const k = this.edges.length;
          const path = el("svg:path", { d, class: "edge", "data-i": k, stroke: "#ccc", "stroke-width": "1" }, g);
          el("svg:path", { d, class: "edge-hover", "data-i": k }, gh);
          this.edges.push({ l, i, j, index: this.offsets.w[l] + i * nOut + j, path, w: "", c: "" });
        }
      }
    }
    this.svg.addEventListener("pointermove", (e) => this.hoverEdge(e));
    this.svg.addEventListener("pointerleave", () => this.hideCard());
    this.svg.addEventListener("click", (e) => this.clickEdge(e));

    // feature nodes
    this.featureNodes = {};
    all.forEach((f, r) => {
      const on = active.includes(f);
      const node = el("div", {
        class: "node feature" + (on ? " active" : ""), "data-feature": f, role: "button",
        tabindex: "0", "aria-pressed": String(on), title: t("featureTitle", { f: FEATURE_LABELS[f] || f }),
      }, this.box);
      node.style.left = FEATURE_X + "px";
      node.style.top = yOf(r) + "px";
      const canvas = el("canvas", { width: 20, height: 20 }, node);
      if (state.feature_maps?.[f]) drawThumb(canvas, b64ToBytes(state.feature_maps[f]), state.grid?.thumb || 20);
      const label = el("div", { class: "feature-label", text: FEATURE_LABELS[f] || f }, this.box);
      label.style.top = yOf(r) + RECT / 2 + "px";
      label.style.right = width - FEATURE_X + 6 + "px";
      const toggle = () => this.cb.onFeature(f);
      node.addEventListener("click", toggle);
      node.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && toggle());
      node.addEventListener("pointerenter", () =>
        on ? this.cb.onFocus(0, active.indexOf(f), FEATURE_LABELS[f]) : this.cb.onPreview(f, FEATURE_LABELS[f] || f));
      node.addEventListener("pointerleave", () => this.cb.onFocus(null));
      this.featureNodes[f] = node;
    });

    // neurons, bias squares
    this.neurons = [];
    this.biasEls = [];
    for (let l = 1; l <= L; l++) {
      for (let u = 0; u < sizes[l]; u++) {
        const [x, y] = this.pos[l][u];
        const node = el("div", {
          class: "node neuron" + (l === L ? " output-unit" : ""), "data-layer": l, "data-unit": u,
          tabindex: "0", title: t("neuronTitle", { l, u: u + 1 }),
        }, this.box);
        node.style.left = x + "px";
        node.style.top = y + "px";
        const canvas = el("canvas", { width: 20, height: 20 }, node);
        const name = l === L ? t("outputUnit", { u: u + 1 }) : t("layerUnit", { l, u: u + 1 });
        node.addEventListener("pointerenter", () => this.cb.onFocus(l, u, name));
        node.addEventListener("pointerleave", () => this.cb.onFocus(null));
        node.addEventListener("click", () => this.cb.onExplain(l, u));
        node.addEventListener("keydown", (e) => e.key === "Enter" && this.cb.onExplain(l, u));
        this.neurons.push({ l, u, node, canvas, flag: "" });
        const bias = el("div", { class: "bias", "data-layer": l, "data-unit": u }, this.box);
        bias.style.left = x - BIAS - 2 + "px";
        bias.style.top = y + RECT - BIAS + 3 + "px";
        bias.addEventListener("pointerenter", (e) => this.showCard(e, { bias: true, l, u }));
        bias.addEventListener("pointermove", (e) => this.moveCard(e));
        bias.addEventListener("pointerleave", () => this.hideCard());
        bias.addEventListener("click", (e) => { e.stopPropagation(); this.editCard(e, { bias: true, l, u }); });
        this.biasEls.push({ l, u, index: this.offsets.b[l] + u, node: bias, c: "" });
      }
    }

    // per hidden layer: +/- neurons, "N neurons", activation
    if (!opts.readOnly) {
      for (let l = 1; l < L; l++) {
        const ctl = el("div", { class: "layer-ctl" }, this.box);
        ctl.style.left = xOf(l) + RECT / 2 + "px";
        ctl.style.width = ctlWidth + "px";
        const buttons = el("div", { class: "pm" }, ctl);
        const add = el("button", { type: "button", class: "round small add-neuron", "data-layer": l,
          title: t("addNeuron"), "aria-label": t("addNeuron"), text: "+" }, buttons);
        const rem = el("button", { type: "button", class: "round small remove-neuron", "data-layer": l,
          title: t("removeNeuron"), "aria-label": t("removeNeuron"), text: "−" }, buttons);
        add.disabled = sizes[l] >= opts.maxNeurons;
        rem.disabled = sizes[l] <= 1;
        add.addEventListener("click", () => this.cb.onNeurons(l, +1));
        rem.addEventListener("click", () => this.cb.onNeurons(l, -1));
        const count = `${sizes[l]} ${t(sizes[l] === 1 ? "neuron" : "neurons")}`;
        el("div", { class: "neuron-count", title: count, text: ctlWidth < 70 ? String(sizes[l]) : count }, ctl);
        const sel = el("select", { class: "layer-activation", "data-layer": l, title: t("layerActivation"),
          "aria-label": t("layerActivation") }, ctl);
        sel.style.maxWidth = ctlWidth + "px";
        el("option", { value: "", text: t("defaultActivation") }, sel);
        for (const a of opts.activations) el("option", { value: a, text: label("activation", a) }, sel);
        sel.value = (state.config.layer_activations || [])[l - 1] || "";
        sel.addEventListener("change", () => this.cb.onLayerActivation(l, sel.value));
      }
    }
    this.lastArrays = null;
  }

  setEdgeMode(mode) {
    this.edgeMode = mode;
    if (this.lastArrays) this.update(this.lastArrays, this.lastHeader);
  }

  /** the arrays that drive the edges and biases in this mode, and their scale */
  source(arrays) {
    const prefix = { weights: "", gradients: "grad_", updates: "update_" }[this.edgeMode];
    const W = arrays[prefix + "weights"] || arrays.weights;
    const B = arrays[prefix + "biases"] || arrays.biases;
    let max = 0;
    if (prefix) {
      for (let k = 0; k < W.length; k++) { const a = Math.abs(W[k]); if (a > max) max = a; }
      for (let k = 0; k < B.length; k++) { const a = Math.abs(B[k]); if (a > max) max = a; }
    }
    return { W, B, max: prefix ? max || 1 : 0 };
  }

  update(arrays, header) {
    if (!this.state) return;
    this.lastArrays = arrays;
    this.lastHeader = header;
    const thumbs = arrays.thumbs;
    if (thumbs) {
      const s = thumbs.shape[1], n = s * s;
      this.neurons.forEach((nr, k) => {
        if (k < thumbs.shape[0]) drawThumb(nr.canvas, thumbs.subarray(k * n, (k + 1) * n), s);
      });
    }
    const { W, B, max } = this.source(arrays);
    if (W) {
      for (const e of this.edges) {
        const v = W[e.index];
        const a = max ? (Math.abs(v) / max) * 5 : Math.abs(v);
        const w = Number.isFinite(a) ? widthOf(a).toFixed(1) : "10";
        const c = cssColor(max ? v / max : v);
        if (w !== e.w) { e.path.setAttribute("stroke-width", w); e.w = w; }
        if (c !== e.c) { e.path.setAttribute("stroke", c); e.c = c; }
      }
    }
    if (B) {
      for (const b of this.biasEls) {
        const v = B[b.index];
        const c = cssColor(max ? v / max : v);
        if (c !== b.c) { b.node.style.background = c; b.c = c; }
      }
    }
    this.svg.style.setProperty("--flow", String(-(header?.epoch || 0) / 3));
    // dead / saturated rings (per layer lists of unit indices, hidden layers)
    const dead = header?.dead || [], sat = header?.saturated || [];
    for (const nr of this.neurons) {
      const flag = dead[nr.l - 1]?.includes(nr.u) ? "dead" : sat[nr.l - 1]?.includes(nr.u) ? "saturated" : "";
      if (flag !== nr.flag) {
        nr.node.classList.toggle("dead", flag === "dead");
        nr.node.classList.toggle("saturated", flag === "saturated");
        nr.node.title = flag ? t(flag) : t("neuronTitle", { l: nr.l, u: nr.u + 1 });
        nr.flag = flag;
      }
    }
    if (this.hovered && !this.editing) this.fillCard(this.hovered);
  }

  // -- the hovercard -------------------------------------------------------------
  valueOf(item) {
    const arrays = this.lastArrays;
    if (!arrays) return { v: NaN, key: "weightIs" };
    const prefix = { weights: "", gradients: "grad_", updates: "update_" }[this.edgeMode];
    const key = item.bias
      ? (prefix ? (prefix === "grad_" ? "gradientIs" : "updateIs") : "biasIs")
      : (prefix ? (prefix === "grad_" ? "gradientIs" : "updateIs") : "weightIs");
    const arr = arrays[prefix + (item.bias ? "biases" : "weights")] || arrays.weights;
    const index = item.bias ? this.offsets.b[item.l] + item.u : item.index;
    return { v: arr?.[index], key, raw: (item.bias ? arrays.biases : arrays.weights)?.[index] };
  }

  fillCard(item) {
    const { v, key } = this.valueOf(item);
    this.card.textContent = "";
    el("div", { text: t(key, { v: fmt(v, 3) }) }, this.card);
    if (!this.opts.readOnly) el("div", { class: "muted", text: t("clickToEdit") }, this.card);
  }

  moveCard(e) {
    const pad = 14;
    const w = this.card.offsetWidth || 140;
    const x = Math.min(e.pageX + pad, document.documentElement.scrollWidth - w - 4);
    this.card.style.left = Math.max(4, x) + "px";
    this.card.style.top = e.pageY + pad + "px";
  }

  showCard(e, item) {
    if (this.editing) return;
    this.hovered = item;
    this.fillCard(item);
    this.card.hidden = false;
    this.moveCard(e);
  }

  hideCard() {
    if (this.editing) return;
    this.hovered = null;
    this.card.hidden = true;
    if (this.hoverPath) { this.hoverPath.classList.remove("hovered"); this.hoverPath = null; }
  }

  closeCard() {
    this.editing = false;
    this.hideCard();
  }

  edgeAt(e) {
    const k = e.target?.dataset?.i;
    return k === undefined ? null : this.edges[Number(k)];
  }

  hoverEdge(e) {
    const edge = this.edgeAt(e);
    if (!edge) return this.hideCard();
    if (this.hoverPath !== edge.path) {
      this.hoverPath?.classList.remove("hovered");
      edge.path.classList.add("hovered");
      this.hoverPath = edge.path;
    }
    this.showCard(e, edge);
  }

  clickEdge(e) {
    const edge = this.edgeAt(e);
    if (edge) this.editCard(e, edge);
  }

  editCard(e, item) {
    if (this.opts.readOnly) return;
    this.editing = false;
    this.showCard(e, item);
    this.editing = true;
    const { raw } = this.valueOf(item);
    this.card.textContent = "";
    el("div", { text: t(item.bias ? "biasIs" : "weightIs", { v: "" }).trim() }, this.card);
    const input = el("input", { type: "number", step: "0.01", min: "-100", max: "100",
      class: "edit-value", value: Number.isFinite(raw) ? raw.toPrecision(3) : "0" }, this.card);
    input.focus();
    input.select();
    let done = false;
    const commit = () => {
      if (done) return;
      done = true;
      const v = Number(input.value);
      if (input.value !== "" && Number.isFinite(v) && Math.abs(v) <= 100) {
        if (item.bias) this.cb.onSetBias(item.l, item.u, v);
        else this.cb.onSetWeight(item.l, item.i, item.j, v);
      }
      this.closeCard();
    };
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") commit();
      if (ev.key === "Escape") this.closeCard();
    });
    input.addEventListener("change", commit);
  }
}
