// The STDP panel's words, English and Chinese (lab_stdp.js). {name} is filled in.

import { lookup } from "./i18n_core.js";

export const STRINGS = {
  en: {
    title: "STDP: spike-timing-dependent plasticity",
    titleUnit: "drag the dot along the window",
    convention:
      "Δt = t_post − t_pre. Pre before post (Δt > 0) strengthens the synapse (LTP); " +
      "post before pre (Δt < 0) weakens it (LTD); spikes at the same time are not paired.",
    windowAria: "STDP window: weight change per spike pair against Δt; drag to choose Δt",
    xAxis: "Δt = t_post − t_pre (ms)",
    yAxis: "Δw per pair",
    ltp: "LTP", ltd: "LTD",
    slider: "Δt (ms)",
    readout: "Δt = {dt} ms → Δw = {dw} ({kind})",
    potentiation: "potentiation", depression: "depression", none: "no change",
    orderAria: "the order of the pre and post spikes",
    orderPrePost: "pre fires {dt} ms before post: potentiation",
    orderPostPre: "post fires {dt} ms before pre: depression",
    orderSame: "pre and post fire together: not paired, no change",
    pre: "pre", post: "post",
    paramsTitle: "Parameters",
    A_plus: "A₊ (LTP size)", A_minus: "A₋ (LTD size)", tau_plus: "τ₊", tau_minus: "τ₋",
    w_max: "w_max (upper bound)", w0: "w₀ (start)", bounded: "hard bounds [0, w_max]",
    n_pairs: "pairs", rate: "pairing rate",
    pairsTitle: "Simulated pairs: the weight after each pair",
    pairsAria: "weight against pair number, simulated and predicted",
    pairAxis: "pair number", weightAxis: "weight w",
    legendSim: "simulated (all-to-all, trace form)",
    legendAlone: "w₀ + k·W(Δt): each pair alone",
    legendBound: "bounds",
    summary: "After {n} pairs, one every {period} ms: total Δw = {total}; n × W(Δt) = {alone}.",
    same: "They agree: the pairs are far apart compared with τ₊ and τ₋, so each spike pairs only with its partner.",
    neighbours:
      "They differ by {diff}: at {rate} Hz the pairs are only {period} ms apart, so with " +
      "all-to-all pairing each spike also pairs with the neighbouring pairs' spikes " +
      "(the all-to-all sum is {sum}).",
    clipped: "The hard bounds [0, w_max] clipped the weight; without them it would change by {sum}.",
    refused: "Refused: {reason}",
    unreachable: "The server did not answer: {reason}",
  },
  zh: {
    title: "STDP：脉冲时间依赖可塑性",
    titleUnit: "沿学习窗拖动圆点",
    convention:
      "Δt = t_post − t_pre。突触前先于突触后（Δt > 0）使突触增强（LTP）；" +
      "突触后先于突触前（Δt < 0）使突触减弱（LTD）；同时发放的脉冲不配对。",
    windowAria: "STDP 学习窗：每对脉冲的权重变化随 Δt 变化；拖动以选择 Δt",
    xAxis: "Δt = t_post − t_pre（毫秒）",
    yAxis: "每对的 Δw",
    ltp: "LTP", ltd: "LTD",
    slider: "Δt（毫秒）",
    readout: "Δt = {dt} ms → Δw = {dw}（{kind}）",
    potentiation: "增强", depression: "减弱", none: "不变",
    orderAria: "突触前与突触后脉冲的先后顺序",
    orderPrePost: "突触前比突触后早 {dt} ms 发放：增强",
    orderPostPre: "突触后比突触前早 {dt} ms 发放：减弱",
    orderSame: "突触前与突触后同时发放：不配对，不变",
    pre: "突触前", post: "突触后",
    paramsTitle: "参数",
    A_plus: "A₊（LTP 幅度）", A_minus: "A₋（LTD 幅度）", tau_plus: "τ₊", tau_minus: "τ₋",
    w_max: "w_max（上界）", w0: "w₀（初始权重）", bounded: "硬边界 [0, w_max]",
    n_pairs: "配对数", rate: "配对频率",
    pairsTitle: "模拟配对：每对之后的权重",
    pairsAria: "权重随配对序号变化：模拟值与预测值",
    pairAxis: "配对序号", weightAxis: "权重 w",
    legendSim: "模拟（全对全，迹形式）",
    legendAlone: "w₀ + k·W(Δt)：每对单独作用",
    legendBound: "边界",
    summary: "每 {period} ms 一对，共 {n} 对之后：总 Δw = {total}；n × W(Δt) = {alone}。",
    same: "两者一致：配对之间的间隔远大于 τ₊ 和 τ₋，每个脉冲只与自己的配对伙伴配对。",
    neighbours:
      "两者相差 {diff}：{rate} Hz 时配对间隔只有 {period} ms，全对全配对下每个脉冲" +
      "也与相邻配对的脉冲配对（全对全求和为 {sum}）。",
    clipped: "硬边界 [0, w_max] 截断了权重；若无边界，权重变化为 {sum}。",
    refused: "被拒绝：{reason}",
    unreachable: "服务器没有回应：{reason}",
  },
};

export function lang() {
  return (document.documentElement.lang || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function t(key, values = {}) {
  return lookup(STRINGS, lang(), key, values);
}
