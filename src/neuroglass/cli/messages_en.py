"""The ``neuroglass`` command's messages in English (see ``messages.py``)."""

EN = {
    # -- every command ---------------------------------------------------------------
    "error_line": "{prog}: error: {text}",
    "usage_error": "{prog}: error: {message} (see '{prog} --help')",
    "no_memory": "not enough memory for this; use less data or a smaller network",
    "too_deep": "{source!r} is nested too deeply to read",
    "the_input": "the input",
    "interrupted": "interrupted",
    "and": " and ",
    "usage_prefix": "usage: ",
    "wrote": "wrote {path}",
    # -- argument types (args.py) ----------------------------------------------------
    "refusal": "must be {expected}; got {text!r}.{hint}",
    "whole_range": "a whole number from {low} to {high:,}",
    "whole_min": "a whole number >= {low}",
    "finite": "a finite number {span}",
    "span_and": "{left} and {right}",
    "hint_ms": " In ms.",
    "hint_dt": " In ms, e.g. --dt 0.1.",
    "hint_whole_ms": " Whole ms.",
    "layers_syntax": "--layers takes hidden layer widths separated by commas, e.g. "
    "8,8; got {text!r}.",
    "layers_range": "layer widths must be whole numbers from 1 to {high:,}; got "
    "{text!r}.",
    "features_syntax": "takes feature names separated by commas, e.g. x1,x2,x1^2; "
    "got {text!r}.",
    "too_many_params": "the network {sizes} would have {count:,} parameters; the "
    "command line builds at most {high:,}. Use narrower layers (--layers).",
    "fixed_data": "{given}: {name} is fixed data (always the same samples); --n and "
    "--noise apply to generated sets ({generated}).",
    # -- train and demo --------------------------------------------------------------
    "n_noise_csv": "{flag} applies to generated data sets, not to --csv {csv}.",
    "target_builtin": "--target picks a column of --csv data; built-in data sets "
    "have their own target.",
    "features_2d": "--features maps the two inputs of a 2-D data set; {source} has "
    "{n} input columns. Drop --features.",
    "ce_regressed": "--loss cross_entropy needs class labels, but the target is "
    "regressed ({reason}); pass --task classify or another loss.",
    "save_is_dir": "--save {path!r} is a folder; pass a file name such as {example!r}.",
    "save_no_folder": "--save {path!r}: the folder {folder!r} does not exist; create "
    "it first.",
    "record_dir_named_run": "--record {path!r} is a folder named like a run file; "
    "pass another name.",
    "record_is_file": "--record {path!r} is an existing file, not a folder; pass a "
    "folder (a new run file is created in it) or a path ending in .ngrun.",
    "data_line": "data: {source}, {n_train} train / {n_test} test samples",
    "task_line": "task: {task}",
    "prefix_train": "train",
    "prefix_test": "test",
    "metric_loss": "{prefix} loss {value:.4f}",
    "metric_accuracy": "{prefix} accuracy {value:.1f}%",
    "metric_r2": "{prefix} R^2 {value:.4f}",
    "train_result": "{train}  |  {test}  |  {epochs} epochs in {seconds:.1f} s",
    "saved": "saved model to {path}",
    "recorded": "recorded the run to {path}",
    "demo_title": "neuroglass demo: two interleaved spirals (TensorFlow "
    "Playground's hardest set)",
    "demo_result": "{metrics}  ({epochs} epochs in {seconds:.1f} s)",
    "demo_regions": "decision regions (+ class 1, . class 0; test points O = 1, "
    "x = 0):",
    "demo_next": "next: neuroglass train --help",
    "progress": "training",
    # -- info ------------------------------------------------------------------------
    "trained_for": "trained for {epochs} epochs ({steps} steps)",
    # -- runs ------------------------------------------------------------------------
    "no_runs": "no runs (.ngrun files) in {directory}",
    "unreadable": "unreadable: {error}",
    "runs_note": "(loss and accuracy: validation where recorded, else training)",
    "network_line": "{sizes}  ({activations})  loss={loss}  dtype={dtype}  seed={seed}",
    "framework_line": "{name} {version}, {params:,} parameters, {world} process(es)",
    "epochs_line": "{epochs} recorded, {snapshots} snapshots, {steps} step losses",
    "final_line": "loss {loss}  accuracy {accuracy}  val_loss {val_loss}  "
    "val_accuracy {val_accuracy}",
    "diagnostics_head": "diagnostics ({count}):",
    "diagnostics_none": "diagnostics (0): none",
    # -- playground and dashboard ----------------------------------------------------
    "remote_host": "--host {host} would let other machines reach the playground "
    "(it has no login); pass --allow-remote as well if that is what you want.",
    "runs_is_file": "--runs {path!r} is an existing file, not a folder; pass a "
    "folder for the sessions' run files.",
    "remote_warning": "warning: serving on {host}: anyone who can reach this "
    "address can use the playground.",
    "bad_host": "--host {host!r} is not an address of this machine: {error}.",
    "port_busy": "cannot serve on {host} port {port}: {error}; is another program "
    "(or another playground) using it? Pass --port with another number.",
    # -- plot and report -------------------------------------------------------------
    "output_is_dir": "-o {path!r} is a folder; pass a file name inside it.",
    "output_no_folder": "-o {path!r}: the folder {folder!r} does not exist; create "
    "it first.",
    "output_suffix": "the output file must end in .png, .svg or .pdf; got {path!r}.",
    "inputs_mismatch": "{what} has {have} input features but the network takes "
    "{n_in}; pass the --dataset it was trained on.",
    "the_runs_data": "the run's data set",
    "no_snapshot": "--epoch {epoch}: {run} has no snapshot at that epoch; "
    "snapshots exist at epochs {epochs}.",
    "bad_layer": "--layer {layer}: the network has {count} layers; pass 0 to {last}.",
    "too_many_pixels": "--dpi {dpi} would make this {width:.0f} x {height:.0f} inch "
    "figure {px_width:,.0f} x {px_height:,.0f} pixels; at most {millions:.0f} "
    "million pixels are drawn. Pass --dpi {most} or less.",
    "needs_data": "'{kind}' needs data: pass --dataset NAME (one of {names}).",
    "needs_run": "'{kind}' draws a recorded run (.ngrun); {source!r} is a model. "
    "Record one with `neuroglass train --record DIR`.",
    # -- brain -----------------------------------------------------------------------
    "unknown_preset": "unknown Izhikevich preset {text!r}; choose one of {names} "
    "(see 'neuroglass brain presets').",
    "current_syntax": "takes a number (constant) or AMPLITUDE:START:STOP (a step, "
    "times in ms), e.g. 10 or 10:20:180; got {text!r}.",
    "current_order": "the step {text!r} stops at {stop:g} ms, not after its start "
    "{start:g} ms; write AMPLITUDE:START:STOP with START < STOP.",
    "preset_not_izhikevich": "{preset!r}: presets are for izhikevich; {model} "
    "takes none.",
    "too_many_steps": "--duration {duration:g} ms at --dt {dt:g} ms is "
    "{steps:,.0f} steps{neurons}; the command line runs at most {high:,}. Shorten "
    "--duration or raise --dt.",
    "times_neurons": " x {n} neurons",
    "model_title": "{name} ({scheme} scheme)",
    "izhikevich_name": "Izhikevich {preset}",
    "run_header": "{title}, dt = {dt:g} ms, {duration:g} ms",
    "plot_title": "{title}, dt = {dt:g} ms",
    "input_current": "input current: {current}",
    "spikes_rate": "spikes: {count}, rate {rate:.2f} Hz",
    "closed_form": "closed form (continuous time): {rate:.2f} Hz",
    "first_spikes": "first spike times (ms): {times}{more}",
    "sweep_must_rise": "--from {low:g} --to {high:g}: the sweep must rise; give --to "
    "above --from.",
    "fi_header": "f-I curve of {title}, dt = {dt:g} ms, {duration:g} ms",
    "fi_current": "current ({unit})",
    "fi_rate": "rate (Hz)",
    "fi_closed": "closed form (Hz)",
    "fi_title": "f-I curve of {title} and ANN activations",
    "no_neurons": "--n-excitatory 0 --n-inhibitory 0: the network needs at least "
    "one neuron.",
    "sparse": "sparse",
    "dense": "dense",
    "network_header": "Izhikevich network: {ne} excitatory + {ni} inhibitory "
    "neurons, {kind} weights, seed {seed}, {duration} ms in {seconds:.2f} s",
    "network_spikes": "spikes: {count}, mean rate {rate:.2f} Hz",
    "excitatory": "excitatory",
    "inhibitory": "inhibitory",
    "group_rates": "  {group}: mean {mean:.2f} Hz, min {low:.2f}, max {high:.2f}",
    "presets_name": "name",
    "presets_pattern": "pattern",
    "presets_note": "Izhikevich 2003, Fig. 2; v and c in mV, I, u and d dimensionless.",
    "plot_suffix": "--plot {path!r}: the figure file must end in .png, .svg or .pdf.",
    "plot_folder": "--plot {path!r}: the folder {folder!r} does not exist (or the "
    "path is a folder); pass a file name in an existing folder.",
    "dimensionless": "dimensionless",
    "preset_RS": "regular spiking (excitatory cortex)",
    "preset_IB": "intrinsically bursting",
    "preset_CH": "chattering (fast rhythmic bursts)",
    "preset_FS": "fast spiking (inhibitory interneuron)",
    "preset_TC": "thalamo-cortical",
    "preset_RZ": "resonator",
    "preset_LTS": "low-threshold spiking",
    # -- runs show: labels and a run's status ----------------------------------------
    "label_run": "run",
    "label_status": "status",
    "label_network": "network",
    "label_framework": "framework",
    "label_optimizer": "optimizer",
    "label_training": "training",
    "label_dataset": "dataset",
    "label_epochs": "epochs",
    "label_final": "final",
    "column_loss": "loss",
    "column_accuracy": "accuracy",
    "status_running": "running",
    "status_finished": "finished",
    "status_interrupted": "interrupted",
    "status_diverged": "diverged",
    "status_stopped": "stopped",
    # -- a network's summary table (engine.summary's words) --------------------------
    "summary_head": "Network {sizes}   loss={loss}  dtype={dtype}",
    "summary_layer": "layer",
    "summary_activation": "activation",
    "summary_weights": "weights",
    "summary_bias": "bias",
    "summary_params": "params",
    "summary_total": "Total parameters: {count:,}",
    # -- the task a target is learned as (datasets.TaskChoice) -----------------------
    "task_regression": "regression: {reason}",
    "task_classification": "classification, {n} classes ({mapping}): {reason}",
    "task_labels": "labels {labels}",
    "task_labels_to": "labels {labels} -> classes {classes}",
    "reason_builtin_classification": "{name} is a classification data set",
    "reason_builtin_regression": "{name} is a regression data set",
    "reason_asked": "asked for (task {task})",
    "reason_fractional": "the target has fractional values (--task classify to "
    "override)",
    "reason_many": "the target has {k} distinct whole-number values in {n} rows, "
    "more than class labels would (classes need <= {high} distinct values and <= "
    "half the rows; --task classify to override)",
    "reason_classes": "the target holds {k} distinct whole numbers in {n} rows "
    "(<= {high} and <= half the rows; --task regress to override)",
}
