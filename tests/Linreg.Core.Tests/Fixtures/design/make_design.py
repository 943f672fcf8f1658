# Writes the statsmodels/patsy reference fixtures for formulas and categorical columns beside this script: for each
# case a CSV (what linreg reads) and one design.json with what statsmodels 0.14 `ols(formula, data).fit()` reports.
#
# Run from the repository root with the project's peer chroot (statsmodels 0.14, patsy, pandas, scikit-learn and
# their bundled data sets; nothing is downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/design/make_design.py'
# Re-running it rewrites the same bytes.
#
# Each CSV is read back with pandas (float_precision="round_trip") and fitted from what was read, so the references
# are for exactly the cells in the file, with the column types pandas gives them (text columns are categorical in
# patsy as they are in linreg). Rows with a missing cell are dropped by patsy's default NA action, as linreg drops
# them under --missing drop.
#
# design.json: {"cases": [{"name", "csv", "formula" (linreg's --formula, or null), "args" (the other linreg
# options), "statsmodelsFormula", "names" (patsy's column names without Intercept, in order), "intercept",
# "params", "bse" (estimates and standard errors by name, Intercept as "(Intercept)"), "nobs", "rsquared"}],
# "predict": {"case", "csv", "predictions"}: new rows and statsmodels' predict() of the first case's fit on them.
import csv
import io
import json
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from sklearn.datasets import load_diabetes

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "..", "..", "examples")


def cell(v):
    if isinstance(v, str):
        return v
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(float(v))


def write_csv(df, path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(df.columns)
    for row in df.itertuples(index=False):
        writer.writerow([cell(v) for v in row])
    with open(path, "w", newline="\n") as f:
        f.write(buffer.getvalue())
    return pd.read_csv(path, float_precision="round_trip")


def grunfeld():
    d = sm.datasets.grunfeld.load_pandas().data
    d = d[["invest", "value", "capital", "firm", "year"]].copy()
    d["year"] = d["year"].astype(int)
    return d


def fit(name, df, formula, linreg_formula, args, statsmodels_formula=None, weights=None):
    sm_formula = statsmodels_formula or formula
    model = smf.ols(sm_formula, data=df).fit() if weights is None else smf.wls(sm_formula, data=df, weights=df[weights]).fit()
    names = list(model.params.index)
    intercept = "Intercept" in names
    key = lambda n: "(Intercept)" if n == "Intercept" else n
    return {
        "name": name,
        "csv": name + ".csv",
        "formula": linreg_formula,
        "args": args,
        "statsmodelsFormula": statsmodels_formula or formula,
        "names": [n for n in names if n != "Intercept"],
        "intercept": intercept,
        "params": {key(n): float(v) for n, v in model.params.items()},
        "bse": {key(n): float(v) for n, v in model.bse.items()},
        "nobs": int(model.nobs),
        "rsquared": float(model.rsquared),
    }, model


def main():
    cases = []
    g = write_csv(grunfeld(), os.path.join(HERE, "grunfeld.csv"))
    write_csv(grunfeld(), os.path.join(EXAMPLES, "grunfeld.csv"))
    f = "invest ~ value + capital + C(firm)"
    case, first = fit("grunfeld", g, f, f, ["--solver", "lstsq"])
    cases.append(case)
    # The text column without a formula: the plain choice of columns, patsy's 'invest ~ value + capital + firm'.
    case, _ = fit("grunfeld", g, "invest ~ value + capital + firm", None, ["--solver", "lstsq", "--target", "invest", "--features", "value,capital,firm"])
    case["name"] = "grunfeld_auto"
    cases.append(case)
    f = "invest ~ value*capital + I(value**2) + np.log(capital) + C(firm):value"
    case, _ = fit("grunfeld", g, f, f, ["--solver", "lstsq"])
    case["name"] = "grunfeld_terms"
    cases.append(case)
    f = "invest ~ 0 + C(firm) + value + capital"
    case, _ = fit("grunfeld", g, f, f, ["--solver", "lstsq"])
    case["name"] = "grunfeld_no_intercept"
    cases.append(case)
    # Years as categories: numbers that are codes (--categorical year is C(year)).
    case, _ = fit("grunfeld", g, "invest ~ value + capital + C(year)", None, ["--solver", "lstsq", "--target", "invest", "--features", "value,capital,year", "--categorical", "year"])
    case["name"] = "grunfeld_years"
    case["names"] = [n.replace("C(year)", "year") for n in case["names"]]
    case["params"] = {k.replace("C(year)", "year"): v for k, v in case["params"].items()}
    case["bse"] = {k.replace("C(year)", "year"): v for k, v in case["bse"].items()}
    cases.append(case)

    # Missing cells: every 7th row loses its value, every 11th its firm; patsy drops those rows.
    holes = grunfeld()
    holes["value"] = holes["value"].astype(object)
    for i in range(0, len(holes), 7):
        holes.iat[i, 1] = None
    for i in range(3, len(holes), 11):
        holes.iat[i, 3] = None
    h = write_csv(holes, os.path.join(HERE, "grunfeld_missing.csv"))
    f = "invest ~ value + capital + C(firm)"
    case, _ = fit("grunfeld_missing", h, f, f, ["--solver", "lstsq", "--missing", "drop"])
    cases.append(case)

    # Weights with a formula: statsmodels' wls(formula, data, weights=1/capital); the weight column is in the CSV
    # (linreg's --weights w), and the formula leaves it out.
    weighted = grunfeld()
    weighted["w"] = 1.0 / weighted["capital"]
    wg = write_csv(weighted, os.path.join(HERE, "grunfeld_weighted.csv"))
    f = "invest ~ value + capital + C(firm)"
    case, _ = fit("grunfeld_weighted", wg, f, f, ["--solver", "lstsq", "--weights", "w"], weights="w")
    cases.append(case)

    fair = sm.datasets.fair.load_pandas().data
    fair = fair[["rate_marriage", "age", "yrs_married", "children", "religious", "occupation", "affairs"]].copy()
    for c in ["rate_marriage", "religious", "occupation"]:
        fair[c] = fair[c].astype(int)
    fr = write_csv(fair, os.path.join(HERE, "fair.csv"))
    f = "affairs ~ C(religious)*C(rate_marriage) + age + np.sqrt(yrs_married) + C(occupation):children"
    case, _ = fit("fair", fr, f, f, ["--solver", "lstsq"])
    cases.append(case)

    data = load_diabetes(scaled=False)
    db = pd.DataFrame(data.data, columns=data.feature_names)
    db["sex"] = db["sex"].astype(int)
    db["y"] = data.target
    dr = write_csv(db, os.path.join(HERE, "diabetes.csv"))
    f = "np.log(y) ~ . - s4 + I(bmi**2) + bmi:bp"
    expanded = "np.log(y) ~ age + C(sex) + bmi + bp + s1 + s2 + s3 + s5 + s6 + I(bmi**2) + bmi:bp"
    case, _ = fit("diabetes", dr, expanded, f, ["--solver", "lstsq", "--categorical", "sex"], statsmodels_formula=expanded)
    case["names"] = [n.replace("C(sex)", "sex") for n in case["names"]]
    case["params"] = {k.replace("C(sex)", "sex"): v for k, v in case["params"].items()}
    case["bse"] = {k.replace("C(sex)", "sex"): v for k, v in case["bse"].items()}
    cases.append(case)

    # New rows for the first case's model: every firm, values off the training rows.
    new = grunfeld().iloc[::20].copy()
    new["value"] = new["value"] * 1.1 + 3
    new["capital"] = new["capital"] * 0.9 + 1
    nr = write_csv(new, os.path.join(HERE, "grunfeld_new.csv"))
    predictions = [float(v) for v in first.predict(nr)]

    with open(os.path.join(HERE, "design.json"), "w", newline="\n") as out:
        json.dump({"cases": cases, "predict": {"case": "grunfeld", "csv": "grunfeld_new.csv", "predictions": predictions}}, out, indent=1)
        out.write("\n")


main()
