// English and Chinese strings; elements carry data-i18n (text) or data-i18n-title.

const STRINGS = {
  en: {
    playground: "playground", reset: "Reset the network (new random weights)",
    resetSame: "Reset to the same initial weights", play: "Run / pause", pause: "Pause",
    step: "Train one epoch", epoch: "Epoch", learningRate: "Learning rate",
    activation: "Activation", regularization: "Regularization",
    regRate: "Regularization rate", problem: "Problem type", optimizer: "Optimizer",
    schedule: "LR schedule", output: "Output / loss", init: "Initialization",
    stopEpoch: "Stop at epoch", theme: "Light / dark theme", timeline: "Timeline",
    backToLive: "Back to live", replaying: "replay", data: "Data",
    whichDataset: "Which dataset do you want to use?",
    trainRatio: "Ratio of training to test data", noise: "Noise", batchSize: "Batch size",
    regenerate: "Regenerate",
    regenerateTitle: "New points from the same generator (a new data seed); the weights stay.",
    regenerateCustom: "Nothing to regenerate: these points were drawn or uploaded (custom data). Choose a data set above for generated points.",
    uploadCsv: "Upload a CSV (x1, x2, label)",
    drawPoints: "Draw points", clearPoints: "Clear points",
    drawHint: "Click the output map to add a point of the chosen class.",
    export: "Export", exportModel: "Model (.npz)", exportRun: "Run (.ngrun)",
    exportCsv: "Data (.csv)", exportSnippet: "Python snippet", exportSvg: "Figure (.svg)",
    exportPng: "Figure (.png)", features: "Features",
    whichFeatures: "Which properties do you want to feed in?",
    addLayer: "Add a hidden layer", removeLayer: "Remove a hidden layer",
    hiddenLayers: "hidden layers", hiddenLayer: "hidden layer", edgeMode: "Lines show", weights: "weights",
    gradients: "gradients", updates: "updates", outputTitle: "Output",
    testLoss: "Test loss", trainLoss: "Training loss", testAccuracy: "Test accuracy",
    trainAccuracy: "Training accuracy", r2: "Test R²", showTest: "Show test data",
    discretize: "Discretize output", loss: "Loss", accuracy: "Accuracy", train: "train",
    test: "test", gradNorms: "Gradient norm per layer",
    confusion: "Confusion matrix (rows: true class)", diagnostics: "Diagnostics",
    noEvents: "Nothing to report yet.", explain: "Explain", sample: "Training point #",
    trace: "Step through one point", prev: "◀ Back", next: "Next ▶",
    explainHint: "Click a neuron to see its sum, activation and gradient with the numbers.",
    neurons: "neurons", neuron: "neuron", addNeuron: "Add a neuron",
    removeNeuron: "Remove a neuron", layerActivation: "Activation of this layer",
    defaultActivation: "(default)", weightIs: "Weight is {v}", biasIs: "Bias is {v}",
    gradientIs: "Gradient is {v}", updateIs: "Update is {v}",
    clickToEdit: "Click to edit",
    dead: "Dead: this ReLU unit outputs 0 for every probe point (the first 64 training points), so it no longer learns.",
    saturated: "Saturated: this unit sits at its flat ends for most points, so it barely learns.",
    neuronTitle: "Neuron {u} of layer {l}. Hover to see its output, click to explain it.",
    featureTitle: "{f}: click to turn it on or off", focusOf: "Showing: {name}",
    outputUnit: "output {u}", layerUnit: "layer {l}, neuron {u}",
    diverged: "Training diverged", stopped: "Stopped", diagnostic: "Diagnostic",
    forward: "Forward", backward: "Backward", layer: "Layer", inputs: "inputs",
    lossIs: "Loss", targetIs: "target", point: "point", formula: "Formula",
    stepOf: "step {i} of {n}", readout: "epoch {e} · train {a} · test {b}",
    uploadOk: "{n} rows loaded.", connecting: "Connecting…",
    disconnected: "The connection to the server was lost; reload the page.",
    custom: "custom", classification: "Classification", regression: "Regression",
    none: "None", class: "class",
    explainLiveOnly: "Explain and the step-through work on the live network: press “Back to live” first.",
    hintDiverged: "Lower the learning rate and press Play, or reset the network.",
    hintExploding: "Lower the learning rate, or choose Glorot or He initialization.",
    hintLrHigh: "Lower the learning rate.",
    lowerLr: "Lower the learning rate to {lr}", resetNet: "Reset the network",
    lossMse: "(MSE)", lossBce: "(BCE)", lossCe: "(CE)",
    lossNoteMse: "MSE: the mean of (output − target)², as in neuroglass scripts. TF Playground shows half of it (½·MSE).",
    lossNoteBce: "Loss = binary cross-entropy, mean over the points.",
    lossNoteCe: "Loss = cross-entropy of the softmax, mean over the points.",
  },
  zh: {
    playground: "游乐场", reset: "重置网络（新的随机权重）", resetSame: "重置为相同的初始权重",
    play: "运行 / 暂停", pause: "暂停", step: "训练一个周期", epoch: "周期",
    learningRate: "学习率", activation: "激活函数", regularization: "正则化",
    regRate: "正则化率", problem: "问题类型", optimizer: "优化器", schedule: "学习率计划",
    output: "输出 / 损失", init: "初始化", stopEpoch: "在此周期停止", theme: "浅色 / 深色主题",
    timeline: "时间线", backToLive: "回到实时", replaying: "回放", data: "数据",
    whichDataset: "你想使用哪个数据集？", trainRatio: "训练数据与测试数据之比",
    noise: "噪声", batchSize: "批大小", regenerate: "重新生成",
    regenerateTitle: "用同一个生成器生成新的数据点（新的数据种子）；权重保持不变。",
    regenerateCustom: "无法重新生成：这些点是绘制或上传的（自定义数据）。请在上方选择一个数据集以生成数据点。",
    uploadCsv: "上传 CSV（x1, x2, 标签）", drawPoints: "绘制数据点", clearPoints: "清除数据点",
    drawHint: "点击输出图，添加所选类别的点。", export: "导出", exportModel: "模型 (.npz)",
    exportRun: "运行记录 (.ngrun)", exportCsv: "数据 (.csv)", exportSnippet: "Python 代码",
    exportSvg: "图 (.svg)", exportPng: "图 (.png)", features: "特征",
    whichFeatures: "你想输入哪些属性？", addLayer: "添加一个隐藏层", removeLayer: "删除一个隐藏层",
    hiddenLayers: "个隐藏层", hiddenLayer: "个隐藏层", edgeMode: "连线显示", weights: "权重", gradients: "梯度",
    updates: "更新量", outputTitle: "输出", testLoss: "测试损失", trainLoss: "训练损失",
    testAccuracy: "测试准确率", trainAccuracy: "训练准确率", r2: "测试 R²",
    showTest: "显示测试数据", discretize: "离散化输出", loss: "损失", accuracy: "准确率",
    train: "训练", test: "测试", gradNorms: "每层的梯度范数",
    confusion: "混淆矩阵（行：真实类别）", diagnostics: "诊断", noEvents: "暂无需要报告的内容。",
    explain: "解释", sample: "训练点 #", trace: "逐步查看一个点", prev: "◀ 上一步",
    next: "下一步 ▶", explainHint: "点击一个神经元，查看它的加权和、激活值和梯度的具体数值。",
    neurons: "个神经元", neuron: "个神经元", addNeuron: "添加一个神经元",
    removeNeuron: "删除一个神经元", layerActivation: "本层的激活函数", defaultActivation: "（默认）",
    weightIs: "权重为 {v}", biasIs: "偏置为 {v}", gradientIs: "梯度为 {v}", updateIs: "更新量为 {v}",
    clickToEdit: "点击以编辑",
    dead: "死亡：这个 ReLU 单元对所有探测点（前 64 个训练点）都输出 0，不再学习。",
    saturated: "饱和：这个单元对大多数点都处在平坦区，几乎学不动。",
    neuronTitle: "第 {l} 层的第 {u} 个神经元。悬停查看其输出，点击查看解释。",
    featureTitle: "{f}：点击开启或关闭", focusOf: "正在显示：{name}", outputUnit: "输出 {u}",
    layerUnit: "第 {l} 层，神经元 {u}", diverged: "训练发散", stopped: "已停止",
    diagnostic: "诊断", forward: "前向", backward: "反向", layer: "层", inputs: "输入",
    lossIs: "损失", targetIs: "目标", point: "点", formula: "公式", stepOf: "第 {i} 步，共 {n} 步",
    readout: "周期 {e} · 训练 {a} · 测试 {b}", uploadOk: "已载入 {n} 行。", connecting: "正在连接…",
    disconnected: "与服务器的连接已断开；请重新加载页面。", custom: "自定义",
    classification: "分类", regression: "回归", none: "无", class: "类别",
    explainLiveOnly: "解释和逐步查看只作用于实时网络：请先点击“回到实时”。",
    hintDiverged: "请降低学习率后按运行，或重置网络。",
    hintExploding: "降低学习率，或选择 Glorot / He 初始化。", hintLrHigh: "降低学习率。",
    lowerLr: "把学习率降到 {lr}", resetNet: "重置网络",
    lossMse: "(MSE)", lossBce: "(BCE)", lossCe: "(CE)",
    lossNoteMse: "损失 = 均方误差，即 (输出 − 目标)² 在所有点上的平均，与 neuroglass 其他地方一致。TF Playground 显示的是它的一半（½·MSE）。",
    lossNoteBce: "损失 = 二元交叉熵，在所有点上取平均。",
    lossNoteCe: "损失 = softmax 的交叉熵，在所有点上取平均。",
  },
};

let lang = "en";

export function getLang() {
  return lang;
}

/** the string for key in the current language, {name} placeholders filled */
export function t(key, params = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? params[k] : `{${k}}`));
}

/** switch language and relabel everything marked in `root` */
export function setLang(next, root = document) {
  lang = next === "zh" ? "zh" : "en";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
  const toggle = document.getElementById("lang");
  if (toggle) toggle.textContent = lang === "zh" ? "EN" : "中文";
}
