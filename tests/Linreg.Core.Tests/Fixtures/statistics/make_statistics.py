# Writes the statsmodels reference fixtures beside this script: for each case a <case>.csv (what linreg reads)
# and a <case>.json (what statsmodels 0.14.4 reports for it).
#
# Run from the repository root with the project's peer chroot (Python 3, numpy 2.2, statsmodels 0.14.4,
# scikit-learn 1.4 and their bundled data sets; nothing is downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/statistics/make_statistics.py'
# Re-running it rewrites the same bytes.
#
# CSV: header row, comma-delimited, every cell written with Python's repr of the float64 (shortest round-trip
# digits, invariant culture), the target column last. The script reads each CSV back and fits on the parsed
# values, so the references are for exactly the numbers in the file.
#
# JSON: see the layout in describe() below and the "description" field of each file. Term names are
# "(Intercept)" first (when there is one), then the feature columns in CSV order; aliased columns are omitted
# from the per-term maps. Numbers are JSON numbers with repr precision; a value statsmodels reports as
# non-finite is written as null and listed in "nonfinite" (path -> "Infinity"/"-Infinity"/"NaN").
#
# Rank-deficient cases: R's lm() reports a column that is (numerically) a combination of the columns before it
# as aliased (NA) and fits the others; statsmodels would use a pseudo-inverse instead. The reference for those
# cases is therefore statsmodels fitted on the design WITHOUT the aliased columns (which is R's fit), and the JSON
# lists them in "aliased". The aliased columns are found the way R's QR does it (a column whose residual after
# projection on the kept columns before it is below 1e-7 of its norm) and checked against what the case expects.
import json
import math
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
import statsmodels.formula.api as smf
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

HERE = os.path.dirname(os.path.abspath(__file__))
COV_TYPES = ["nonrobust", "HC0", "HC1", "HC2", "HC3"]
LEVEL = 0.95
LEVEL2 = 0.90
N_INFLUENCE = 10


# ---------------------------------------------------------------- CSV

def write_csv(df, path):
    """Header + rows, cells as repr(float64); '\n' line ends. Returns the frame parsed back from the file."""
    lines = [",".join(df.columns)]
    for row in df.itertuples(index=False):
        lines.append(",".join(repr(float(v)) for v in row))
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        rows = [[float(c) for c in line.rstrip("\n").split(",")] for line in f]
    back = pd.DataFrame(rows, columns=header)
    assert list(back.columns) == list(df.columns)
    assert np.array_equal(back.to_numpy(), df.to_numpy(dtype=float)), path
    return back


# ---------------------------------------------------------------- JSON

class Json:
    """Converts numpy scalars/arrays to plain Python; non-finite floats become null and are recorded."""

    def __init__(self):
        self.nonfinite = {}

    def num(self, v, path):
        v = float(v)
        if math.isfinite(v):
            return v
        self.nonfinite[path] = "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
        return None

    def conv(self, obj, path=""):
        if isinstance(obj, dict):
            return {k: self.conv(v, f"{path}.{k}" if path else k) for k, v in obj.items()}
        if isinstance(obj, (list, tuple, np.ndarray)):
            return [self.conv(v, f"{path}[{i}]") for i, v in enumerate(list(obj))]
        if isinstance(obj, (bool, np.bool_)):
            return bool(obj)
        if isinstance(obj, (int, np.integer)):
            return int(obj)
        if isinstance(obj, (float, np.floating)):
            return self.num(obj, path)
        return obj


def write_json(obj, path):
    j = Json()
    out = j.conv(obj)
    if j.nonfinite:
        out["nonfinite"] = j.nonfinite
    with open(path, "w", newline="\n") as f:
        f.write(json.dumps(out, indent=1, allow_nan=False) + "\n")


# ---------------------------------------------------------------- fitting

def r_aliased(X, names, tol=1e-7):
    """Columns R's lm() would alias: in order, a column whose residual after projection on the kept columns
    before it has norm < tol * its own norm (R's dqrdc2 uses the same relative test with tol = 1e-7)."""
    kept, aliased = [], []
    for j, name in enumerate(names):
        col = X[:, j]
        if kept:
            K = X[:, kept]
            coef, *_ = np.linalg.lstsq(K, col, rcond=None)
            resid = col - K @ coef
        else:
            resid = col
        if np.linalg.norm(resid) < tol * np.linalg.norm(col):
            aliased.append(name)
        else:
            kept.append(j)
    return aliased


def term_map(terms, values):
    values = np.asarray(values)
    assert len(terms) == len(values)
    return {t: float(v) for t, v in zip(terms, values)}


def fit(y, X, w, cov_type):
    model = sm.WLS(y, X, weights=w) if w is not None else sm.OLS(y, X)
    return model.fit(cov_type=cov_type)


def record(df, target, features, intercept, weights_col, expected_aliased, pred_rows, influence):
    """statsmodels' report for target ~ features (+ intercept) on df, in the fixture layout (without the
    description/csv fields)."""
    y = df[target].to_numpy(dtype=float)
    F = df[features].to_numpy(dtype=float)
    w = df[weights_col].to_numpy(dtype=float) if weights_col else None
    n = len(df)
    cols = ([np.ones(n)] if intercept else []) + [F[:, j] for j in range(len(features))]
    names = (["(Intercept)"] if intercept else []) + list(features)
    Xfull = np.column_stack(cols)
    Xr = Xfull if w is None else Xfull * np.sqrt(w)[:, None]  # R's QR runs on the weighted design
    aliased = r_aliased(Xr, names)
    assert aliased == expected_aliased, (aliased, expected_aliased)
    keep = [i for i, nm in enumerate(names) if nm not in aliased]
    terms = [names[i] for i in keep]
    X = Xfull[:, keep]

    res = {ct: fit(y, X, w, ct) for ct in COV_TYPES}
    r0 = res["nonrobust"]
    assert r0.model.k_constant == (1 if intercept else 0)
    assert r0.model.rank == len(terms)

    out = {
        "nobs": r0.nobs, "df_resid": r0.df_resid, "df_model": r0.df_model, "rank": int(r0.model.rank),
        "ssr": r0.ssr, "scale": r0.scale, "rsquared": r0.rsquared, "rsquared_adj": r0.rsquared_adj,
        "fvalue": r0.fvalue, "f_pvalue": r0.f_pvalue, "llf": r0.llf, "aic": r0.aic, "bic": r0.bic,
        "condition_number": r0.condition_number,
        "level": LEVEL,
        "covariances": {},
    }
    for ct in COV_TYPES:
        r = res[ct]
        ci = np.asarray(r.conf_int(alpha=1 - LEVEL))
        c = {
            "params": term_map(terms, r.params), "bse": term_map(terms, r.bse),
            "tvalues": term_map(terms, r.tvalues), "pvalues": term_map(terms, r.pvalues),
            "ci_lower": term_map(terms, ci[:, 0]), "ci_upper": term_map(terms, ci[:, 1]),
        }
        if ct == "nonrobust":
            ci2 = np.asarray(r.conf_int(alpha=1 - LEVEL2))
            c["ci90_lower"] = term_map(terms, ci2[:, 0])
            c["ci90_upper"] = term_map(terms, ci2[:, 1])
        c["fvalue"] = r.fvalue
        c["f_pvalue"] = r.f_pvalue
        c["use_t"] = bool(r.use_t)
        out["covariances"][ct] = c

    # predictions: rows of feature values (aliased columns included, consistent with the dependency)
    P = np.array([[float(v) for v in row] for row in pred_rows["rows"]])
    Pfull = np.column_stack(([np.ones(len(P))] if intercept else []) + [P[:, j] for j in range(len(features))])
    Pk = Pfull[:, keep]
    pred = {"rows": P.tolist(), "row_sources": pred_rows["sources"]}
    for ct in ["nonrobust", "HC3"]:
        sf = res[ct].get_prediction(Pk).summary_frame(alpha=1 - LEVEL)
        pred[ct] = {k: sf[k].to_numpy().tolist()
                    for k in ["mean", "mean_se", "mean_ci_lower", "mean_ci_upper", "obs_ci_lower", "obs_ci_upper"]}
    out["predictions"] = pred

    if influence == "ols":
        inf = r0.get_influence()
        rows = list(range(N_INFLUENCE))
        out["influence"] = {
            "rows": rows,
            "hat_diag": inf.hat_matrix_diag[rows].tolist(),
            "cooks_distance": inf.cooks_distance[0][rows].tolist(),
            "resid_studentized_internal": inf.resid_studentized_internal[rows].tolist(),
        }
    elif influence == "glm":
        # WLS results have no get_influence(); statsmodels' weighted influence is GLM's (Gaussian, var_weights),
        # whose fit and scale equal WLS's. Checked against the textbook formulas.
        g = sm.GLM(y, X, family=sm.families.Gaussian(), var_weights=w).fit()
        assert np.allclose(g.params, r0.params, rtol=1e-12, atol=0) and np.isclose(g.scale, r0.scale, rtol=1e-12)
        inf = g.get_influence()
        h = w * np.einsum("ij,jk,ik->i", X, np.linalg.inv(X.T @ (w[:, None] * X)), X)
        rs = np.sqrt(w) * r0.resid / np.sqrt(r0.scale * (1 - h))
        assert np.allclose(inf.hat_matrix_diag, h, rtol=1e-10)
        assert np.allclose(inf.resid_studentized, rs, rtol=1e-10)
        rows = list(range(N_INFLUENCE))
        out["influence"] = {
            "rows": rows,
            "hat_diag": inf.hat_matrix_diag[rows].tolist(),
            "cooks_distance": inf.cooks_distance[0][rows].tolist(),
            "resid_studentized_internal": inf.resid_studentized[rows].tolist(),
            "source": "statsmodels GLM(Gaussian, var_weights=w).get_influence(); WLS results have no get_influence()",
        }
    else:
        out["influence"] = None
    return terms, aliased, out


def pred_rows_for(df, features):
    """Rows 0, 1, n//2, n-1 of the data plus the extrapolation 2*row0 - row(n-1) (keeps exact linear
    dependencies and constant columns)."""
    n = len(df)
    F = df[features].to_numpy(dtype=float)
    idx = [0, 1, n // 2, n - 1]
    rows = [F[i] for i in idx] + [2 * F[0] - F[n - 1]]
    return {"rows": [r.tolist() for r in rows],
            "sources": [f"row {i}" for i in idx] + [f"2*row 0 - row {n - 1}"]}


def make_case(name, df, target, features, description, intercept=True, weights_col=None, expected_aliased=()):
    cols = list(features) + ([weights_col] if weights_col else []) + [target]
    df = df[cols].reset_index(drop=True)
    back = write_csv(df, os.path.join(HERE, name + ".csv"))
    pred_rows = pred_rows_for(back, features)
    influence = "ols" if weights_col is None else None
    terms, aliased, stats = record(back, target, list(features), intercept, weights_col, list(expected_aliased),
                                   pred_rows, influence)
    doc = {
        "description": description,
        "generator": f"make_statistics.py; statsmodels {statsmodels.__version__}, numpy {np.__version__}",
        "csv": name + ".csv", "target": target, "features": list(features),
        "intercept": intercept, "weights": weights_col, "aliased": aliased, "terms": terms,
    }
    doc.update(stats)
    if weights_col:
        # The formula interface (patsy) fits the same WLS: checked here, so the fixture stands for both.
        formula = f"{target} ~ {' + '.join(features)}" + ("" if intercept else " - 1")
        wf = smf.wls(formula, data=back, weights=back[weights_col]).fit()
        wa = stats["covariances"]["nonrobust"]
        for t in terms:
            assert math.isclose(wf.params[t if t != "(Intercept)" else "Intercept"], wa["params"][t], rel_tol=1e-12), t
            assert math.isclose(wf.bse[t if t != "(Intercept)" else "Intercept"], wa["bse"][t], rel_tol=1e-12), t
        # Training metrics of the WLS fit on every row, as scikit-learn's sample_weight weighs them.
        X = np.column_stack(([np.ones(len(back))] if intercept else []) + [back[f].to_numpy(dtype=float) for f in features])
        coef = np.array([wa["params"][t] for t in terms])
        pred = X[:, [i for i, nm in enumerate((["(Intercept)"] if intercept else []) + list(features)) if nm in terms]] @ coef
        y = back[target].to_numpy(dtype=float)
        sw = back[weights_col].to_numpy(dtype=float)
        doc["weighted_metrics"] = {
            "description": "sklearn.metrics with sample_weight=w of the WLS fit's predictions on every row",
            "mse": mean_squared_error(y, pred, sample_weight=sw),
            "mae": mean_absolute_error(y, pred, sample_weight=sw),
            "r2": r2_score(y, pred, sample_weight=sw),
            "rows": len(back),
        }
        keep = back[weights_col] > 0
        _, _, sub = record(back[keep].reset_index(drop=True), target, list(features), intercept, weights_col,
                           list(expected_aliased), pred_rows, "glm")
        doc["zero_weight_rows_dropped"] = {
            "description": "statsmodels WLS on only the rows with w > 0 (rows " +
                           ", ".join(str(i) for i in np.flatnonzero(~keep.to_numpy())) +
                           " dropped). This is R's lm(weights = w) convention: zero-weight cases do not count in "
                           "nobs/df_resid, and the log-likelihood is finite. Parameters are the same as above.",
            **sub,
        }
    write_json(doc, os.path.join(HERE, name + ".json"))
    print(f"{name}: n={len(df)} terms={len(terms)} aliased={aliased} cond={stats['condition_number']:.3g}")


# ---------------------------------------------------------------- cases

def main():
    longley = sm.datasets.longley.load_pandas().data
    lf = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
    make_case("longley", longley, "TOTEMP", lf,
              "statsmodels.datasets.longley (NIST StRD Longley data), OLS TOTEMP ~ 1 + all six others. "
              "Famously ill-conditioned; statsmodels' pinv parameters agree with NIST's certified values to only about 12 "
              "significant digits (intercept -3482258.63459789 vs certified -3482258.63459582), so compare with a "
              "tolerance or use ../accuracy/longley.json for the exact solution.")

    dia = load_diabetes(scaled=False, as_frame=True).frame.rename(columns={"target": "y"})
    df_ = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    make_case("diabetes", dia, "y", df_,
              "sklearn.datasets.load_diabetes(scaled=False) (442 x 10, unscaled), target renamed y; OLS y ~ 1 + all.")

    one = dia[dia["sex"] == 1.0]
    make_case("diabetes_one_sex", one, "y", df_,
              "load_diabetes(scaled=False) restricted to sex == 1 (235 rows), so sex is a constant column: rank "
              "deficient with the intercept. As in R's lm, the intercept comes first and sex is aliased; the "
              "reference is statsmodels OLS y ~ 1 + the other nine columns.",
              expected_aliased=["sex"])

    stack = sm.datasets.stackloss.load_pandas().data
    sf = ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
    dep = stack.copy()
    dep["AirWater"] = dep["AIRFLOW"] + dep["WATERTEMP"]  # integers: the float sum is the exact decimal sum
    make_case("stackloss_dependent", dep, "STACKLOSS", ["AIRFLOW", "WATERTEMP", "AirWater", "ACIDCONC"],
              "statsmodels.datasets.stackloss plus AirWater = AIRFLOW + WATERTEMP (exact), placed after the "
              "columns it depends on and before ACIDCONC. R's lm aliases AirWater; the reference is statsmodels OLS "
              "STACKLOSS ~ 1 + AIRFLOW + WATERTEMP + ACIDCONC.",
              expected_aliased=["AirWater"])

    make_case("stackloss_nointercept", stack, "STACKLOSS", sf,
              "statsmodels.datasets.stackloss, OLS STACKLOSS ~ 0 + AIRFLOW + WATERTEMP + ACIDCONC (no intercept): "
              "rsquared is the uncentred one and df_model = 3, as in R's lm(y ~ 0 + ...).",
              intercept=False)

    fair = sm.datasets.fair.load_pandas().data
    ff = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation", "occupation_husb"]
    make_case("fair", fair, "affairs", ff,
              "statsmodels.datasets.fair (6366 rows), OLS affairs ~ 1 + the eight numeric columns.")

    wst = stack.copy()
    n = len(wst)
    w = np.array([0.5 + ((7 * i) % 5) * 0.25 for i in range(n)])  # 0.5 .. 1.5, exact in binary
    w[[12, 17]] = 0.0
    wst["w"] = w
    make_case("stackloss_weighted", wst, "STACKLOSS", sf,
              "statsmodels.datasets.stackloss with weight column w = 0.5 + ((7*i) mod 5)*0.25 for row i (0-based), "
              "except w = 0 on rows 12 and 17; statsmodels WLS STACKLOSS ~ 1 + AIRFLOW + WATERTEMP + ACIDCONC, "
              "weights w, on all 21 rows as statsmodels does it: the zero-weight rows count in nobs and df_resid "
              "(R's lm drops them), and llf/aic/bic are non-finite (llf adds 0.5*sum(log w)). Predictions are for "
              "new observations of weight 1. statsmodels has no influence measures for WLS results, so "
              "\"influence\" is null here; see \"zero_weight_rows_dropped\" for the R-convention record, which has "
              "them.",
              weights_col="w")


    dw = dia.copy()
    # Inverse-variance-like weights: the spread of y taken to grow with blood pressure, w = (100 / bp)^2; three rows
    # weigh 0, which statsmodels still counts in nobs and df_resid.
    w = (100.0 / dw["bp"].to_numpy(dtype=float)) ** 2
    w[[3, 100, 250]] = 0.0
    dw["w"] = w
    make_case("diabetes_weighted", dw, "y", df_,
              "load_diabetes(scaled=False) with weight column w = (100/bp)^2, except w = 0 on rows 3, 100 and 250 "
              "(0-based); statsmodels WLS y ~ 1 + all ten, weights w (the same as smf.wls(formula, data, weights=w), "
              "checked by the script). Zero-weight rows count in nobs and df_resid as statsmodels counts them, so "
              "llf/aic/bic are non-finite. weighted_metrics: sklearn.metrics with sample_weight.",
              weights_col="w")

    fw = fair.copy()
    # Weights from a column of the table itself: each respondent weighed by years married (0.5 .. 23).
    fw["w"] = fw["yrs_married"].to_numpy(dtype=float)
    make_case("fair_weighted", fw, "affairs", ["rate_marriage", "age", "children", "religious", "educ", "occupation"],
              "statsmodels.datasets.fair (6366 rows) with w = yrs_married; statsmodels WLS affairs ~ 1 + rate_marriage "
              "+ age + children + religious + educ + occupation, weights w (checked equal to smf.wls). All weights "
              "positive, so llf/aic/bic are finite.",
              weights_col="w")


if __name__ == "__main__":
    main()
