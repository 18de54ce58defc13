"""The playground's data: TF Playground's generators, drawn points, uploaded CSVs."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import numpy as np

from .. import datasets
from ..engine.errors import NeuroglassError
from .zh import Bilingual

#: TF Playground's sample counts
N_CLASSIFY = 500
N_REGRESS = 1200
DOMAIN = 6.0
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_POINTS = 5_000  # drawn by hand
MAX_CLASSES = 8


#: the page's data set names -> (datasets.load name, n, extra arguments)
LOADERS = {
    "circle": ("circle", N_CLASSIFY, {}),
    "xor": ("xor", N_CLASSIFY, {}),
    "gauss": ("gauss", N_CLASSIFY, {}),
    "spiral": ("spiral", N_CLASSIFY, {}),
    "spirals3": ("spirals", N_CLASSIFY, {"classes": 3}),
    "blobs4": ("blobs", N_CLASSIFY, {"classes": 4}),
    "plane": ("plane", N_REGRESS, {}),
    "multi_gauss": ("multi_gauss", N_REGRESS, {}),
}


class DataMessageError(NeuroglassError, ValueError):
    """Uploaded or drawn data was refused; the message says why and how to fix
    it, ``zh`` the same in Chinese."""

    def __init__(self, message: str, zh: str):
        super().__init__(message)
        self.zh = zh


@dataclass
class Data:
    """One dataset, split: ``X`` (n, 2) plane coordinates, ``y`` labels or values."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int  # 0 for regression
    class_names: list = field(default_factory=list)
    domain: float = DOMAIN
    #: ``(center, half)``: a regression's values are trained as ``(y - center) /
    #: half`` (None: as they are). See :func:`value_scale`.
    target_scale: tuple | None = None

    @property
    def value_range(self) -> tuple[float, float]:
        """The values the colours span, ``(low, high)``: orange to blue."""
        if self.target_scale is None:
            return (-1.0, 1.0)
        center, half = self.target_scale
        return (center - half, center + half)

    @property
    def X(self) -> np.ndarray:
        return np.concatenate([self.X_train, self.X_test])

    @property
    def y(self) -> np.ndarray:
        return np.concatenate([self.y_train, self.y_test])


def generate(name: str, noise: float, seed: int):
    """``(X, y, classes)`` for a built-in dataset; ``noise`` in [0, 0.5]."""
    loader, n, extra = LOADERS[name]
    X, y = datasets.load(loader, n=n, noise=noise, seed=seed, **extra)
    if name in ("plane", "multi_gauss"):
        return X, y.astype(float), 0
    return X, y, extra.get("classes", 2)


def split(
    X, y, classes, train_ratio, seed, class_names=None, target_scale=None
) -> Data:
    """Shuffle with ``seed`` and keep the first ``train_ratio`` percent for training."""
    order = np.random.default_rng(seed + 1).permutation(len(y))
    X, y = X[order], y[order]
    k = max(1, int(len(y) * train_ratio / 100))
    k = min(k, len(y) - 1) if len(y) > 1 else k
    return make(X[:k], y[:k], X[k:], y[k:], classes, class_names, target_scale)


def make(
    X_train, y_train, X_test, y_test, classes, class_names=None, target_scale=None
) -> Data:
    """A Data of parts already split (drawn points keep the part they were drawn in)."""
    X = np.concatenate([X_train, X_test])
    extent = float(np.abs(X).max()) if len(X) else DOMAIN
    domain = DOMAIN if extent <= DOMAIN else float(math.ceil(extent * 1.05))
    names = class_names or [str(c) for c in range(classes)]
    scale = None if classes else target_scale
    return Data(X_train, y_train, X_test, y_test, classes, names, domain, scale)


def value_scale(values):
    """``(center, half)`` that maps regression ``values`` onto [-1, 1], or None
    when they lie in [-1, 1] already.

    The network's output (tanh, or linear as in TF Playground) and the page's
    colours are made for values in [-1, 1]; TF Playground's own sets are. Values
    of an upload that leave that range (prices 0..420000, labels 0..11) are
    trained as ``(y - center) / half``, which spans exactly [-1, 1] from their
    lowest to their highest value; the page draws them in their own units.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0 or (values.min() >= -1.0 and values.max() <= 1.0):
        return None
    low, high = float(values.min()), float(values.max())
    return ((high + low) / 2, (high - low) / 2 or 1.0)


def widen_scale(current, values):
    """The scale after ``values`` are drawn on data scaled by ``current`` (None:
    [-1, 1]): kept while they stay in its range (a point drawn on a set keeps
    that set's colours), its range widened to cover them when they leave it."""
    values = np.asarray(values, dtype=float)
    if current is None:
        low, high = -1.0, 1.0
    else:
        low, high = current[0] - current[1], current[0] + current[1]
    if len(values) == 0 or (values.min() >= low and values.max() <= high):
        return current
    low, high = min(low, float(values.min())), max(high, float(values.max()))
    return ((high + low) / 2, (high - low) / 2)


def scale_words(scale) -> Bilingual:
    """How the values are trained, in words (the upload's note)."""
    center, half = scale
    return Bilingual(
        f"The values span {center - half:g} to {center + half:g}, beyond the [-1, 1] "
        f"that the output and the colours show, so the network trains on them "
        f"scaled to [-1, 1]: (value − {center:g}) / {half:g}. The map, the points "
        "and R² are in the data's own units; the loss is that of the scaled values.",
        f"这些值从 {center - half:g} 到 {center + half:g}，超出了输出和颜色所表示的 "
        f"[-1, 1]，所以网络训练时把它们缩放到 [-1, 1]：(值 − {center:g}) / {half:g}。"
        "输出图、数据点和 R² 使用数据本身的单位；损失是缩放后的值的损失。",
    )


def parse_csv(text: str):
    """``(X, y, classes, class_names, note)`` from CSV text: two feature columns
    and a label; a header row is optional. Whole-number labels with at most
    MAX_CLASSES distinct values are classes, anything else a regression; ``note``
    says which was chosen and why. Raises DataMessageError saying what is wrong."""
    if len(text.encode("utf-8", "ignore")) > MAX_UPLOAD_BYTES:
        raise DataMessageError(
            f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
            f"upload at most {MAX_ROWS:,} rows.",
            f"文件超过了 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB；最多上传 "
            f"{MAX_ROWS:,} 行。",
        )
    values = _read_values(text)
    if not np.isfinite(values).all():
        bad = int(np.flatnonzero(~np.isfinite(values).all(axis=1))[0])
        raise DataMessageError(
            f"row {bad + 1} holds inf or NaN; remove it.",
            f"第 {bad + 1} 行含有 inf 或 NaN；请删除这一行。",
        )
    if np.abs(values).max() > 1e6:
        bad = int(np.flatnonzero((np.abs(values) > 1e6).any(axis=1))[0])
        raise DataMessageError(
            f"row {bad + 1} holds a value beyond ±1,000,000; scale the data to the "
            "plane (TF Playground's is -6..6).",
            f"第 {bad + 1} 行有超出 ±1,000,000 的值；请把数据缩放到平面范围内"
            "（TF Playground 的范围是 -6..6）。",
        )
    return (values[:, :2], *_task(values[:, 2]))


def _read_values(text: str) -> np.ndarray:
    """The CSV's data rows as numbers (n, 3); its header row, if any, names the
    columns in the errors."""
    rows = []
    try:
        for r in csv.reader(io.StringIO(text)):
            if r and any(c.strip() for c in r):
                rows.append(r)
                if len(rows) > MAX_ROWS + 1:  # + 1: a header; enough to say "too many"
                    break
    except csv.Error as exc:
        raise DataMessageError(
            f"the file is not readable as CSV (line {len(rows) + 1}: {exc}); save it "
            "as plain comma-separated text.",
            f"无法按 CSV 读取这个文件（第 {len(rows) + 1} 行：{exc}）；请把它保存为"
            "普通的逗号分隔文本。",
        ) from None
    header = None
    if rows and not _numeric(rows[0]):
        header, rows = rows[0], rows[1:]
    for i, row in enumerate(rows[: MAX_ROWS + 1]):
        if len(row) != 3:
            raise DataMessageError(
                f"row {i + 1} has {len(row)} columns; each row must be x1,x2,label "
                f"(got {','.join(row)[:80]!r}).",
                f"第 {i + 1} 行有 {len(row)} 列；每一行都必须是 x1,x2,标签"
                f"（收到的是 {','.join(row)[:80]!r}）。",
            )
    _check_numbers(rows, header)
    if len(rows) < 4:
        raise DataMessageError(
            f"the file has {len(rows)} data rows; it needs at least 4 rows of "
            "x1,x2,label.",
            f"文件只有 {len(rows)} 行数据；至少需要 4 行 x1,x2,标签。",
        )
    if len(rows) > MAX_ROWS:
        raise DataMessageError(
            f"the file has more than {MAX_ROWS:,} rows; the playground takes at most "
            f"{MAX_ROWS:,}. Sample it down first.",
            f"文件超过了 {MAX_ROWS:,} 行；游乐场最多接受 {MAX_ROWS:,} 行。"
            "请先抽样减少行数。",
        )
    return np.array([[float(c) for c in row] for row in rows])


def _task(labels: np.ndarray):
    """``(y, classes, class_names, note)``: classes or values, and why."""
    distinct = np.unique(labels)
    whole = bool(np.all(labels == np.round(labels)))
    if whole and len(distinct) <= MAX_CLASSES:
        if len(distinct) < 2:
            raise DataMessageError(
                f"every label is {distinct[0]:g}; a classification needs at least "
                "two classes (or give real-valued labels for a regression).",
                f"所有标签都是 {distinct[0]:g}；分类至少需要两个类别"
                "（或者给出实数标签来做回归）。",
            )
        y = np.searchsorted(distinct, labels).astype(np.int64)
        names = [f"{v:g}" for v in distinct]
        note = Bilingual(
            f"Classification with {len(distinct)} classes: the labels are whole "
            f"numbers with {len(distinct)} distinct values ({', '.join(names)}).",
            f"分类，共 {len(distinct)} 个类别：标签是整数，有 {len(distinct)} "
            f"个不同的值（{'、'.join(names)}）。",
        )
        return y, len(distinct), names, note
    if whole:
        note = Bilingual(
            f"Regression: the labels are whole numbers but take {len(distinct)} "
            f"distinct values, more than the {MAX_CLASSES} classes the playground "
            f"draws; to classify, use at most {MAX_CLASSES} labels.",
            f"回归：标签虽然是整数，但有 {len(distinct)} 个不同的值，超过了游乐场能"
            f"画出的 {MAX_CLASSES} 个类别；要做分类，最多使用 {MAX_CLASSES} 种标签。",
        )
    else:
        bad = labels[labels != np.round(labels)][0]
        note = Bilingual(
            f"Regression: the labels are not all whole numbers (e.g. {bad:g}), so "
            "they are values to predict; to classify, use class numbers 0, 1, ...",
            f"回归：标签不全是整数（例如 {bad:g}），所以它们是要预测的值；"
            "要做分类，请使用类别编号 0、1、……",
        )
    scale = value_scale(labels)
    if scale is not None:
        words = scale_words(scale)
        note = Bilingual(f"{note} {words}", f"{note.zh}{words.zh}")
    return labels.astype(float), 0, [], note


def _check_numbers(rows, header):
    """Every cell must be a number: name the first column that is not."""
    for col in range(3):
        for i, row in enumerate(rows):
            try:
                float(row[col])
            except ValueError:
                name = (
                    f"{header[col].strip()!r}"
                    if header and header[col].strip()
                    else ("x1", "x2", "label")[col]
                )
                raise DataMessageError(
                    f"column {col + 1} ({name}) holds text, not numbers: "
                    f"{row[col][:40]!r} in data row {i + 1}. The columns must be "
                    "numbers: x1, x2 and the label (a class number or a value).",
                    f"第 {col + 1} 列（{name}）含有文字而不是数字：数据第 {i + 1} 行的 "
                    f"{row[col][:40]!r}。各列都必须是数字：x1、x2 和标签"
                    "（类别编号或数值）。",
                ) from None


def _numeric(row) -> bool:
    try:
        [float(c) for c in row]
    except ValueError:
        return False
    return True


def to_csv(data: Data) -> str:
    out = io.StringIO()
    out.write("x1,x2,label,split\n")
    for part, X, y in (
        ("train", data.X_train, data.y_train),
        ("test", data.X_test, data.y_test),
    ):
        for (a, b), label in zip(X, y):
            # repr: the shortest text that reads back as the same float
            value = f"{int(label)}" if data.classes else repr(float(label))
            out.write(f"{float(a)!r},{float(b)!r},{value},{part}\n")
    return out.getvalue()
