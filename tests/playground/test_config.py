"""The playground's settings: merge, checks, what a change resets
(playground.config)."""

import pytest


def test_config_merge_checks_and_resets():
    from neuroglass.playground import config as cfg

    base = dict(cfg.DEFAULTS)
    new = cfg.merge(base, {"problem": "regression"})
    assert new["dataset"] == "plane" and new["output"] == "linear_mse"
    assert base["problem"] == "classification"  # the input is not modified
    custom = cfg.merge(base, {"dataset": "custom"})
    assert cfg.merge(custom, {"problem": "regression"})["dataset"] == "plane"
    assert cfg.merge(custom, {"noise": 5})["dataset"] == "custom"
    assert cfg.needs_reset(base, cfg.merge(base, {"learning_rate": 1})) == (
        False,
        False,
    )
    assert cfg.needs_reset(base, cfg.merge(base, {"hidden": [3]})) == (True, False)
    assert cfg.needs_reset(base, cfg.merge(base, {"noise": 10})) == (True, True)
    with pytest.raises(cfg.ConfigMessageError, match="from 1 to 32"):
        cfg.merge(base, {"hidden": [0]})
    with pytest.raises(cfg.ConfigMessageError, match="at least one"):
        cfg.merge(base, {"features": []})
    with pytest.raises(cfg.ConfigMessageError, match="output"):
        cfg.merge(base, {"output": "linear_mse"})
