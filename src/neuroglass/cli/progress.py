"""The progress bar of ``train`` and ``demo`` in the command's language.

English is :class:`neuroglass.views.progress.ProgressBar` as it is; Chinese
renames its label and the fields after each epoch (the same numbers).
"""

from __future__ import annotations

from tqdm.auto import tqdm

from ..views.lang import get_lang
from ..views.progress import ProgressBar
from .render import status

#: ProgressBar's postfix fields in Chinese
FIELDS = {
    "epoch": "轮",
    "loss": "损失",
    "acc": "准确率",
    "val_loss": "验证损失",
    "val_acc": "验证准确率",
}


class ChineseProgressBar(ProgressBar):
    """:class:`ProgressBar` whose words are Chinese."""

    def on_fit_start(self, net, fit):
        # ProgressBar.on_fit_start with Chinese words from the first frame (the
        # bar shows at once: renaming it afterwards would flash "training")
        self.bar = tqdm(
            total=fit.epochs * fit.steps_per_epoch,
            unit="步",
            desc="训练",
            dynamic_ncols=True,
            **self.tqdm_kwargs,
        )
        self.epochs = fit.epochs
        self.first_epoch = fit.start_epoch

    def on_epoch_end(self, net, info):
        super().on_epoch_end(net, info)
        fields = self.bar.postfix or ""
        for english, chinese in sorted(FIELDS.items(), key=lambda kv: -len(kv[0])):
            fields = fields.replace(f"{english}=", f"{chinese}=")
        self.bar.postfix = fields

    def on_fit_end(self, net, fit):
        if fit.status != "finished":
            self.bar.set_description(f"训练（{status(fit.status)}）")
        self.bar.close()


def progress_bar() -> ProgressBar:
    """The bar for a fit, in the current language."""
    return ChineseProgressBar() if get_lang() == "zh" else ProgressBar()
