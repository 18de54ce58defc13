"""A tqdm progress bar for a fit, one tick per step, in English or Chinese.

Pass it as a callback: ``net.fit(X, y, callbacks=[ng.ProgressBar()])``
(``verbose=True`` prints the engine's plain-text lines instead);
``ng.ProgressBar(lang="zh")`` writes 训练, 步 and 轮=2/2 损失=... (``lang=None``
follows ``ng.set_lang`` / ``with ng.language(...)`` when the fit starts).
"""

from __future__ import annotations

from tqdm.auto import tqdm

from ..engine.callbacks import Callback
from .lang import resolve_lang

#: the bar's words, the fields after each epoch and a fit's ending status
WORDS = {
    "en": {
        "training": "training",
        "unit": "step",
        "status": "training ({status})",
        "epoch": "epoch",
        "loss": "loss",
        "acc": "acc",
        "val_loss": "val_loss",
        "val_acc": "val_acc",
    },
    "zh": {
        "training": "训练",
        "unit": "步",
        "status": "训练（{status}）",
        "epoch": "轮",
        "loss": "损失",
        "acc": "准确率",
        "val_loss": "验证损失",
        "val_acc": "验证准确率",
    },
}
STATUS_ZH = {
    "stopped": "已停止",
    "stopped_early": "提前停止",
    "interrupted": "已中断",
    "diverged": "已发散",
    "running": "运行中",
}


class ProgressBar(Callback):
    """A tqdm bar over all steps of a fit, with loss and accuracy after each
    epoch; its words in ``lang`` ("en", "zh"; None: the current language when
    the fit starts)."""

    def __init__(self, lang=None, **tqdm_kwargs):
        if lang is not None:
            resolve_lang(lang)  # a wrong language refused at once
        self.lang = lang
        self.tqdm_kwargs = tqdm_kwargs

    def on_fit_start(self, net, fit):
        self.words = WORDS[resolve_lang(self.lang)]
        self.bar = tqdm(
            total=fit.epochs * fit.steps_per_epoch,
            unit=self.words["unit"],
            desc=self.words["training"],
            dynamic_ncols=True,
            **self.tqdm_kwargs,
        )
        self.epochs = fit.epochs
        self.first_epoch = fit.start_epoch

    def on_batch_end(self, net, step):
        self.bar.update(1)

    def on_epoch_end(self, net, info):
        w = self.words
        done = info.epoch - self.first_epoch + 1
        postfix = {w["epoch"]: f"{done}/{self.epochs}", w["loss"]: f"{info.loss:.4f}"}
        if info.accuracy is not None:
            postfix[w["acc"]] = f"{info.accuracy:.3f}"
        if info.val_loss is not None:
            postfix[w["val_loss"]] = f"{info.val_loss:.4f}"
        if info.val_accuracy is not None:
            postfix[w["val_acc"]] = f"{info.val_accuracy:.3f}"
        self.bar.set_postfix(postfix, refresh=False)

    def on_fit_end(self, net, fit):
        if fit.status != "finished":
            status = fit.status
            if self.words is WORDS["zh"]:
                status = STATUS_ZH.get(status, status)
            self.bar.set_description(self.words["status"].format(status=status))
        self.bar.close()
