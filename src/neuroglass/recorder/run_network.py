"""The :class:`~neuroglass.recorder.run.Run`'s reads of what was inside the
network: the snapshots (weights, gradients, updates, activations at an
epoch), the probe batch, the training sample kept, the latest resumable
checkpoint and the network rebuilt from any of them. A base class of ``Run``,
which brings the open file: ``path``, ``config``, ``_meta``, ``_store`` (the
:class:`~neuroglass.recorder.store.RunReader` every query goes through),
``_array`` (a checked stored array) and ``snapshot_epochs``.
"""

from __future__ import annotations

import json

import numpy as np

from ..engine import Network
from ..engine.errors import NeuroglassError
from ..engine.layout import ParameterLayout
from ..engine.validation import integer
from .checks import _DAMAGE, TORCH_MODULE, _reads_file
from .snapshot import Snapshot, layer_snapshots
from .store import NotRecordedError, RunFileError


class NetworkReads:
    """What a :class:`Run` recorded inside its network (see the module)."""

    def _layer_configs(self):
        return self.config["network"]["layers"]

    @_reads_file
    def snapshot(self, epoch=None) -> Snapshot:
        """Weights, gradients, updates and activations at a snapshot epoch
        (default: the latest)."""
        if epoch is not None:
            epoch = integer(epoch, "epoch")

        def read():
            row = self._store.snapshot_row(epoch)
            if row is None:
                have = self.snapshot_epochs.tolist()
                if not have:
                    raise NotRecordedError(
                        f"the run {self.path!r} has no snapshots yet; its first "
                        "snapshot is taken at the end of its first epoch."
                    )
                shown = ", ".join(map(str, have[:20]))
                raise NotRecordedError(
                    f"no snapshot at epoch {epoch} in {self.path!r}; snapshots exist "
                    f"at epochs {shown}{' ...' if len(have) > 20 else ''} "
                    "(run.snapshot_epochs)."
                )
            ep, step, vectors, norms, units, raw = row
            if type(ep) is not int or type(step) is not int:
                raise RunFileError(
                    f"the run {self.path!r} is damaged: a snapshot's epoch and step "
                    f"are {ep!r} and {step!r}, not integers."
                )
            stats = self._layer_stats(ep)
            return ep, step, vectors, norms, raw, units, stats

        ep, step, vectors, norms, raw, units, stats = self._store.read(read)
        n_params, n_units, n_layers = self._sizes()
        at = f"at epoch {ep}"
        vectors = self._array(vectors, f"the parameter vectors {at}", (3, n_params))
        params, grads, updates = (None, None, None) if vectors is None else vectors
        norms = self._array(norms, f"the norms {at}", (n_layers, 6), required=True)
        units = self._array(
            units, f"the unit statistics {at}", (3, n_units), required=True
        )
        raw = self._array(raw, f"the probe activations {at}", (None, n_units))
        bins = self.config.get("recorder", {}).get("histogram_bins", 30)
        layers = layer_snapshots(
            self._layer_configs(),
            layout=self.layout,
            params=params,
            grads=grads,
            updates=updates,
            norms=norms,
            units=units,
            raw=raw,
            stats=stats,
            bins=bins,
        )
        return Snapshot(epoch=ep, step=step, layers=layers, params=params)

    def _layer_stats(self, epoch) -> dict:
        """{layer: {quantity: summary}} stored at the snapshot ``epoch``
        (networks that keep statistics instead of arrays)."""
        stats = {}
        for r in self._store.layer_stat_rows(epoch):
            what = f"the {r[1]} statistics of layer {r[0]} at epoch {epoch}"
            stats.setdefault(r[0], {})[r[1]] = {
                "size": r[2],
                "norm": r[3],
                "mean": r[4],
                "std": r[5],
                "min": r[6],
                "max": r[7],
                "bands": self._array(r[8], what, (None,)),
                "hist": self._array(r[9], what, (None,)),
                "edges": self._array(r[10], what, (None,)),
            }
        return stats

    @_reads_file
    def probe(self) -> np.ndarray | None:
        """The fixed batch whose activations the snapshots hold."""
        blob = self._store.blob("probe")
        if blob is None:
            return None
        if not self.is_network:  # a PyTorch model's inputs, in their own shape
            probe = self._array(blob, "the probe batch")
            if probe.ndim == 0:
                raise RunFileError(
                    f"the run {self.path!r} is damaged: its probe is 0-d."
                )
            return probe
        n_inputs = self._layer_configs()[0]["n_in"]
        return self._array(blob, "the probe batch", (None, n_inputs))

    @_reads_file
    def data_sample(self):
        """The training sample the run kept (the recorder's ``data_samples``):
        ``(rows, inputs, targets)``: row numbers in the training set (n,),
        inputs (n, n_inputs) and the targets the loss saw (n, n_outputs); None
        for runs that kept none."""
        blobs = self._store.blobs(("data_rows", "data_inputs", "data_targets"))
        if len(blobs) < 3:
            return None
        n_in = self._layer_configs()[0]["n_in"]
        n_out = self._layer_configs()[-1]["n_out"]
        rows = self._array(blobs["data_rows"], "the kept training rows", (None,))
        n = len(rows)
        inputs = self._array(blobs["data_inputs"], "the kept inputs", (n, n_in))
        targets = self._array(blobs["data_targets"], "the kept targets", (n, n_out))
        return rows, inputs, targets

    @_reads_file
    def _checkpoint(self):
        """The latest resumable state: the checkpoint row or the newest full
        snapshot, whichever is later."""
        candidates = self._store.checkpoint_rows()
        if not candidates:
            return None
        epoch, step, params, state, stacked = max(
            candidates, key=lambda r: json.loads(r[3])["steps_trained"]
        )
        state = json.loads(state)
        names = state["optimizer"].get("state_names", [])
        n_params = self._sizes()[0]
        stacked = self._array(
            stacked, f"the optimizer state at epoch {epoch}", (len(names), None)
        )
        params = self._array(params, f"the parameters at epoch {epoch}", required=True)
        if params.ndim == 2:  # a snapshot's stacked params / grads / updates
            params = params[0]
        if params.shape != (n_params,):
            raise RunFileError(
                f"the run {self.path!r} is damaged: the parameters at epoch {epoch} "
                f"have shape {params.shape}; its network has {n_params}."
            )
        return {
            "epoch": epoch,
            "step": step,
            "params": params,
            "optimizer": state["optimizer"],
            "optimizer_state": dict(zip(names, stacked)) if stacked is not None else {},
            "rng": state["rng"],
            "epochs_trained": state["epochs_trained"],
            "steps_trained": state["steps_trained"],
        }

    @_reads_file
    def network(self, epoch=None) -> Network:
        """Rebuild the network as it was at a snapshot epoch (default: the end).

        Raises NotRecordedError for a recorded PyTorch model that is not
        MLP-shaped (:attr:`is_network` False): it is no ``ng.Network``.
        """
        if not self.is_network:
            raise NotRecordedError(
                f"the run {self.path!r} recorded a PyTorch model that is not a "
                "Sequential of Linear layers and activations, so it cannot be "
                "rebuilt as an ng.Network. Read its weights with run.snapshot(epoch) "
                "(layer.weights in the model's own shapes)."
            )
        if epoch is None:
            final = self._store.blob("final")
            if final is not None:
                params = self._array(
                    final,
                    "the final parameters",
                    (self._sizes()[0],),
                    required=True,
                )
                net = self._build(params)
                final = self._meta.get("final", {})
                net.epochs_trained = final.get("epochs_trained", net.epochs_trained)
                net.steps_trained = final.get("steps_trained", net.steps_trained)
                return net
            checkpoint = self._checkpoint()
            if checkpoint is None:
                raise NotRecordedError(f"{self.path!r} has no recorded weights yet.")
            params, epoch_done = checkpoint["params"], checkpoint["epoch"]
        else:
            snap = self.snapshot(integer(epoch, "epoch"))
            if snap.params is None:
                raise NotRecordedError(
                    f"{self.path!r} keeps only statistics at each snapshot (the "
                    "network is above the recorder's full_arrays_limit); only the "
                    "final network can be rebuilt. Record with "
                    "Recorder(full_arrays_limit=...) to keep every snapshot."
                )
            params, epoch_done = snap.params, snap.epoch
        net = self._build(params)
        net.epochs_trained = epoch_done + 1
        return net

    @property
    def layout(self) -> ParameterLayout:
        """Where each layer's weights and bias sit in the run's parameter
        vectors (``Snapshot.params``, the checkpoint's): the recorded
        network's :class:`~neuroglass.engine.ParameterLayout`."""
        layers = self._layer_configs()
        if not self.is_network:  # a recorded PyTorch model: its own shapes
            return ParameterLayout.from_shapes(
                [cfg.get("weight_shape") for cfg in layers],
                [cfg.get("bias_shape") for cfg in layers],
            )
        return ParameterLayout.from_sizes(
            [layers[0]["n_in"], *(cfg["n_out"] for cfg in layers)]
        )

    @property
    def is_network(self) -> bool:
        """Whether the run recorded a chain of Dense layers that
        :meth:`network` rebuilds (an ``ng.Network``, or an MLP-shaped PyTorch
        model); False for other PyTorch models (``config["network"]["format"]``
        "torch.module"), whose layers are listed with their shapes."""
        return self.config["network"].get("format") != TORCH_MODULE

    def _sizes(self):
        """(parameters, units, layers) of the recorded network."""
        layout = self.layout
        units = sum(cfg["n_out"] for cfg in self._layer_configs())
        return layout.size, units, layout.n_layers

    def _build(self, params):
        """The recorded network with these parameters."""
        try:
            return Network.from_config(self.config["network"], params)
        except (NeuroglassError, *_DAMAGE) as exc:
            raise RunFileError(
                f"the run {self.path!r} is damaged: its network cannot be rebuilt "
                f"from its config ({type(exc).__name__}: {exc})."
            ) from None
