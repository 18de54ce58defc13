// The wire format of docs/playground-protocol.md: binary frames and small helpers.

const utf8 = new TextDecoder("utf-8");

/**
 * Decode one binary frame: uint32 LE header length H, H bytes of JSON, payload.
 * Returns {header, arrays}; each array is a typed array (Uint8Array or
 * Float32Array) with a `shape` property.
 */
export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, true);
  const header = JSON.parse(utf8.decode(new Uint8Array(buffer, 4, n)));
  const start = 4 + n;
  const arrays = {};
  for (const spec of header.arrays || []) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const at = start + spec.offset;
    let data;
    if (spec.dtype === "u1") {
      data = new Uint8Array(buffer, at, count);
    } else if (spec.dtype === "f4") {
      // the payload itself may start anywhere: copy when not 4-aligned
      data = at % 4 === 0
        ? new Float32Array(buffer, at, count)
        : new Float32Array(buffer.slice(at, at + 4 * count));
    } else {
      continue;
    }
    data.shape = spec.shape;
    arrays[spec.name] = data;
  }
  return { header, arrays };
}

/** base64 -> Uint8Array */
export function b64ToBytes(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** TF Playground's epoch counter: zero-padded to 6 digits, with commas. */
export function formatEpoch(n) {
  const s = String(Math.max(0, Math.floor(n))).padStart(6, "0");
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The one way the page shows a number (metrics, chart ticks and read-outs, the hovercard,
 * the explain panel, sparklines): `digits` significant digits, exponent notation beyond
 * 1e6 or under 1e-4 ("1.2e180", "3e-7"), "∞" and "NaN" as such, "–" for no value.
 */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || v === "") return "–";
  v = Number(v);
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = v.toExponential(Math.max(0, digits - 1)).split("e");
    const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    return `${mant}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(digits)));
}

/** `fmt` applied to every long or exponent-notation number inside a text (server messages). */
export function fmtText(text) {
  return String(text ?? "").replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)/gi, (m) => fmt(Number(m)))
    .replace(/-?\d{7,}(?:\.\d+)?|-?\d+\.\d{6,}/g, (m) => fmt(Number(m)))
    .replace(/\b(-?)inf\b/gi, (_, s) => (s ? "−∞" : "∞"));
}

/**
 * Per layer l (1..L), where its weights and biases start in the flat arrays.
 * sizes = [n_inputs, h1, ..., n_outputs]; weights of layer l are (n_in, n_out).
 */
export function layerOffsets(sizes) {
  const w = [0], b = [0];
  for (let l = 1; l < sizes.length; l++) {
    w.push(w[l - 1] + (l > 1 ? sizes[l - 2] * sizes[l - 1] : 0));
    b.push(b[l - 1] + (l > 1 ? sizes[l - 1] : 0));
  }
  // w[l], b[l] for l >= 1: offset of layer l
  return { w, b };
}
