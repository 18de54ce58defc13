"""The words of the brain figures, in English and in Chinese.

One table per language, keyed ``"<figure>.<what>"``; the values are
``str.format`` templates. The Chinese is written as Chinese neuroscience
textbooks write it (膜电位, 阈值电压, 发放率, 零斜线, 相平面, 门控变量 ...; the
glossary of the book); units (ms, mV, µA/cm², Hz) and the names of the
integration schemes (published, euler, rk4 ...) stay as they are. A figure
asks :func:`words` for its table once and formats from it.
"""

from __future__ import annotations

from ..lang import resolve_lang
from ._fonts import use_cjk_fonts

EN = {
    # shared by several figures
    "time_ms": "time (ms)",
    "time_s": "time (s)",
    "scheme": "{scheme} scheme",
    "current_name": "I",
    "current_unit": "{name} ({unit})",
    "rate_hz": "firing rate (Hz)",
    "v_mv": "v (mV)",
    "membrane_v": "membrane potential v (mV)",
    "membrane_V": "membrane potential V (mV)",
    "model.izhikevich": "Izhikevich",
    "model.hodgkin_huxley": "Hodgkin-Huxley",
    "model.LIF": "LIF",
    # plot_membrane, plot_raster
    "membrane.title": "{model}, {scheme} scheme",
    "membrane.neuron": ", neuron {neuron}",
    "membrane.v": "v (mV)",
    "membrane.threshold": "threshold V_th = {value:g} mV",
    "membrane.spikes": "spikes ({count})",
    "raster.excitatory": "excitatory",
    "raster.inhibitory": "inhibitory",
    "raster.spikes": "spikes",
    "raster.count": "{label} ({count})",
    "raster.neuron": "neuron",
    "raster.title": "{n} neurons",
    "raster.scheme": ", {scheme} scheme",
    "raster.rate": "rate (Hz)\n{bin_ms:g} ms bins",
    # plot_fi_curve
    "fi.closed_form": "{model} closed form (continuous time)",
    "fi.simulated": "{model} simulated ({scheme})",
    "fi.current_name": "input current I",
    "fi.xlabel": "{current}  ~  pre-activation z = w·x + b",
    "fi.ylabel": "firing rate (Hz)  ~  activation a",
    "fi.title": "f-I curve of {model} ({scheme} scheme) and ANN activations",
    "fi.relu": "ReLU: slope {slope:.3g} Hz/unit fitted above I_rh",
    "fi.sigmoid": "sigmoid: max = r_max ({r_max:.0f} Hz), centred at half max",
    "fi.tanh": "tanh: ReLU's slope at I_rh, max r_max (< 0 below I_rh)",
    "fi.rheobase": "rheobase I_rh = {value:.3g}{unit}\n~ bias: b = -I_rh "
    "(the unit turns on where z = 0)",
    "fi.activation": "firing rate ~ activation a = f(z)",
    # plot_stdp_window
    "stdp.window": "W(delta_t), closed form",
    "stdp.pairs": "STDP simulated on single pairs ({count})",
    "stdp.ltp": "LTP: pre before post",
    "stdp.ltd": "LTD: post before pre",
    "stdp.xlabel": "delta_t = t_post - t_pre (ms)",
    "stdp.ylabel": "weight change of one pair, delta_w",
    "stdp.title": "STDP window, pair-based all-to-all, trace form (A+ = {A_plus:g}, "
    "A- = {A_minus:g},\ntau+ = {tau_plus:g} ms, tau- = {tau_minus:g} ms; delta_w "
    "in units of w_max = {w_max:g})",
    # plot_oja_path, plot_pc1_angles, plot_weight_norms
    "oja.title": "Both learners find the first principal component",
    "oja.cloud": "data (centred)",
    "oja.pc1": "PC1 (eigh)",
    "oja.path": "Oja's weight path",
    "oja.start": "Oja's start",
    "oja.encoder_directions": "encoder direction, per epoch",
    "oja.encoder_end": "encoder (backprop), end",
    "oja.encoder_start": "encoder start",
    "angles.oja": "Oja's rule (local, no error signal)",
    "angles.encoder": "linear autoencoder n→1→n (backprop, mse)",
    "angles.xlabel": "samples seen (one update per sample)",
    "angles.ylabel": "angle to PC1 (degrees)",
    "angles.title": "Angle to PC1 (lr = {lr:g}): at the end Oja {oja:.1f}°, "
    "autoencoder {encoder:.1f}°",
    "norms.hebb": "Hebb  Δw = η y x  (η = {lr:g})",
    "norms.oja": "Oja  Δw = η y (x − y w)  (η = {lr:g})",
    "norms.unit": "‖w‖ = 1 (Oja's fixed point)",
    "norms.stop": "Hebb diverged: run stopped after update {stop}",
    "norms.xlabel": "update (one sample each)",
    "norms.ylabel": "weight norm ‖w‖ (log scale)",
    "norms.title": "Hebb's rule is unstable; Oja's normalises itself",
    # plot_phase_plane (Izhikevich) and plot_hh_phase_plane
    "stability.stable node": "stable node",
    "stability.stable focus": "stable focus",
    "stability.unstable node": "unstable node",
    "stability.unstable focus": "unstable focus",
    "stability.saddle": "saddle",
    "stability.centre": "centre",
    "phase.equilibrium": "{stability} ({v:.1f} mV)",
    "phase.v_nullcline": "v-nullcline  dv/dt = 0",
    "phase.u_nullcline": "u-nullcline  du/dt = 0",
    "phase.u": "recovery variable u",
    "phase.trajectory": "trajectory, {duration:g} ms",
    "phase.title": "Izhikevich {name}: phase plane at I = {I:g}  "
    "(I_SN = {I_SN:.3g}, I_H = {I_H})",
    "phase.no_hopf": "none",
    "phase.path": "\ntrajectory: {scheme} scheme, dt = {dt:g} ms",
    "hh_phase.v_nullcline": "V-nullcline  dV/dt = 0",
    "hh_phase.n_nullcline": "n-nullcline  n = n_inf(V)",
    "hh_phase.n": "K activation n",
    "hh_phase.full_model": "full model (V, n), {duration:g} ms",
    "hh_phase.trajectory": "reduced trajectory, {duration:g} ms",
    "hh_phase.hopf": "Hopf",
    "hh_phase.saddle_node": "saddle-node",
    "hh_phase.lost": "{kind} {name} = {value:.3g} µA/cm²",
    "hh_phase.join": ", ",
    "hh_phase.title": "Hodgkin–Huxley reduced to (V, n), h = {h0:g} − {k:g} n, "
    "at I = {I:g} µA/cm²\nrest lost at {lost}",
    "hh_phase.none_lost": "no current in the scan",
    "hh_phase.no_saddle_node": " (no saddle-node)",
    "hh_phase.paths": "; paths: rk4, dt = {dt:g} ms",
    # plot_izhikevich_gallery
    "pattern.RS": "regular spiking",
    "pattern.IB": "intrinsically bursting",
    "pattern.CH": "chattering",
    "pattern.FS": "fast spiking",
    "pattern.TC": "thalamo-cortical, tonic",
    "pattern.TC_rebound": "thalamo-cortical, rebound burst",
    "pattern.RZ": "resonator",
    "pattern.LTS": "low-threshold spiking",
    "gallery.panel": "{name}: {pattern}\n{scheme} scheme, dt = {dt:g} ms",
    "gallery.title": "Izhikevich (2003) firing patterns, the protocols of izhi2003.m",
    # plot_hh_gates
    "gates.v": "v (mV, right axis)",
    "gates.tau": "tau_{gate}(V) (ms)",
    "gates.ylabel": "gating variable (open fraction)",
    "gates.title": "Hodgkin-Huxley gates over a spike ({amplitude:g} µA/cm² for "
    "{width:g} ms)\n{scheme} scheme, dt = {dt:g} ms",
    "gates.steady": "steady state x_inf(V)",
    "gates.tau_axis": "time constant tau_x(V) (ms, dashed)",
    "gates.curves": "Hodgkin-Huxley steady states and time constants (squid axon, "
    "equations)",
    # plot_snn_accuracy
    "snn.snn": "spiking network (IF)",
    "snn.band": "ANN ± {points:g} points",
    "snn.ann": "ReLU ANN {accuracy:.1f}%",
    "snn.within": "in the band from {t:g} ms",
    "snn.xlabel": "simulated time (ms)",
    "snn.ylabel": "accuracy",
    "snn.title": "SNN accuracy vs time: {final:.1f}% after {t:g} ms (dt = {dt:g} ms)",
    "snn.mean": "mean over units",
    "snn.hidden": "hidden {k}",
    "snn.output": "output",
    "snn.rates": "rate per unit (mean over samples)",
    # plot_weight_distribution
    "song.snapshot": "t = {t:g} s: {low:.0%} < 0.1, {high:.0%} > 0.9",
    "song.ylabel": "fraction of the inputs",
    "song.title": "{n_inputs} Poisson inputs at {rate_hz:g} Hz, STDP "
    "(A-/A+ = {ratio:g}, tau = {tau_plus:g} ms)",
    "song.rate": "inputs at {rate_in:g} Hz: {end:.1f} Hz at the end",
    "song.output": "output rate (Hz)",
    "song.rates": "the output rate settles, whatever the input rate",
}

ZH = {
    "time_ms": "时间（ms）",
    "time_s": "时间（s）",
    "scheme": "{scheme}积分格式",
    "current_name": "电流",
    "current_unit": "{name}（{unit}）",
    "rate_hz": "发放率（Hz）",
    "v_mv": "膜电位（mV）",
    "membrane_v": "膜电位v（mV）",
    "membrane_V": "膜电位V（mV）",
    "model.izhikevich": "Izhikevich模型",
    "model.hodgkin_huxley": "霍奇金-赫胥黎模型",
    "model.LIF": "LIF模型",
    "membrane.title": "{model}，{scheme}积分格式",
    "membrane.neuron": "，神经元{neuron}",
    "membrane.v": "膜电位",
    "membrane.threshold": "阈值电压V_th = {value:g} mV",
    "membrane.spikes": "脉冲（{count}个）",
    "raster.excitatory": "兴奋性神经元",
    "raster.inhibitory": "抑制性神经元",
    "raster.spikes": "脉冲",
    "raster.count": "{label}（{count}）",
    "raster.neuron": "神经元编号",
    "raster.title": "{n}个神经元",
    "raster.scheme": "，{scheme}积分格式",
    "raster.rate": "群体发放率（Hz）\n时间窗{bin_ms:g} ms",
    "fi.closed_form": "{model}解析解（连续时间）",
    "fi.simulated": "{model}仿真（{scheme}）",
    "fi.current_name": "输入电流I",
    "fi.xlabel": "{current} ~ 净输入z = w·x + b",
    "fi.ylabel": "发放率（Hz）~ 活性值a",
    "fi.title": "{model}的f-I曲线（{scheme}积分格式）与人工神经网络的激活函数",
    "fi.relu": "ReLU：斜率{slope:.3g} Hz/单位，在I_rh以上拟合",
    "fi.sigmoid": "sigmoid：最大值 = r_max（{r_max:.0f} Hz），中心在半高处",
    "fi.tanh": "tanh：在I_rh处斜率同ReLU，最大值r_max（I_rh以下为负）",
    "fi.rheobase": "基强度I_rh = {value:.3g}{unit}\n"
    "~ 偏置：b = -I_rh（单元在z = 0处开始激活）",
    "fi.activation": "发放率 ~ 活性值a = f(z)",
    "stdp.window": "W(Δt)，解析式",
    "stdp.pairs": "在单个脉冲对上仿真的STDP（{count}对）",
    "stdp.ltp": "长期增强作用（LTP）：突触前先于突触后发放",
    "stdp.ltd": "长期抑制作用（LTD）：突触后先于突触前发放",
    "stdp.xlabel": "脉冲时间差Δt = t_post − t_pre（ms）",
    "stdp.ylabel": "一对脉冲引起的突触权重变化Δw",
    "stdp.title": "脉冲时序依赖可塑性（STDP）窗口：全对全配对，迹形式"
    "（A+ = {A_plus:g}，A- = {A_minus:g}，\nτ+ = {tau_plus:g} ms，"
    "τ- = {tau_minus:g} ms；Δw以w_max = {w_max:g}为单位）",
    "oja.title": "两种学习方式都找到了第一主成分",
    "oja.cloud": "数据（已中心化）",
    "oja.pc1": "PC1（特征分解）",
    "oja.path": "Oja规则的权重路径",
    "oja.start": "Oja规则的起点",
    "oja.encoder_directions": "编码器方向（每轮）",
    "oja.encoder_end": "编码器（反向传播），终点",
    "oja.encoder_start": "编码器的起点",
    "angles.oja": "Oja规则（局部，无误差信号）",
    "angles.encoder": "线性自编码器n→1→n（反向传播，均方误差）",
    "angles.xlabel": "已见样本数（每个样本更新一次）",
    "angles.ylabel": "与PC1的夹角（度）",
    "angles.title": "与PC1的夹角（学习率 = {lr:g}）：最终Oja规则{oja:.1f}°，"
    "自编码器{encoder:.1f}°",
    "norms.hebb": "赫布规则 Δw = η y x（η = {lr:g}）",
    "norms.oja": "Oja规则 Δw = η y (x − y w)（η = {lr:g}）",
    "norms.unit": "‖w‖ = 1（Oja规则的不动点）",
    "norms.stop": "赫布规则发散：第{stop}次更新后停止",
    "norms.xlabel": "更新次数（每次一个样本）",
    "norms.ylabel": "权重范数‖w‖（对数坐标）",
    "norms.title": "赫布规则不稳定；Oja规则自行归一化",
    "stability.stable node": "稳定结点",
    "stability.stable focus": "稳定焦点",
    "stability.unstable node": "不稳定结点",
    "stability.unstable focus": "不稳定焦点",
    "stability.saddle": "鞍点",
    "stability.centre": "中心",
    "phase.equilibrium": "{stability}（{v:.1f} mV）",
    "phase.v_nullcline": "v零斜线 dv/dt = 0",
    "phase.u_nullcline": "u零斜线 du/dt = 0",
    "phase.u": "恢复变量u",
    "phase.trajectory": "轨迹，{duration:g} ms",
    "phase.title": "Izhikevich模型{name}：I = {I:g}时的相平面"
    "（I_SN = {I_SN:.3g}，I_H = {I_H}）",
    "phase.no_hopf": "无",
    "phase.path": "\n轨迹：{scheme}积分格式，dt = {dt:g} ms",
    "hh_phase.v_nullcline": "V零斜线 dV/dt = 0",
    "hh_phase.n_nullcline": "n零斜线 n = n_inf(V)",
    "hh_phase.n": "钾通道激活变量n",
    "hh_phase.full_model": "完整模型的(V, n)，{duration:g} ms",
    "hh_phase.trajectory": "降维模型的轨迹，{duration:g} ms",
    "hh_phase.hopf": "Hopf分岔",
    "hh_phase.saddle_node": "鞍结分岔",
    "hh_phase.lost": "{kind}{name} = {value:.3g} µA/cm²",
    "hh_phase.join": "，",
    "hh_phase.title": "霍奇金-赫胥黎模型降为(V, n)二维，h = {h0:g} − {k:g} n，"
    "I = {I:g} µA/cm²\n静息态失稳于：{lost}",
    "hh_phase.none_lost": "扫描范围内无",
    "hh_phase.no_saddle_node": "（无鞍结分岔）",
    "hh_phase.paths": "；轨迹：rk4，dt = {dt:g} ms",
    "pattern.RS": "规则发放",
    "pattern.IB": "内在簇发放",
    "pattern.CH": "颤振发放",
    "pattern.FS": "快速发放",
    "pattern.TC": "丘脑皮层神经元，紧张性发放",
    "pattern.TC_rebound": "丘脑皮层神经元，反弹簇发放",
    "pattern.RZ": "共振子",
    "pattern.LTS": "低阈值发放",
    "gallery.panel": "{name}：{pattern}\n{scheme}积分格式，dt = {dt:g} ms",
    "gallery.title": "Izhikevich（2003）的发放模式：izhi2003.m中的刺激方案",
    "gates.v": "膜电位v（mV，右轴）",
    "gates.tau": "τ_{gate}(V)（ms）",
    "gates.ylabel": "门控变量（通道开放比例）",
    "gates.title": "一个动作电位中霍奇金-赫胥黎模型的门控变量"
    "（{amplitude:g} µA/cm²，持续{width:g} ms）\n{scheme}积分格式，dt = {dt:g} ms",
    "gates.steady": "稳态值x_inf(V)",
    "gates.tau_axis": "时间常数τ_x(V)（ms，虚线）",
    "gates.curves": "霍奇金-赫胥黎模型的稳态值与时间常数（枪乌贼轴突，由方程算出）",
    "snn.snn": "脉冲神经网络（IF）",
    "snn.band": "人工神经网络 ± {points:g}个百分点",
    "snn.ann": "ReLU人工神经网络 {accuracy:.1f}%",
    "snn.within": "从{t:g} ms起进入该区间",
    "snn.xlabel": "仿真时间（ms）",
    "snn.ylabel": "准确率",
    "snn.title": "脉冲神经网络的准确率随时间的变化：{t:g} ms后为{final:.1f}%"
    "（dt = {dt:g} ms）",
    "snn.mean": "各单元的平均值",
    "snn.hidden": "隐藏层{k}",
    "snn.output": "输出层",
    "snn.rates": "每个单元的发放率（对样本取平均）",
    "song.snapshot": "t = {t:g} s：{low:.0%} < 0.1，{high:.0%} > 0.9",
    "song.ylabel": "输入所占的比例",
    "song.title": "{n_inputs}个{rate_hz:g} Hz的泊松输入，STDP"
    "（A-/A+ = {ratio:g}，τ = {tau_plus:g} ms）",
    "song.rate": "输入{rate_in:g} Hz：最终{end:.1f} Hz",
    "song.output": "输出发放率（Hz）",
    "song.rates": "无论输入的发放率如何，输出发放率都趋于稳定",
}

TEXT = {"en": EN, "zh": ZH}


def words(lang: str | None = None, table: dict = TEXT) -> dict:
    """``table[lang]`` (``lang=None``: the current language, ``ng.set_lang``);
    for Chinese, the CJK font is made available first (call it before the
    figure's Axes are made: texts take the font family when they are made)."""
    lang = resolve_lang(lang)
    if lang == "zh":
        use_cjk_fonts()
    return table[lang]


def model_name(model: str, table: dict) -> str:
    """A model's config name as a title shows it (``"Hodgkin-Huxley"``)."""
    return table.get(f"model.{model}", model)
