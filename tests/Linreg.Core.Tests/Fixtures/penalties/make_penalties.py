# Writes the scikit-learn references for linreg's penalised fits, cross-validation and step sizes: one <case>.json
# per data set beside this script, for the CSVs in ../statistics (written by make_statistics.py; the target is the
# last column).
#
# Run from the repository root with the project's peer chroot (Python 3, numpy 2.2, scikit-learn 1.4, PyTorch 2.6;
# nothing is downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/penalties/make_penalties.py'
# Re-running it rewrites the same bytes.
#
# Every reference comes from scikit-learn or numpy, never from linreg:
#   fits     Ridge(alpha, solver="svd"), Lasso(alpha, tol=1e-12, max_iter=10**7), ElasticNet(alpha, l1_ratio, same),
#            on the raw columns, or on StandardScaler's output ("standardize": true) with the coefficients mapped
#            back to the raw units (w / scale, b - sum(w * mean)). Each fit's KKT residual is recorded: how far the
#            reference is from the exact minimiser, relative to max|X'y|.
#   cv       LassoCV / ElasticNetCV(tol=1e-12, max_iter=10**7, n_alphas=100, eps=1e-3) and RidgeCV(alphas=the grid
#            linreg documents: 1000 down to 1/1000 times the mean diagonal of the centred X'X, 100 log-spaced values,
#            scoring="neg_mean_squared_error") with KFold(5) (contiguous folds) or, "shuffled", folds cut from
#            torch.randperm(n, generator=torch.Generator().manual_seed(seed)) in KFold's sizes.
#   folds    cross_validate(LinearRegression(), KFold(5)): each fold's MSE, MAE and R2.
#   curvature  2/L and the condition number of the MSE's Hessian 2*E[[x,1][x,1]'] (numpy.linalg.eigvalsh), raw and
#            standardized.
import json
import os
import warnings

import numpy as np
import sklearn
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, ElasticNetCV, Lasso, LassoCV, LinearRegression, Ridge, RidgeCV
from sklearn.model_selection import KFold, cross_validate
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
STATS = os.path.join(HERE, "..", "statistics")
TOL = 1e-12
MAX_ITER = 10**7
warnings.simplefilter("error", ConvergenceWarning)


def load(csv):
    with open(os.path.join(STATS, csv)) as f:
        header = f.readline().rstrip("\n").split(",")
        rows = np.array([[float(c) for c in line.rstrip("\n").split(",")] for line in f if line.strip()])
    return header, rows[:, :-1], rows[:, -1]


def model(kind, alpha, l1_ratio, intercept=True):
    if kind == "l2":
        return Ridge(alpha=alpha, solver="svd", fit_intercept=intercept)
    if kind == "l1":
        return Lasso(alpha=alpha, tol=TOL, max_iter=MAX_ITER, fit_intercept=intercept)
    return ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=TOL, max_iter=MAX_ITER, fit_intercept=intercept)


def half_squares(kind, alpha, l1_ratio, n):
    """lambda, beta of 1/2|y - Xw|^2 + lambda|w|_1 + beta/2 |w|^2 (the objectives' common form)."""
    if kind == "l2":
        return 0.0, alpha
    if kind == "l1":
        return n * alpha, 0.0
    return n * alpha * l1_ratio, n * alpha * (1 - l1_ratio)


def kkt_residual(X, y, w, kind, alpha, l1_ratio, intercept):
    Xc, yc = (X - X.mean(0), y - y.mean()) if intercept else (X, y)
    lam, beta = half_squares(kind, alpha, l1_ratio, len(y))
    g = Xc.T @ (yc - Xc @ w) - beta * w
    r = np.where(w != 0, np.abs(g - lam * np.sign(w)), np.maximum(np.abs(g) - lam, 0))
    return float(r.max() / np.abs(Xc.T @ yc).max())


def fit(X, y, kind, alpha, l1_ratio=None, standardize=False, intercept=True):
    scaler = StandardScaler().fit(X) if standardize else None
    Z = scaler.transform(X) if standardize else X
    m = model(kind, alpha, l1_ratio, intercept).fit(Z, y)
    w = m.coef_.copy()
    residual = kkt_residual(Z, y, w, kind, alpha, l1_ratio, intercept)
    b = float(m.intercept_)
    if standardize:
        w = w / scaler.scale_
        b = b - float(np.sum(w * scaler.mean_))
    return {"penalty": kind, "alpha": alpha, "l1Ratio": l1_ratio, "standardize": standardize, "intercept": intercept,
            "weights": [float(v) for v in w], "bias": b, "kktResidual": residual}


def alpha_max(X, y, l1_ratio):
    Xc, yc = X - X.mean(0), y - y.mean()
    return float(np.abs(Xc.T @ yc).max() / (len(y) * l1_ratio))


def ridge_grid(X):
    Xc = X - X.mean(0)
    top = float(np.mean(np.sum(Xc * Xc, axis=0))) / 1e-3
    return np.geomspace(top, top * 1e-3, num=100)


def folds(n, k, seed=None):
    splits = list(KFold(k).split(np.zeros(n)))
    if seed is None:
        return splits
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).numpy()
    return [(np.sort(order[train]), np.sort(order[test])) for train, test in splits]


def cv_case(X, y, kind, l1_ratio=None, k=5, seed=None):
    cv = folds(len(y), k, seed)
    if kind == "l2":
        grid = ridge_grid(X)
        m = RidgeCV(alphas=grid, cv=cv, scoring="neg_mean_squared_error").fit(X, y)
        alphas, chosen, mean_mse = grid, float(m.alpha_), None
    else:
        cls = LassoCV if kind == "l1" else ElasticNetCV
        extra = {} if kind == "l1" else {"l1_ratio": l1_ratio}
        m = cls(cv=cv, tol=TOL, max_iter=MAX_ITER, n_alphas=100, eps=1e-3, **extra).fit(X, y)
        alphas, chosen, mean_mse = m.alphas_, float(m.alpha_), [float(v) for v in m.mse_path_.mean(axis=1)]
    return {"penalty": kind, "l1Ratio": l1_ratio, "folds": k, "shuffleSeed": seed, "alphas": [float(a) for a in alphas],
            "alpha": chosen, "meanMse": mean_mse}


def fold_metrics(X, y, k=5):
    scores = cross_validate(LinearRegression(), X, y, cv=KFold(k), scoring=["neg_mean_squared_error", "neg_mean_absolute_error", "r2"])
    return [{"mse": float(-a), "mae": float(-b), "r2": float(c), "rows": int(len(t))}
            for a, b, c, (_, t) in zip(scores["test_neg_mean_squared_error"], scores["test_neg_mean_absolute_error"], scores["test_r2"], KFold(k).split(X))]


def curvature(X, standardize):
    n, k = X.shape
    Z = (X - X.mean(0)) / X.std(0) if standardize else X
    A = np.hstack([Z, np.ones((n, 1))])
    ev = np.linalg.eigvalsh(2 * A.T @ A / n)
    return {"stableBelow": float(2 / ev[-1]), "condition": float(ev[-1] / ev[0])}


def case(name, csv, fits, cvs, description):
    header, X, y = load(csv)
    n = len(y)
    out = {
        "description": description,
        "generator": f"make_penalties.py; scikit-learn {sklearn.__version__}, numpy {np.__version__}, torch {torch.__version__}",
        "csv": "../statistics/" + csv,
        "features": header[:-1],
        "target": header[-1],
        "fits": [fit(X, y, *f[:2], **f[2]) for f in fits(X, y)],
        "crossValidation": [cv_case(X, y, *c[:1], **c[1]) for c in cvs],
        "olsFolds": fold_metrics(X, y),
        "curvature": {"raw": curvature(X, False), "standardized": curvature(X, True)},
    }
    with open(os.path.join(HERE, name + ".json"), "w", newline="\n") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def standard_fits(X, y):
    n = len(y)
    d = float(np.mean(np.sum((X - X.mean(0)) ** 2, axis=0)))
    a1, a5 = alpha_max(X, y, 1.0), alpha_max(X, y, 0.5)
    s1 = alpha_max(StandardScaler().fit_transform(X), y, 1.0)
    return [
        ("l2", 0.01 * d, {}), ("l2", d, {}), ("l2", 0.1 * n, {"standardize": True}),
        ("l1", 0.3 * a1, {}), ("l1", 0.05 * a1, {}), ("l1", 0.005 * a1, {}), ("l1", 0.01 * s1, {"standardize": True}),
        ("elasticnet", 0.05 * a5, {"l1_ratio": 0.5}), ("elasticnet", 0.02 * alpha_max(X, y, 0.2), {"l1_ratio": 0.2}),
    ]


def main():
    cvs = [("l1", {}), ("elasticnet", {"l1_ratio": 0.5}), ("l2", {})]
    case("diabetes", "diabetes.csv", standard_fits, cvs + [("l1", {"seed": 7})],
         "sklearn.datasets.load_diabetes(scaled=False) (442 x 10, unscaled), target y.")
    case("longley", "longley.csv", standard_fits, cvs,
         "statsmodels.datasets.longley (16 x 6, unscaled, nearly collinear), target TOTEMP.")
    case("stackloss", "stackloss_nointercept.csv",
         lambda X, y: standard_fits(X, y) + [("l1", 0.05 * alpha_max(X, y, 1.0), {"intercept": False})], cvs,
         "statsmodels.datasets.stackloss (21 x 3), target STACKLOSS; one lasso without an intercept.")
    case("fair", "fair.csv", standard_fits, cvs,
         "statsmodels.datasets.fair (6366 x 8), target affairs.")


if __name__ == "__main__":
    main()
