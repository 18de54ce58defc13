// The config <-> URL hash (#dataset=circle&hidden=4,2&...). Lists are comma-separated.
// Which settings there are, in which order, and how each is written (`kinds`: "int",
// "number", "name", "ints", "names", or "slots" (a list whose blanks mean "the
// default")) is the server's table, sent with `hello` (config.SETTINGS).

// page-only settings kept in the hash too
export const PAGE_KEYS = ["lang", "show_test", "discretize"];

function enc(value) {
  return encodeURIComponent(value).replace(/%2C/gi, ",").replace(/%5E/gi, "^")
    .replace(/%2A/gi, "*").replace(/%28/gi, "(").replace(/%29/gi, ")");
}

/** config (+ page settings) -> "#key=value&..." */
export function toHash(config, page = {}, kinds = {}) {
  const parts = [];
  for (const key of Object.keys(kinds)) {
    if (!(key in config)) continue;
    const v = config[key];
    parts.push(`${key}=${enc(Array.isArray(v) ? v.join(",") : String(v))}`);
  }
  for (const key of PAGE_KEYS) {
    if (page[key] !== undefined && page[key] !== null && page[key] !== false) {
      parts.push(`${key}=${enc(String(page[key]))}`);
    }
  }
  return "#" + parts.join("&");
}

/** "#key=value&..." -> {config: partial config, page: {lang, show_test, discretize}} */
export function fromHash(hash, kinds = {}) {
  const config = {}, page = {};
  const text = (hash || "").replace(/^#/, "");
  if (!text) return { config, page };
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    let raw;
    try {
      raw = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
    } catch {
      continue;
    }
    if (PAGE_KEYS.includes(key)) {
      page[key] = key === "lang" ? raw : raw === "true" || raw === "1";
      continue;
    }
    const kind = Object.hasOwn(kinds, key) ? kinds[key] : null;
    if (kind === null) continue;
    if (kind === "int" || kind === "number") {
      const n = Number(raw);
      if (raw !== "" && Number.isFinite(n)) config[key] = kind === "int" ? Math.round(n) : n;
    } else if (kind === "ints") {
      const list = raw.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
      if (list.some((n) => !Number.isFinite(n))) continue;
      config[key] = list.map(Math.round);
    } else if (kind === "names") {
      config[key] = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
    } else if (kind === "slots") {
      const list = raw === "" ? [] : raw.split(",").map((s) => s.trim());
      config[key] = list.every((s) => s === "") ? [] : list;
    } else {
      config[key] = raw;
    }
  }
  // a link from before the two seeds: its one seed drew the data and the weights
  if ("seed" in config && !("data_seed" in config)) config.data_seed = config.seed;
  return { config, page };
}

function same(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-12;
  return a === b;
}

/** does `config` already hold every value of `partial`? (features as a set) */
export function matches(config, partial) {
  for (const [k, v] of Object.entries(partial)) {
    if (k === "features" && Array.isArray(v) && Array.isArray(config[k])) {
      if (!same([...v].sort(), [...config[k]].sort())) return false;
    } else if (!same(config[k], v)) {
      return false;
    }
  }
  return true;
}
