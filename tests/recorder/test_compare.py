"""Two runs side by side (compare.py)."""

import neuroglass as ng


def test_compare_two_runs(tmp_path, circle, playground_net):
    X_train, X_test, y_train, y_test = circle
    paths = []
    for lr in (0.03, 0.3):
        path = tmp_path / f"lr{lr}.ngrun"
        playground_net().fit(
            X_train,
            y_train,
            epochs=5,
            batch_size=10,
            lr=lr,
            validation_data=(X_test, y_test),
            callbacks=[ng.Recorder(path)],
        )
        paths.append(path)
    with ng.open_run(paths[0]) as a, ng.open_run(paths[1]) as b:
        comparison = a.compare(b)
        assert comparison.config_diff["optimizer.lr"] == (0.03, 0.3)
        assert "network.seed" not in comparison.config_diff
        assert comparison.curves["loss"].shape == (5, 2)
        text = str(comparison)
        assert "optimizer.lr" in text and "final_val_loss" in text
