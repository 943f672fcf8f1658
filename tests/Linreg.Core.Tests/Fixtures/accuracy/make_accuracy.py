# Writes exact-arithmetic accuracy fixtures beside this script: for each case a <case>.csv (header, comma,
# decimal text) and a <case>.json with the least-squares solution computed exactly in rational arithmetic.
#
# Run from the repository root with the project's peer chroot (Python 3 with numpy 2.2 and statsmodels 0.14.4;
# the exact part needs only the standard library):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/accuracy/make_accuracy.py'
# Re-running it rewrites the same bytes (all pseudo-noise comes from a fixed splitmix64 stream).
#
# Every model has an intercept; terms are "(Intercept)" then the feature columns in CSV order, the target last.
# JSON fields (coefficient lists are in "terms" order):
#   exact               least-squares solution of the DECIMAL data in the CSV (each cell taken as the exact
#                       rational it spells), solved with fractions.Fraction via the normal equations (exact in
#                       rationals, and checked: X'(y - Xb) == 0 exactly); strings, 30 significant digits
#   exact_double        the same for the data after each cell is rounded to the nearest float64
#                       (Fraction(float(text))) -- the best any double-precision solver can be asked for
#   allowed_digits      min over coefficients of -log10(|exact_double - exact| / |exact|): what float64 input allows
#   allowed_digits_norm -log10(||exact_double - exact||_2 / ||exact||_2)
#   allowed_digits_each the per-coefficient values
#   numpy_*             numpy.linalg.lstsq(rcond=None) on the float64 design [1 | X]: numpy_params (repr floats),
#                       numpy_digits / numpy_digits_norm / numpy_digits_each measured against "exact" (as above),
#                       and numpy_digits_vs_double / numpy_digits_norm_vs_double against "exact_double"
#   statsmodels_*       the same for statsmodels OLS(y, [1 | X]).fit() (its default, method="pinv")
#   condition_number    numpy.linalg.cond of the float64 design [1 | X] (2-norm, ratio of singular values)
#   condition_number_statsmodels   statsmodels' res.condition_number (sqrt of the eigenvalue ratio of X'X)
#   nist_certified      (NIST StRD cases only) the certified estimates, 15 significant digits; the script checks
#                       that "exact" rounds to them
# A digits value is null when the difference is exactly zero (and listed in "infinite_digits").
import json
import math
import os
from decimal import Decimal
from fractions import Fraction

import numpy as np
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
EXACT_DIGITS = 30
CELL_DIGITS = 17
Y_DIGITS = 10


# ---------------------------------------------------------------- deterministic pseudo-noise

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self):
        """Exact rational in [-1, 1) with 53 random bits."""
        return Fraction(self.next() >> 11, 1 << 52) - 1


# ---------------------------------------------------------------- decimal formatting (exact rounding)

def round_sig(q, d):
    """(sign, m, exp) with |q| ~= m * 10**exp, m having d digits, rounded half-to-even; q != 0."""
    sign = -1 if q < 0 else 1
    a = abs(q)
    e = math.floor(math.log10(a.numerator) - math.log10(a.denominator))
    while a >= Fraction(10) ** (e + 1):
        e += 1
    while a < Fraction(10) ** e:
        e -= 1
    exp = e - d + 1
    m = round(a / Fraction(10) ** exp)  # Fraction.__round__: half to even
    if m == 10 ** d:
        m //= 10
        exp += 1
    return sign, m, exp


def plain(q, d=CELL_DIGITS):
    """q rounded to d significant digits, positional notation, trailing zeros dropped."""
    if q == 0:
        return "0"
    sign, m, exp = round_sig(q, d)
    s = str(m)
    if exp >= 0:
        body = s + "0" * exp
    else:
        s = s.rjust(-exp + 1, "0")
        body = s[:exp] + "." + s[exp:]
        body = body.rstrip("0").rstrip(".")
    return ("-" if sign < 0 else "") + body


def sci(q, d=EXACT_DIGITS):
    """q rounded to d significant digits as d.ddd...e+XX."""
    if q == 0:
        return "0." + "0" * (d - 1) + "e+00"
    sign, m, exp = round_sig(q, d)
    s = str(m)
    e = exp + d - 1
    return f"{'-' if sign < 0 else ''}{s[0]}.{s[1:]}e{'+' if e >= 0 else '-'}{abs(e):02d}"


# ---------------------------------------------------------------- exact least squares

def exact_lstsq(cols, y):
    """Exact least-squares solution of y ~ cols (lists of Fractions; include the ones column yourself).
    Each column is scaled to integers first, the normal equations are formed in integers and solved with
    Fractions; the result is checked to satisfy X'(y - Xb) == 0 exactly."""
    def lcm_den(v):
        d = 1
        for q in v:
            d = d * q.denominator // math.gcd(d, q.denominator)
        return d

    D = [lcm_den(c) for c in cols]
    Dy = lcm_den(y)
    I = [[int(q * d) for q in c] for c, d in zip(cols, D)]
    Iy = [int(q * Dy) for q in y]
    p = len(cols)
    G = [[Fraction(sum(a * b for a, b in zip(I[i], I[j]))) for j in range(p)] for i in range(p)]
    c = [Fraction(sum(a * b for a, b in zip(I[i], Iy))) for i in range(p)]
    # Gaussian elimination with exact pivoting on the first nonzero
    M = [G[i] + [c[i]] for i in range(p)]
    for k in range(p):
        piv = next(i for i in range(k, p) if M[i][k] != 0)
        M[k], M[piv] = M[piv], M[k]
        for i in range(k + 1, p):
            f = M[i][k] / M[k][k]
            if f:
                M[i] = [a - f * b for a, b in zip(M[i], M[k])]
    bs = [Fraction(0)] * p
    for k in reversed(range(p)):
        bs[k] = (M[k][p] - sum(M[k][j] * bs[j] for j in range(k + 1, p))) / M[k][k]
    b = [bs[j] * D[j] / Dy for j in range(p)]
    # check the normal equations on the unscaled data
    n = len(y)
    r = [y[i] - sum(cols[j][i] * b[j] for j in range(p)) for i in range(n)]
    for j in range(p):
        assert sum(cols[j][i] * r[i] for i in range(n)) == 0
    return b


# ---------------------------------------------------------------- digits

def log10q(q):
    return math.log10(q.numerator) - math.log10(q.denominator)


class Digits:
    def __init__(self):
        self.infinite = []

    def each(self, approx, truth, label):
        out = []
        for j, (a, t) in enumerate(zip(approx, truth)):
            diff = abs(a - t)
            if diff == 0:
                self.infinite.append(f"{label}[{j}]")
                out.append(None)
            else:
                out.append(-log10q(diff / abs(t)))
        return out

    def norm(self, approx, truth, label):
        num = sum((a - t) ** 2 for a, t in zip(approx, truth))
        den = sum(t ** 2 for t in truth)
        if num == 0:
            self.infinite.append(label)
            return None
        return -0.5 * log10q(num / den)

    @staticmethod
    def min_(vals):
        finite = [v for v in vals if v is not None]
        return min(finite) if finite else None


# ---------------------------------------------------------------- case writer

def write_case(name, features, target, rows, description, certified=None):
    """rows: list of lists of decimal TEXT cells, features then target."""
    header = list(features) + [target]
    text = ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows)
    path = os.path.join(HERE, name + ".csv")
    with open(path, "w", newline="\n") as f:
        f.write(text)
    assert len(text) < 50_000, (name, len(text))

    n, k = len(rows), len(features)
    terms = ["(Intercept)"] + list(features)
    dec_cols = [[Fraction(1)] * n] + [[Fraction(r[j]) for r in rows] for j in range(k)]
    dec_y = [Fraction(r[k]) for r in rows]
    dbl_cols = [[Fraction(float(q)) for q in c] for c in dec_cols]
    dbl_y = [Fraction(float(r[k])) for r in rows]
    exact = exact_lstsq(dec_cols, dec_y)
    exact_double = exact_lstsq(dbl_cols, [Fraction(float(r[k])) for r in rows])
    assert dbl_y == [Fraction(float(r[k])) for r in rows]

    X = np.array([[float(r[j]) for j in range(k)] for r in rows])
    y = np.array([float(r[k]) for r in rows])
    A = np.column_stack([np.ones(n), X])
    np_params = np.linalg.lstsq(A, y, rcond=None)[0]
    smres = sm.OLS(y, A).fit()
    sm_params = np.asarray(smres.params)

    dg = Digits()
    allowed_each = dg.each(exact_double, exact, "allowed_digits_each")
    doc = {
        "description": description,
        "generator": f"make_accuracy.py; numpy {np.__version__}, statsmodels {statsmodels.__version__}",
        "csv": name + ".csv", "target": target, "features": list(features), "intercept": True,
        "terms": terms, "nobs": n,
        "exact": [sci(b) for b in exact],
        "exact_double": [sci(b) for b in exact_double],
        "allowed_digits": Digits.min_(allowed_each),
        "allowed_digits_norm": dg.norm(exact_double, exact, "allowed_digits_norm"),
        "allowed_digits_each": allowed_each,
    }
    for label, params in [("numpy", np_params), ("statsmodels", sm_params)]:
        pq = [Fraction(float(v)) for v in params]
        each = dg.each(pq, exact, f"{label}_digits_each")
        doc[f"{label}_params"] = [float(v) for v in params]
        doc[f"{label}_digits"] = Digits.min_(each)
        doc[f"{label}_digits_norm"] = dg.norm(pq, exact, f"{label}_digits_norm")
        doc[f"{label}_digits_each"] = each
        doc[f"{label}_digits_vs_double"] = Digits.min_(dg.each(pq, exact_double, f"{label}_digits_vs_double"))
        doc[f"{label}_digits_norm_vs_double"] = dg.norm(pq, exact_double, f"{label}_digits_norm_vs_double")
    doc["condition_number"] = float(np.linalg.cond(A))
    doc["condition_number_statsmodels"] = float(smres.condition_number)
    if certified is not None:
        for b, c in zip(exact, certified):
            assert sci(b, 15) == sci(Fraction(c), 15), (name, sci(b, 15), c)
        doc["nist_certified"] = list(certified)
    if dg.infinite:
        doc["infinite_digits"] = dg.infinite
    with open(os.path.join(HERE, name + ".json"), "w", newline="\n") as f:
        f.write(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print(f"{name:10s} n={n:3d} p={k + 1:2d} cond={doc['condition_number']:.3g} allowed={doc['allowed_digits']:.2f}"
          f"/{doc['allowed_digits_norm']:.2f} numpy={doc['numpy_digits']:.2f}/{doc['numpy_digits_norm']:.2f}"
          f" statsmodels={doc['statsmodels_digits']:.2f}/{doc['statsmodels_digits_norm']:.2f}")


# ---------------------------------------------------------------- cases

def poly_case(name, degree, coefs, noise_amp, seed):
    rng = SplitMix64(seed)
    xs = [Fraction(2) + Fraction(5, 100) * i for i in range(60)]  # 2.00, 2.05, ..., 4.95
    rows = []
    for x in xs:
        cells = [plain(x ** p) for p in range(1, degree + 1)]
        yv = sum(Fraction(c) * x ** p for p, c in enumerate(coefs)) + noise_amp * rng.uniform()
        rows.append(cells + [plain(yv, Y_DIGITS)])
    features = ["x"] + [f"x{p}" for p in range(2, degree + 1)]
    write_case(name, features, "y", rows,
               f"Polynomial of degree {degree} in x = 2.00, 2.05, ..., 4.95 (60 points, not centred): columns x, "
               f"x2, ..., x{degree} are the exact powers of x written to at most {CELL_DIGITS} significant digits "
               f"(correctly rounded; exact where they fit); y = sum c_p x^p with c = {coefs} plus uniform "
               f"pseudo-noise in [-{float(noise_amp)}, {float(noise_amp)}) (splitmix64 seed {seed}), rounded to {Y_DIGITS} "
               f"significant digits.")


def collinear_case():
    rng = SplitMix64(3)
    rows = []
    for _ in range(200):
        x1 = Fraction(rng.next() % 10_000_000, 1_000_000)                # [0, 10), 6 decimals
        x2 = x1 + Fraction(rng.next() % 2001 - 1000, 1000) / 1_000_000    # x1 + 1e-6 * u, u in [-1, 1] (3 dp)
        x3 = x1 + Fraction(rng.next() % 2001 - 1000, 1000) / 1_000_000
        x4 = Fraction(rng.next() % 2_000_000, 100_000) - 10              # independent, [-10, 10), 5 decimals
        yv = 1 + 2 * x1 + 3 * x2 - x3 + Fraction(1, 2) * x4 + Fraction(1, 100) * rng.uniform()
        rows.append([plain(x1), plain(x2), plain(x3), plain(x4), plain(yv, Y_DIGITS)])
    write_case("collinear", ["x1", "x2", "x3", "x4"], "y", rows,
               "200 rows: x1 uniform in [0, 10) with 6 decimals; x2 = x1 + 1e-6*u2 and x3 = x1 + 1e-6*u3 with u "
               "uniform on a 0.001 grid in [-1, 1] (so x1, x2, x3 are nearly collinear); x4 independent in [-10, 10) "
               "with 5 decimals; y = 1 + 2*x1 + 3*x2 - x3 + 0.5*x4 + uniform noise in [-0.01, 0.01), rounded to "
               f"{Y_DIGITS} significant digits. Pseudo-random numbers: splitmix64 seed 3. All x cells are exact "
               "decimals.")


# NIST StRD Pontius (load cell calibration), public domain, https://www.itl.nist.gov/div898/strd/lls/data/Pontius.shtml
PONTIUS_Y = """.11019 .21956 .32949 .43899 .54803 .65694 .76562 .87487 .98292 1.09146 1.20001 1.30822 1.41599 1.52399
1.63194 1.73947 1.84646 1.95392 2.06128 2.16844 .11052 .22018 .32939 .43886 .54798 .65739 .76596 .87474 .98300
1.09150 1.20004 1.30818 1.41613 1.52408 1.63159 1.73965 1.84696 1.95445 2.06177 2.16829""".split()
PONTIUS_CERT = ["0.673565789473684E-03", "0.732059160401003E-06", "-0.316081871345029E-14"]

# NIST StRD Longley certified estimates (the data are statsmodels' longley, the same as NIST's)
LONGLEY_CERT = ["-3482258.63459582", "15.0618722713733", "-0.358191792925910E-01", "-2.02022980381683",
                "-1.03322686717359", "-0.511041056535807E-01", "1829.15146461355"]


def pontius_case():
    assert len(PONTIUS_Y) == 40
    rows = []
    for i, yt in enumerate(PONTIUS_Y):
        x = 150000 * (i % 20 + 1)
        rows.append([str(x), str(x * x), "0" + yt if yt.startswith(".") else yt])
    write_case("pontius", ["x", "x2"], "y", rows,
               "NIST StRD Pontius load-cell calibration (40 observations, public domain): y = B0 + B1*x + B2*x^2, "
               "x2 = x*x written exactly. 'exact' agrees with NIST's certified values (nist_certified) to their 15 "
               "digits.", certified=PONTIUS_CERT)


def longley_case():
    d = sm.datasets.longley.load_pandas().data
    features = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]

    def txt(v):
        s = repr(float(v))
        return s[:-2] if s.endswith(".0") else s

    rows = [[txt(v) for v in r] for r in d[features + ["TOTEMP"]].itertuples(index=False)]
    write_case("longley", features, "TOTEMP", rows,
               "NIST StRD Longley (statsmodels.datasets.longley, the same 16 x 7 numbers), TOTEMP ~ 1 + the six "
               "others, cells as their short decimal text. 'exact' agrees with NIST's certified values "
               "(nist_certified) to their 15 digits.", certified=LONGLEY_CERT)


def main():
    poly_case("poly5", 5, ["1", "-2", "0.5", "0.3", "-0.1", "0.01"], Fraction(1, 100), 1)
    poly_case("poly10", 10, [repr((-0.5) ** p) for p in range(11)],
              Fraction(5, 100), 2)
    collinear_case()
    pontius_case()
    longley_case()


if __name__ == "__main__":
    main()
