// The neuron lab's words in English and Chinese. Elements carry data-i18n (text)
// or data-i18n-title (title and aria-label); t(key, {name}) fills placeholders.
// setLang sets <html lang> to "en" or "zh", keeps the choice in localStorage
// (shared with the main playground) and dispatches the window event "lab:lang"
// (detail: the language), which the panels (and the STDP panel) listen to.

import { lookup, relabel } from "./i18n_core.js";

const STRINGS = {
  en: {
    title: "neuroglass neuron lab", langTitle: "Switch to Chinese (中文)",
    range: "{low} to {high} {unit}", scheme_exact: "exact", scheme_euler: "Euler",
    scheme_rk4: "RK4", scheme_exp_euler: "exponential Euler", scheme_published: "published (Izhikevich 2003)",
    scheme_sequential: "sequential", traceAria: "membrane potential and input current against time",
    phaseAria: "phase plane", fiAria: "firing rate against current",
    lab: "neuron lab", back: "Back to rest (t = 0)", pause: "Pause", run: "Run",
    model: "Model", preset: "Izhikevich preset", speed: "Speed", time: "Model time",
    toPlayground: "← Playground", mystery: "Mystery neuron", theme: "Light / dark theme",
    mysteryTitle: "A hidden neuron: probe it with the current, then say whether it is type I or type II",
    lif: "Leaky integrate-and-fire", izhikevich: "Izhikevich", hh: "Hodgkin–Huxley",
    mysteryModel: "Mystery neuron",
    traceTitle: "Membrane potential v(t)", traceUnit: "in mV; the input current below",
    dragHint: "Drag a dashed line (threshold, reset, rest) to change it; the table below does the same from the keyboard.",
    current: "Input current", pulse: "Pulse", pulseTitle: "Add a pulse to the current", plus: "+", for: "for",
    readout: "I = {I}{unit}, {rate} Hz over the last second",
    paused: "paused", fiTitle: "f-I curve", fiUnit: "rate in Hz against the current",
    fiComputing: "computing the f-I curve…",
    fiNote: "dot: {rate} Hz on the curve at I = {I}{unit}", fiRing: "; ring: {rate} Hz measured",
    params: "Parameters", name: "name", value: "value", unit: "unit", meaning: "meaning",
    scheme: "{label}: scheme {scheme}, dt {dt} ms",
    phaseTitle: "Phase plane", phaseUnit: "nullclines, fixed points, the live trajectory",
    nullX: "{x}-nullcline", nullY: "{y}-nullcline", stable: "stable", unstable: "unstable",
    bifurcations: "Rest is lost at I_SN = {sn} (saddle-node){hopf}.",
    hopf: " or I_H = {h} (Hopf)", noHopf: "; no Hopf bifurcation",
    nowRest: "Now I = {I}: {kind} at v = {v} mV.", nowNoRest: "Now I = {I}: no rest state; the neuron fires.",
    nowUnstable: "Now I = {I}: the only fixed point is unstable; the neuron fires.",
    "stable node": "a stable node (rest)", "stable focus": "a stable focus (rest)",
    "unstable node": "an unstable node", "unstable focus": "an unstable focus",
    saddle: "a saddle", centre: "a centre",
    mysteryHeading: "Mystery neuron",
    mysteryIntro: "The model and its parameters are hidden. Probe it with the current slider (in arbitrary units) and pulses, watch the rate, then answer: does its firing start at 0 Hz and grow continuously (type I), or jump to a nonzero rate at onset (type II)?",
    typeI: "Type I", typeII: "Type II", newMystery: "New mystery",
    hiddenParams: "The parameters are hidden until you answer.",
    right: "Right!", wrong: "Not quite.",
    truth: "It was type {truth}: {label}. You answered type {answer}.",
    revealParams: "Parameters: {params}; one a.u. of current is {scale}{unit}.",
    revealFi: "Its f-I curve is drawn in the f-I panel (current in a.u.).",
    au: "a.u.",
    behind: " (running at {speed}×: the server cannot step {asked}× in real time)",
    closed: "The connection to the server closed{reason}. Reload the page to start again.",
  },
  zh: {
    title: "neuroglass 神经元实验室", langTitle: "切换到英文（English）",
    range: "{low} 到 {high} {unit}", scheme_exact: "精确解", scheme_euler: "欧拉法",
    scheme_rk4: "四阶龙格-库塔法", scheme_exp_euler: "指数欧拉法",
    scheme_published: "原论文的方法（Izhikevich 2003）", scheme_sequential: "顺序更新", traceAria: "膜电位和输入电流随时间的变化",
    phaseAria: "相平面", fiAria: "放电频率随电流的变化",
    lab: "神经元实验室", back: "回到静息（t = 0）", pause: "暂停", run: "运行",
    model: "模型", preset: "Izhikevich 预设", speed: "速度", time: "模型时间",
    toPlayground: "← 游乐场", mystery: "神秘神经元", theme: "浅色 / 深色主题",
    mysteryTitle: "一个隐藏的神经元：用电流探测它，然后判断它是 I 型还是 II 型",
    lif: "泄漏积分发放（LIF）", izhikevich: "Izhikevich", hh: "Hodgkin–Huxley",
    mysteryModel: "神秘神经元",
    traceTitle: "膜电位 v(t)", traceUnit: "单位 mV；下方是输入电流",
    dragHint: "拖动虚线（阈值、复位、静息）即可修改它们；下面的表格可用键盘完成同样的修改。",
    current: "输入电流", pulse: "脉冲", pulseTitle: "在电流上叠加一个脉冲", plus: "+", for: "持续",
    readout: "I = {I}{unit}，最近一秒 {rate} Hz",
    paused: "已暂停", fiTitle: "f-I 曲线", fiUnit: "放电频率（Hz）随电流的变化",
    fiComputing: "正在计算 f-I 曲线…",
    fiNote: "圆点：曲线上 I = {I}{unit} 处为 {rate} Hz", fiRing: "；圆环：实测 {rate} Hz",
    params: "参数", name: "名称", value: "数值", unit: "单位", meaning: "含义",
    scheme: "{label}：积分方法 {scheme}，dt {dt} ms",
    phaseTitle: "相平面", phaseUnit: "零斜线、不动点与实时轨迹",
    nullX: "{x} 零斜线", nullY: "{y} 零斜线", stable: "稳定", unstable: "不稳定",
    bifurcations: "电流超过 I_SN = {sn}（鞍结分岔）{hopf}时静息态消失。",
    hopf: "或 I_H = {h}（Hopf 分岔）", noHopf: "（没有 Hopf 分岔）",
    nowRest: "现在 I = {I}：{kind}，位于 v = {v} mV。", nowNoRest: "现在 I = {I}：没有静息态，神经元持续放电。",
    nowUnstable: "现在 I = {I}：唯一的不动点不稳定，神经元持续放电。",
    "stable node": "稳定结点（静息）", "stable focus": "稳定焦点（静息）",
    "unstable node": "不稳定结点", "unstable focus": "不稳定焦点",
    saddle: "鞍点", centre: "中心",
    mysteryHeading: "神秘神经元",
    mysteryIntro: "模型和参数都被隐藏了。用电流滑块（任意单位）和脉冲探测它，观察放电频率，然后回答：它的放电是从 0 Hz 开始连续增长（I 型），还是在起始时一下子跳到非零频率（II 型）？",
    typeI: "I 型", typeII: "II 型", newMystery: "换一个",
    hiddenParams: "回答之前参数是隐藏的。",
    right: "答对了！", wrong: "不太对。",
    truth: "它是 {truth} 型：{label}。你的回答是 {answer} 型。",
    revealParams: "参数：{params}；电流的一个任意单位等于 {scale}{unit}。",
    revealFi: "它的 f-I 曲线画在 f-I 面板中（电流为任意单位）。",
    au: "任意单位",
    behind: "（实际 {speed}×：服务器无法实时计算 {asked}×）",
    closed: "与服务器的连接已关闭{reason}。请刷新页面重新开始。",
  },
};

let lang = "en";

export function getLang() {
  return lang;
}

/** the string for key in the current language, {name} placeholders filled */
export function t(key, params = {}) {
  return lookup(STRINGS, lang, key, params);
}

/** a server text in the page's language: {en, zh} or a message with a zh field */
export function pick(text) {
  if (!text) return "";
  if (typeof text === "string") return text;
  return (lang === "zh" && text.zh) || text.en || text.message || "";
}

/** switch language, relabel everything marked in `root`, tell the panels */
export function setLang(next, root = document) {
  lang = next === "zh" ? "zh" : "en";
  document.documentElement.lang = lang;
  relabel(root, t);
  document.title = t("title");
  const toggle = document.getElementById("lab-lang");
  if (toggle) {
    toggle.textContent = lang === "zh" ? "EN" : "中文";
    toggle.title = t("langTitle");
    toggle.setAttribute("aria-label", toggle.title);
  }
  localStorage.setItem("ng-lang", lang);
  window.dispatchEvent(new CustomEvent("lab:lang", { detail: lang }));
}
