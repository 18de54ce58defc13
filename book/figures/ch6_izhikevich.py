"""Chapter 6: Izhikevich's firing patterns (the 2003 paper's presets and
protocols), each simulated by ng.brain with the published scheme."""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": "Izhikevich (2003): eight firing patterns, four parameters (a, b, c, d)",
    "zh": "Izhikevich（2003）：四个参数(a, b, c, d)给出八种发放模式",
}


def draw(lang):
    # 11 inches, not the function's 14: the page shows a figure about 7 wide
    figure = plt.figure(figsize=(11, 7), layout="constrained")
    ng.plot.izhikevich_gallery(fig=figure, lang=lang)
    figure.suptitle(TEXT[lang])
    return figure
