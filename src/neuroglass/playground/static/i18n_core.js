// The one way the pages' text tables are read (i18n.js for the playground,
// lab_i18n.js for the neuron lab, lab_stdp_strings.js for the STDP panel):
// a key in the current language, falling back to English, then to the key,
// with {name} placeholders filled; and the relabelling of marked elements.

/** fill the {name} placeholders of `text` from `values` (unknown ones kept) */
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : `{${k}}`));
}

/** the text of `key` in `lang` from a {en: {...}, zh: {...}} table */
export function lookup(strings, lang, key, values = {}) {
  return fill(strings[lang]?.[key] ?? strings.en[key] ?? key, values);
}

/**
 * relabel everything marked data-i18n (text), data-i18n-title (title and
 * aria-label) or data-i18n-aria (aria-label only) in `root` with `t`
 */
export function relabel(root, t) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAria));
  }
}
