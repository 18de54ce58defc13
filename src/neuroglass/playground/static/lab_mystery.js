// The mystery neuron's panel: the page asks the server for a hidden neuron,
// the learner probes it and answers type I or type II; the server checks the
// answer and reveals the model (lab_reveal) and then its f-I curve (lab_fi).

import { fmt } from "./lab_canvas.js";
import { pick, t } from "./lab_i18n.js";

const $ = (id) => document.getElementById(id);

/** show or hide the mystery's panel and the panels it hides (lab_model) */
export function showMystery(lab) {
  const state = lab.model && lab.model.mystery ? lab.model.mystery.state : null;
  document.body.classList.toggle("mystery", state !== null);
  document.body.classList.toggle("revealed", state === "revealed");
  $("lab-mystery-panel").hidden = state === null;
  for (const id of ["lab-answer-I", "lab-answer-II"]) $(id).disabled = state !== "probing";
  if (state === "probing") lab.reveal = null;
  renderReveal(lab);
}

/** the verdict, the identity and the explanation, in the page's language */
export function renderReveal(lab) {
  const box = $("lab-mystery-result");
  const m = lab.reveal;
  box.hidden = !m;
  if (!m) return;
  const params = Object.entries(m.parameters).map(([k, v]) => `${k} = ${fmt(v, 3)}`).join(", ");
  const verdict = Object.assign(document.createElement("p"), {
    className: m.correct ? "verdict right" : "verdict wrong",
    textContent: m.correct ? t("right") : t("wrong"),
  });
  const lines = [
    t("truth", { truth: m.truth, label: pick({ en: m.label, zh: m.label_zh }), answer: m.answer }),
    pick(m.explanation),
    t("revealParams", { params, scale: m.scale, unit: m.unit === "dimensionless" ? "" : ` ${m.unit}` }),
    t("revealFi"),
  ].map((text) => Object.assign(document.createElement("p"), { textContent: text }));
  box.replaceChildren(verdict, ...lines);
}

export function bindMystery(lab, send) {
  $("lab-mystery-start").addEventListener("click", () => send({ type: "mystery" }));
  $("lab-mystery-new").addEventListener("click", () => send({ type: "mystery" }));
  for (const kind of ["I", "II"]) {
    $(`lab-answer-${kind}`).addEventListener("click", () => send({ type: "answer", value: kind }));
  }
}
