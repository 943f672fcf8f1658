# Writes weighted_penalties.json beside this script: scikit-learn's Ridge, Lasso and ElasticNet with sample_weight
# on the weighted diabetes table (../statistics/diabetes_weighted.csv, w = (100/bp)^2 with three rows of weight 0),
# the reference for 'linreg train --solver lstsq --weights w --penalty ...'.
#
# Run from the repository root with the project's peer chroot (scikit-learn 1.4, numpy; nothing is downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/weights/make_weighted_penalties.py'
#
# scikit-learn's objectives with sample_weight s: Ridge minimises sum s r^2 + alpha |w|^2; Lasso and ElasticNet
# rescale s to sum to n_samples, so they minimise 1/(2 sum s) sum s r^2 + alpha (l1_ratio |w|_1 + (1 - l1_ratio)/2 |w|^2).
# The intercept is fitted (centred on the weighted means) and never penalised. Coordinate descent runs to tol 1e-14.
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, Ridge

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "..", "statistics", "diabetes_weighted.csv")


def main():
    df = pd.read_csv(CSV, dtype=float)
    features = [c for c in df.columns if c not in ("w", "y")]
    X = df[features].to_numpy()
    y = df["y"].to_numpy()
    s = df["w"].to_numpy()
    cases = []
    for name, model, penalty, alpha, ratio in [
        ("ridge", Ridge(alpha=10.0, solver="cholesky"), "l2", 10.0, None),
        ("lasso", Lasso(alpha=0.5, tol=1e-14, max_iter=1_000_000), "l1", 0.5, None),
        ("elasticnet", ElasticNet(alpha=0.05, l1_ratio=0.7, tol=1e-14, max_iter=1_000_000), "elasticnet", 0.05, 0.7),
    ]:
        model.fit(X, y, sample_weight=s)
        cases.append({
            "name": name, "penalty": penalty, "alpha": alpha, "l1_ratio": ratio,
            "coef": [float(c) for c in model.coef_], "intercept": float(model.intercept_),
        })
    doc = {
        "description": "scikit-learn Ridge/Lasso/ElasticNet fitted with sample_weight=w on ../statistics/diabetes_weighted.csv "
                       "(target y, features all but w and y, intercept fitted)",
        "generator": f"make_weighted_penalties.py; scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        "csv": "../statistics/diabetes_weighted.csv", "features": features, "target": "y", "weights": "w",
        "cases": cases,
    }
    with open(os.path.join(HERE, "weighted_penalties.json"), "w", newline="\n") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
