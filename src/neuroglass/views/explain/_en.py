"""The words of the worked examples in English (see :mod:`._words`).

Every ``{field}`` is filled by the same code in every language: numbers are
formatted before they arrive here, and formulas (``{z}``, ``{lr}``...) are
:class:`~._words.Math` pieces, written as math in LaTeX.
"""

WORDS = {
    # titles and section headings
    "title_forward": "Forward pass of one sample through the {sizes} network",
    "title_backward": (
        "Backward pass of one sample through the {sizes} network, and one SGD step "
        "with {lr}"
    ),
    "input": "Input",
    "output": "Output",
    "layer": "Layer {i}: {name}, {n_in} -> {n_out}, {act}",
    "forward_brief": "Forward pass (in brief; explain.forward shows every step)",
    "loss": "Loss ({name})",
    "output_delta": "Layer {i} (output): {delta}",
    "hidden_delta": "Layer {i}: {delta}",
    "gradients": "Layer {i}: gradients {dw}, {db}",
    "sgd_step": "One SGD step, {lr}",
    "after": "After the step",
    # the forward pass
    "intro": (
        "Each layer computes {z} (a weighted sum per unit), then {a}; {a0} is the "
        "input x. Units and inputs are numbered from 1."
    ),
    "batch": (
        "x holds {n} samples; this explains sample {s} (row {s}) alone. Training on "
        "the whole batch averages every sample's gradients dW and db over the {n} "
        "samples, because the loss is the mean over the batch."
    ),
    "weighted_sum": (
        "{z}: each unit multiplies every input by its weight, adds them up and adds "
        "its bias. Written out for unit 1:"
    ),
    "activation": "{a} with {f}: {formula}",
    "unit": "unit {k}: ",
    "more_terms": "({n} more terms, together {value})",
    "more_terms_short": "{n} more terms",
    "prediction_class": (
        "Prediction: class {c} (the largest output, unit {u}), with probability {p}."
    ),
    "p_class_1": "p(class 1)",
    "prediction_binary": "Prediction: {p}, so class {c} (threshold 0.5).",
    "prediction_labels": "Prediction: labels {labels} (each output > 0.5).",
    "prediction_output": "Output (the prediction): {v}.",
    # the loss
    "one_hot": "y = class {c}, one-hot",
    "regularized": (
        "The network is regularized ({l1}, {l2}): the loss it minimises adds "
        "{penalty} over all weights (not the biases)."
    ),
    # backpropagation
    "shortcut": "Shortcut (fused loss): ",
    "why_bce": (
        "With a sigmoid output and bce, {grad} and {slope} cancel, so {delta}. This "
        "is why bce is computed from z: the gradient never divides by {a1a}, which "
        "is 0 when the sigmoid saturates."
    ),
    "why_cross_entropy": (
        "With a softmax output and cross-entropy, {grad} and the softmax Jacobian "
        "{jacobian} multiply out to {delta}: the predicted probabilities minus the "
        "one-hot target."
    ),
    "general_rule": "General rule: {rule}. ",
    "one_squared_error": "For one squared error, {grad}.",
    "mean_squared_error": "For the mean of {k} squared errors, {grad}.",
    "softmax_couples": (
        "softmax couples its units (each a_j depends on every z_k), so {delta} with "
        "{g}."
    ),
    "blame": (
        "Unit j of layer {i} feeds every unit of layer {up} through the weights in "
        "row j of {w}, so its share of the blame is {grad}; the activation then "
        "scales it by {slope} ({act})."
    ),
    "gradient_rule": (
        "{dw}: weight {w} carries input j to unit k, so its gradient is {product}; "
        "and {db}."
    ),
    "for_example": "e.g. ",
    # the step
    "sgd": (
        "Every parameter moves a little against its gradient: {w} and {b}. "
        "(Momentum or Adam would scale the step differently; this is plain SGD.)"
    ),
    "a_few_weights": "Layer {i}, a few of its weights:",
    "largest": "   (largest |dW|)",
    "loss_on_sample": "L on this sample: ",
    "not_finite": (
        "The loss is no longer a finite number: {lr} is far too large a step (the "
        "numbers overflow). Try a much smaller lr."
    ),
    "went_up": (
        "The loss went up: {lr} is too large a step for this sample (the update "
        "overshoots). Try a smaller lr."
    ),
    "went_down": "The loss went down: the step moved the weights downhill.",
    "unchanged": "The loss did not change ({lr}, or all gradients are 0).",
    # activations whose formula has words in it (the engine's text in English)
    "formula_leaky_relu": "a = z if z > 0 else 0.01 z",
    "formula_elu": "a = z if z > 0 else exp(z) - 1",
    # f'(z) in words, with the layer's own symbols
    "slope_relu": "1 where {z} > 0, else 0",
    "slope_leaky_relu": "1 where {z} > 0, else 0.01",
    "slope_elu": "1 where {z} > 0, else {a} + 1",
    "slope_gelu": "the slope of gelu at {z}",
    "slope_swish": "s + {a} * (1 - s) with s = sigmoid({z})",
    "otherwise": "otherwise",
    # arrays
    "stats": "min {min}, mean {mean}, max {max}, std {std}",
    "vector_summary": " ({n} values: {stats})",
    "matrix_summary": "{rows} x {cols} matrix ({stats}); top-left:",
    "matrix_summary_markdown": "{rows} × {cols} matrix ({stats}); top-left corner:",
    "matrix_summary_latex": " ({rows} x {cols}: {stats})",
    "matrix_shape": " ({rows} × {cols}; rows: inputs, columns: units) =",
    "row": "row",
    "column": "column",
    "input_label": "input",
    "unit_label": "unit",
}
