# Validates the ONNX files linreg exported (export_models.sh) with the peer's onnx checker and runs them with the
# peer's ONNX Runtime, writing what it predicts to <name>.expected.json beside this script; OnnxExportTests
# compares linreg's own export and ONNX Runtime for .NET with these. Each file's outputs are also compared here
# with an independent reference, the fit statsmodels makes on the same rows (ols, ols-no-constant) or the
# PyTorch nn.Linear the model was imported from (torch), in float64: they must agree to 1e-6 relative. The models of
# designs.tsv (categories, formulas) take one input per column, text as strings, and are compared with statsmodels'
# ols(formula, data).fit().predict(data) on the same rows: in float64 to 1e-6 relative; in float32 to 1e-6 of each
# row's sum of |coefficient * design column| (the bias included), which is what float32's rounding is relative to
# when the terms cancel (a small firm's investment of 2 from a value of 3000 times a coefficient of 0.1). That
# sum is written as "scale" for OnnxExportTests.
#
# Run from the repository root with the project's peer chroot (python3-onnxruntime 1.21, onnx, statsmodels 0.14,
# PyTorch; nothing is downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Cli.Tests/Fixtures/onnx/make_onnx.py data'
#     bash tests/Linreg.Cli.Tests/Fixtures/onnx/export_models.sh
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Cli.Tests/Fixtures/onnx/make_onnx.py'
# 'data' writes the two CSVs of models.tsv that are not examples (a study table with an aliased column, and rows
# for the imported nn.Linear). Re-running either step rewrites the same bytes. Debian's onnxruntime registers ONNX's
# operator schemas a second time as it loads, printing "Schema error: Trying to register schema ..." lines on
# stderr: they are harmless, and the checks below still run.
import json
import os
import sys

import numpy as np
import onnx
import onnx.checker
import onnxruntime
import pandas as pd
import statsmodels
import statsmodels.api as sm
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
TOLERANCE = 1e-6


def write_data():
    study = pd.read_csv(os.path.join(ROOT, "examples", "study.csv"))
    # A column that is the sum of two before it: R's lm() and linreg find it aliased and give it weight 0.
    study.insert(3, "hours_total", (study["hours_studied"] + study["hours_slept"]).round(1))
    study.to_csv(os.path.join(HERE, "study-aliased.csv"), index=False, lineterminator="\n")
    rng = np.random.default_rng(12)
    rows = pd.DataFrame({"a": rng.uniform(1, 10, 25).round(2), "b": rng.uniform(-10, -1, 25).round(2)})
    rows.to_csv(os.path.join(HERE, "linear2-rows.csv"), index=False, lineterminator="\n")


def cases():
    with open(os.path.join(HERE, "models.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                yield line.rstrip("\n").split("\t")


def reference(kind, table, features, target):
    """The model's predictions by a peer in float64, or None where none is independent of linreg (gradient descent)."""
    x = table[features].to_numpy(dtype=np.float64)
    if kind in ("ols", "ols-no-constant"):
        design = sm.add_constant(x, has_constant="add") if kind == "ols" else x
        fit = sm.OLS(table[target].to_numpy(dtype=np.float64), design).fit()
        return fit.predict(design), f"statsmodels {statsmodels.__version__} OLS" + (" without a constant" if kind != "ols" else "")
    if kind == "torch":
        import torch
        linear = torch.nn.Linear(len(features), 1).double()
        state = torch.load(os.path.join(ROOT, "tests", "Linreg.Core.Tests", "Fixtures", "linear2.pt"), weights_only=True)
        linear.load_state_dict({k: v.double() for k, v in state.items()})
        with torch.no_grad():
            return linear(torch.from_numpy(x)).numpy().ravel(), f"PyTorch {torch.__version__} nn.Linear from linear2.pt, float64"
    return None, None


def check(name, data, kind):
    path = os.path.join(HERE, name + ".onnx")
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    features, target = json.loads(meta["features"]), meta["target"]
    graph = model.graph
    assert [i.name for i in graph.input] == ["input"] and [o.name for o in graph.output] == ["output"], name
    assert model.producer_name == "linreg", model.producer_name

    table = pd.read_csv(os.path.join(ROOT, data))
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    # float32 unless the file was exported with --dtype float64 (ONNX's element type 11, double).
    dtype = np.float64 if graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.DOUBLE else np.float32
    x = table[features].to_numpy(dtype=dtype)
    (outputs,) = session.run(None, {"input": x})
    assert outputs.shape == (len(table), 1) and outputs.dtype == dtype, (outputs.shape, outputs.dtype)
    outputs = outputs.ravel().astype(np.float64)

    expected, source = reference(kind, table, features, target)
    worst = None
    if expected is not None:
        worst = float(np.max(np.abs(outputs - expected) / np.abs(expected)))
        assert worst <= TOLERANCE, f"{name}: ONNX Runtime differs from {source} by {worst:.3g} relative"
    document = {
        "description": f"ONNX Runtime {onnxruntime.__version__} (onnx {onnx.__version__}) run on {name}.onnx with the rows of {data} as {np.dtype(dtype).name}; "
        + (f"its outputs differ from {source} by at most {worst:.3g} relative" if worst is not None else "no independent reference (gradient descent)"),
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__,
        "opset": [o.version for o in model.opset_import],
        "ir_version": model.ir_version,
        "features": features,
        "outputs": [float(v) for v in outputs],
        "reference": None if expected is None else [float(v) for v in expected],
        "reference_from": source,
        "max_relative_difference": worst,
    }
    with open(os.path.join(HERE, name + ".expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"{name}: checked, {len(outputs)} outputs; " + (f"max relative difference from {source}: {worst:.3g}" if worst is not None else "no reference"))


def design_cases():
    with open(os.path.join(HERE, "designs.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                yield line.rstrip("\n").split("\t")


def check_design(name, data, formula):
    path = os.path.join(HERE, name + ".onnx")
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    inputs, levels = json.loads(meta["inputs"]), json.loads(meta["levels"])
    assert [i.name for i in model.graph.input] == inputs and [o.name for o in model.graph.output] == ["output"], name

    table = pd.read_csv(os.path.join(ROOT, data))
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    dtype = np.float64 if model.graph.output[0].type.tensor_type.elem_type == onnx.TensorProto.DOUBLE else np.float32
    # A categorical column is fed as the text of its cells (pandas' str of an int column is its digits).
    feeds = {c: table[[c]].astype(str).to_numpy() if c in levels else table[[c]].to_numpy(dtype=dtype) for c in inputs}
    for c in levels:
        assert set(feeds[c].ravel()) <= set(levels[c]), (name, c)
    (outputs,) = session.run(None, feeds)
    assert outputs.shape == (len(table), 1) and outputs.dtype == dtype, (outputs.shape, outputs.dtype)
    outputs = outputs.ravel().astype(np.float64)

    # A level the model never saw is an error (OneHotEncoder with zeros=0), as it is for linreg predict.
    if levels:
        column = next(iter(levels))
        unseen = dict(feeds)
        unseen[column] = feeds[column].copy()
        unseen[column][0, 0] = "no such level"
        try:
            session.run(None, unseen)
            raise AssertionError(f"{name}: an unseen level of {column} was accepted")
        except onnxruntime.capi.onnxruntime_pybind11_state.Fail as e:
            assert "Unknown Category" in str(e), e

    fit = smf.ols(formula, data=table).fit()
    expected = np.asarray(fit.predict(table), dtype=np.float64)
    scale = np.abs(np.asarray(fit.model.exog)) @ np.abs(np.asarray(fit.params))
    source = f"statsmodels {statsmodels.__version__} ols('{formula}')"
    worst = float(np.max(np.abs(outputs - expected) / np.abs(expected)))
    worst_of_terms = float(np.max(np.abs(outputs - expected) / scale))
    measured = worst if dtype == np.float64 else worst_of_terms
    assert measured <= TOLERANCE, f"{name}: ONNX Runtime differs from {source} by {measured:.3g} relative"
    document = {
        "description": f"ONNX Runtime {onnxruntime.__version__} (onnx {onnx.__version__}) run on {name}.onnx with the columns of {data} ({np.dtype(dtype).name}, categories as text); "
        + f"its outputs differ from {source} by at most {worst:.3g} relative, {worst_of_terms:.3g} of the sum of the terms' magnitudes",
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__,
        "opset": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "ir_version": model.ir_version,
        "inputs": inputs,
        "features": json.loads(meta["features"]),
        "outputs": [float(v) for v in outputs],
        "reference": [float(v) for v in expected],
        "reference_from": source,
        "scale": [float(v) for v in scale],
        "max_relative_difference": worst,
        "max_difference_relative_to_terms": worst_of_terms,
    }
    with open(os.path.join(HERE, name + ".expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"{name}: checked, {len(outputs)} outputs; max difference from {source}: {worst:.3g} relative, {worst_of_terms:.3g} of the terms")


if __name__ == "__main__":
    if sys.argv[1:] == ["data"]:
        write_data()
    else:
        for name, data, _, kind, *_ in cases():
            check(name, data, kind)
        for name, data, _, _, formula, *_ in design_cases():
            check_design(name, data, formula)
