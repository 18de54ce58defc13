"""The neuron lab's STDP panel: the window and a simulated-pairs experiment.

``GET /api/lab/stdp?delta_t=10&A_plus=0.01...`` (see docs/playground-protocol.md,
"STDP panel"). :func:`parse` checks the query, one parameter at a time, and
raises :class:`StdpParamError` naming the parameter, what it takes, what it got
and how to fix it; :func:`experiment` computes, with the public
:func:`neuroglass.brain.stdp_window` and :class:`neuroglass.brain.STDP` (trace
form, all-to-all, hard bounds ``[0, w_max]``):

- the window ``W(delta_t)`` over -100..100 ms (cached per parameter set);
- ``n_pairs`` pre/post pairs at ``delta_t = t_post - t_pre`` (ms), one pair every
  ``1000 / rate`` ms: the weight after each pair, the total change, ``n_pairs *
  W(delta_t)`` (each pair alone) and the exact all-to-all double sum (every pre
  with every post, no bounds), so the page can say why they differ: neighbouring
  pairs interact when the pairs are closer than a few tau, and the hard bounds
  clip the weight.

>>> result = experiment(parse(b"delta_t=10&n_pairs=3"))
>>> round(result["point"]["delta_w"], 6), result["pairs"]["notes"]
(0.006065, ['same'])
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl

import numpy as np

from .. import brain
from ..engine.validation import describe
from .fields import ConfigMessageError

DELTA_T_LIMIT = 100.0  # ms: the window is shown and delta_t taken in +-this
CURVE_STEP = 0.5  # ms between the curve's points (and the page's slider step)
MAX_QUERY_BYTES = 1024
MAX_TEXT = 32  # characters of one value
CONVENTION = (
    "delta_t = t_post - t_pre (ms): > 0 pre before post, potentiation (LTP); "
    "< 0 post before pre, depression (LTD); 0 no change (simultaneous spikes "
    "are not paired)"
)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")


@dataclass(frozen=True)
class Param:
    """One query parameter: default, range (inclusive), unit, kind, meaning."""

    default: float | int | bool
    low: float = 0.0
    high: float = 0.0
    unit: str = ""
    kind: str = "number"  # "number", "whole" or "bool"
    meaning: str = ""


PARAMETERS = {
    "delta_t": Param(
        10.0, -DELTA_T_LIMIT, DELTA_T_LIMIT, "ms", meaning="t_post - t_pre"
    ),
    "A_plus": Param(0.01, 0.0, 1.0, "w", meaning="potentiation at delta_t -> 0+"),
    "A_minus": Param(0.0105, 0.0, 1.0, "w", meaning="depression at delta_t -> 0-"),
    "tau_plus": Param(20.0, 1.0, 100.0, "ms", meaning="decay of the LTP side"),
    "tau_minus": Param(20.0, 1.0, 100.0, "ms", meaning="decay of the LTD side"),
    "w_max": Param(1.0, 0.01, 10.0, "w", meaning="upper hard bound (lower: 0)"),
    "w0": Param(0.5, 0.0, 10.0, "w", meaning="weight before the first pair"),
    "bounded": Param(True, kind="bool", meaning="clip w to [0, w_max]"),
    "n_pairs": Param(60, 1, 200, kind="whole", meaning="number of pairs"),
    "rate": Param(1.0, 0.1, 100.0, "Hz", meaning="pairs per second"),
}


class StdpParamError(ConfigMessageError):
    """A refused query parameter: ``field`` names it; ``expected``, ``got`` and
    ``fix`` are the parts of the message, for the page; ``zh`` the same reason
    in Chinese (as the lab's websocket refusals carry)."""

    def __init__(self, field, expected, got, fix, message=None, zh=""):
        message = message or f"{field} must be {expected}; got {got}."
        super().__init__(f"{message} {fix}", field)
        self.expected, self.got, self.fix, self.zh = expected, got, fix, zh

    def body(self) -> dict:
        """The JSON of the 400 reply."""
        return {
            "ok": False,
            "error": str(self),
            "parameter": self.field,
            "expected": self.expected,
            "got": self.got,
            "fix": self.fix,
            "zh": self.zh,
        }


def _expected(param) -> tuple[str, str]:
    """What ``param`` takes, in English and in Chinese."""
    unit = f" {param.unit}" if param.unit and param.unit != "w" else ""
    span = (f"{param.low:g}", f"{param.high:g}")
    if param.kind == "bool":
        return "true or false (or 1 or 0)", "true 或 false（或 1、0）"
    if param.kind == "whole":
        return f"a whole number from {span[0]} to {span[1]}", (
            f"{span[0]} 到 {span[1]} 之间的整数"
        )
    return f"a finite number from {span[0]} to {span[1]}{unit}", (
        f"{span[0]} 到 {span[1]}{unit} 之间的有限数"
    )


def _value(name, text):
    """The value of parameter ``name`` in query text ``text``, checked."""
    param = PARAMETERS[name]
    expected, expected_zh = _expected(param)
    example = str(param.default).lower()

    def refuse(got, got_zh=None):
        zh = (
            f"{name} 必须是 {expected_zh}；收到 {got_zh or got}。请使用例如 {example}。"
        )
        raise StdpParamError(
            name, expected, got, f"Use a value such as {example}.", zh=zh
        )

    if len(text) > MAX_TEXT:
        refuse(f"a text of {len(text)} characters", f"{len(text)} 个字符的文本")
    if param.kind == "bool":
        if text.lower() not in ("true", "false", "1", "0"):
            refuse(describe(text))
        return text.lower() in ("true", "1")
    pattern = _WHOLE if param.kind == "whole" else _NUMBER
    if not pattern.fullmatch(text):
        word = text.strip().lower().lstrip("+-")
        if word in ("nan", "inf", "infinity"):
            got = describe(text)
            refuse(f"{got}, which is not a finite number", f"{got}，不是有限数")
        refuse(describe(text))
    value = float(text)
    if not math.isfinite(value):
        got = describe(text)
        refuse(f"{got}, which overflows to infinity", f"{got}，溢出为无穷大")
    if not param.low <= value <= param.high:
        refuse(describe(text))
    return int(value) if param.kind == "whole" else value


def parse(query: bytes | str) -> dict:
    """The checked parameters of a query string, defaults filled in.

    Refused (:class:`StdpParamError`): a query over 1 KiB, a name that is not a
    parameter, a parameter given more than once, a value of the wrong type, not
    finite or out of range, and ``w0`` above ``w_max`` when bounded.
    """
    if isinstance(query, bytes):
        if len(query) > MAX_QUERY_BYTES:
            raise StdpParamError(
                "query",
                f"at most {MAX_QUERY_BYTES} bytes",
                f"{len(query)} bytes",
                "Send only the parameters you change, each once.",
                zh=f"query（查询字符串）最多 {MAX_QUERY_BYTES} 字节；收到 "
                f"{len(query)} 字节。请只发送要更改的参数，每个一次。",
            )
        query = query.decode("latin-1")
    params = {name: p.default for name, p in PARAMETERS.items()}
    seen = set()
    for name, text in parse_qsl(query, keep_blank_values=True):
        if name not in PARAMETERS:
            known = ", ".join(PARAMETERS)
            raise StdpParamError(
                name[:MAX_TEXT],
                f"one of {known}",
                describe(name),
                "Remove it or check its spelling (names are case-sensitive).",
                f"{describe(name)} is not a parameter of the STDP panel; it takes "
                f"{known}.",
                zh=f"{describe(name)} 不是 STDP 面板的参数；可用的参数为 {known}。"
                "请删除它或检查拼写（区分大小写）。",
            )
        if name in seen:
            raise StdpParamError(
                name,
                "given once",
                "it more than once",
                "Give each parameter once.",
                zh=f"{name} 只能给出一次；请每个参数只给一次。",
            )
        seen.add(name)
        params[name] = _value(name, text)
    if params["bounded"] and params["w0"] > params["w_max"]:
        raise StdpParamError(
            "w0",
            f"within the hard bounds [0, w_max = {params['w_max']:g}]",
            f"{params['w0']:g}",
            "Lower w0, raise w_max, or turn the bounds off.",
            zh=f"w0 必须在硬边界 [0, w_max = {params['w_max']:g}] 之内；收到 "
            f"{params['w0']:g}。请降低 w0、提高 w_max，或关闭边界。",
        )
    return params


def table(params) -> list[dict]:
    """The parameters as the page shows them: name, value, range, unit, kind."""
    return [
        {
            "name": name,
            "value": params[name],
            "low": p.low,
            "high": p.high,
            "unit": p.unit,
            "kind": p.kind,
            "meaning": p.meaning,
        }
        for name, p in PARAMETERS.items()
    ]


@lru_cache(maxsize=64)
def window_curve(A_plus, A_minus, tau_plus, tau_minus) -> dict:
    """``W(delta_t)`` on a 0.5 ms grid: the LTD branch over [-100, 0) and the
    LTP branch over (0, 100], each with its limit at 0 (``-A_minus``,
    ``+A_plus``) as the point at 0. Cached: a drag asks for it many times."""
    half = np.arange(0.0, DELTA_T_LIMIT + CURVE_STEP / 2, CURVE_STEP)
    ltd_t, ltp_t = -half[::-1], half
    args = (A_plus, A_minus, tau_plus, tau_minus)
    ltd_w = brain.stdp_window(ltd_t, *args)
    ltp_w = brain.stdp_window(ltp_t, *args)
    ltd_w[-1], ltp_w[0] = -A_minus, A_plus  # the limits at 0-, 0+ (W(0) = 0)
    return {
        "ltd": {"delta_t": ltd_t.tolist(), "delta_w": ltd_w.tolist()},
        "ltp": {"delta_t": ltp_t.tolist(), "delta_w": ltp_w.tolist()},
        "step": CURVE_STEP,
        "range": [-DELTA_T_LIMIT, DELTA_T_LIMIT],
    }


def pair_times(delta_t, n_pairs, rate):
    """Pre and post spike times (ms) of ``n_pairs`` pairs, one every ``1000 /
    rate`` ms, ``post = pre + delta_t``; the first spike at 0."""
    period = 1000.0 / rate
    pre = max(0.0, -delta_t) + period * np.arange(n_pairs)
    return pre, pre + delta_t


def _differs(a, b) -> bool:
    return abs(a - b) > 1e-12 + 1e-3 * max(abs(a), abs(b))


def simulate_pairs(params) -> dict:
    """The simulated-pairs experiment (see the module docstring)."""
    windows = (
        params["A_plus"],
        params["A_minus"],
        params["tau_plus"],
        params["tau_minus"],
    )
    w0, w_max, n = params["w0"], params["w_max"], params["n_pairs"]
    pre, post = pair_times(params["delta_t"], n, params["rate"])
    rule = brain.STDP(*windows, w_max=w_max, bounded=params["bounded"])
    out = rule.run_times([pre], post, w0=w0, record=True)
    times = out.t[1:]  # each distinct spike time; history[k + 1] after times[k]
    after = 1 + np.searchsorted(times, np.maximum(pre, post))
    weights = np.concatenate([[w0], out.history[after, 0]])
    each = float(brain.stdp_window(params["delta_t"], *windows))
    all_pairs = float(brain.stdp_window(post[:, None] - pre[None, :], *windows).sum())
    total = float(weights[-1] - w0)
    notes = []
    if _differs(all_pairs, n * each):
        notes.append("neighbours")
    if params["bounded"] and _differs(total, all_pairs):
        notes.append("clipped")
    final = float(weights[-1])
    return {
        "period": 1000.0 / params["rate"],
        "first_pre": float(pre[0]),
        "weights": weights.tolist(),
        "total_change": total,
        "isolated_sum": n * each,
        "all_to_all_sum": all_pairs,
        "interaction": all_pairs - n * each,
        "at_bound": (
            None
            if not params["bounded"]
            else "upper"
            if final >= w_max
            else "lower"
            if final <= 0.0
            else None
        ),
        "notes": notes or ["same"],
    }


def _kind(delta_w) -> str:
    return "potentiation" if delta_w > 0 else "depression" if delta_w < 0 else "none"


@lru_cache(maxsize=512)
def _experiment(key) -> dict:
    params = dict(key)
    windows = [params[k] for k in ("A_plus", "A_minus", "tau_plus", "tau_minus")]
    delta_w = float(brain.stdp_window(params["delta_t"], *windows))
    return {
        "ok": True,
        "convention": CONVENTION,
        "pairing": "all-to-all",
        "parameters": table(params),
        "curve": window_curve(*windows),
        "point": {
            "delta_t": params["delta_t"],
            "delta_w": delta_w,
            "kind": _kind(delta_w),
        },
        "pairs": simulate_pairs(params),
    }


def experiment(params) -> dict:
    """The reply to a checked query: the window, the point, the pairs. Cached
    (at most 512 parameter sets); the reply must not be modified."""
    return _experiment(tuple(sorted(params.items())))


def respond(query: bytes) -> tuple[int, dict]:
    """(HTTP status, JSON body) for the raw query string of a request."""
    try:
        params = parse(query)
    except StdpParamError as error:
        return 400, error.body()
    return 200, experiment(params)
