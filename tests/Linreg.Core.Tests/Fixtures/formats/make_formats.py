# Writes the fixtures for reading files as people have them: statsmodels' Grunfeld investment data (220 rows, a
# text column 'firm') as plain CSV, gzip, European CSV and whitespace-delimited text, and what pandas reads from
# each and statsmodels fits on it (formats.json).
#
# Run from the repository root with the project's peer chroot (Python 3, pandas, statsmodels 0.14; nothing is
# downloaded):
#     bash /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/formats/make_formats.py'
# Re-running it rewrites the same bytes (gzip with mtime 0).
#
# The chroot has neither pyarrow nor a zstd module: the tests make the .csv.zst and .parquet copies of
# grunfeld.csv themselves (ZstdSharp, Parquet.Net) and require the same model from them as from the CSV.
import gzip
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["firm", "year", "value", "capital", "invest"]
FEATURES = ["value", "capital"]
TARGET = "invest"

# Rows (0-based) whose cells the messy copies write as missing, with the token each uses.
MISSING = {3: ("value", "NA"), 50: ("invest", ""), 100: ("capital", "null"), 150: ("value", "?"), 199: ("invest", "NaN")}


def number(v, mark="."):
    return repr(float(v)).replace(".", mark)


def write(name, text):
    with open(os.path.join(HERE, name), "w", newline="\n") as f:
        f.write(text)
    return os.path.join(HERE, name)


def fit(df):
    X = sm.add_constant(df[FEATURES].astype(float))
    r = sm.OLS(df[TARGET].astype(float), X).fit()
    return {"rows": int(len(df)), "intercept": float(r.params["const"]), "weights": [float(r.params[f]) for f in FEATURES], "ssr": float(r.ssr)}


data = sm.datasets.grunfeld.load_pandas().data[COLUMNS]

# Plain CSV: the firm's name is text, the rest repr(float64).
lines = [",".join(COLUMNS)] + [",".join([row.firm] + [number(getattr(row, c)) for c in COLUMNS[1:]]) for row in data.itertuples(index=False)]
plain = "\n".join(lines) + "\n"
path = write("grunfeld.csv", plain)
with open(path + ".gz", "wb") as f:
    f.write(gzip.compress(plain.encode(), mtime=0))
read_plain = pd.read_csv(path)
read_gz = pd.read_csv(path + ".gz")
assert read_plain.equals(read_gz)

# European CSV: a title line, a comment line, ';' between fields, a decimal comma, comments after some rows, and
# missing values written as NA tokens.
lines = ["Grunfeld investment data (statsmodels.datasets.grunfeld)", "# firm;year;value;capital;invest, from 1935 to 1954", ";".join(COLUMNS)]
for i, row in enumerate(data.itertuples(index=False)):
    cells = [row.firm] + [number(getattr(row, c), ",") for c in COLUMNS[1:]]
    if i in MISSING:
        column, token = MISSING[i]
        cells[COLUMNS.index(column)] = token
    line = ";".join(cells)
    lines.append(line + ("# checked" if i % 40 == 7 else ""))
path = write("grunfeld_european.csv", "\n".join(lines) + "\n")
european = pd.read_csv(path, sep=";", decimal=",", skiprows=1, comment="#", na_values=["?"])
assert len(european) == len(data)
kept = [i for i in range(len(data)) if i not in MISSING]
assert np.array_equal(european.iloc[kept][COLUMNS[1:]].to_numpy(), read_plain.iloc[kept][COLUMNS[1:]].to_numpy())

# Whitespace-delimited: aligned columns, quoted firm names (they hold spaces), leading blanks.
lines = ["  " + "  ".join(f"{c:>16}" for c in COLUMNS)]
for row in data.itertuples(index=False):
    lines.append("  " + "  ".join(f"{c:>16}" for c in ['"' + row.firm + '"'] + [number(getattr(row, c)) for c in COLUMNS[1:]]))
path = write("grunfeld.txt", "\n".join(lines) + "\n")
spaced = pd.read_csv(path, sep=r"\s+")
assert np.array_equal(spaced[FEATURES + [TARGET]].to_numpy(), read_plain[FEATURES + [TARGET]].to_numpy())

reference = {
    "description": "statsmodels OLS invest ~ 1 + value + capital on statsmodels.datasets.grunfeld as pandas reads each file: grunfeld.csv, "
    "grunfeld.csv.gz and grunfeld.txt (sep=r'\\s+') give 'full'; grunfeld_european.csv (sep=';', decimal=',', skiprows=1, comment='#', "
    "NA tokens NA, null, ?, NaN and empty) with its incomplete rows dropped gives 'dropped'.",
    "generator": f"make_formats.py; statsmodels {statsmodels.__version__}, pandas {pd.__version__}, numpy {np.__version__}",
    "features": FEATURES,
    "target": TARGET,
    "full": fit(read_plain),
    "dropped": fit(european.dropna(subset=FEATURES + [TARGET])),
    "missingLines": sorted(4 + i for i in MISSING),
}
with open(os.path.join(HERE, "formats.json"), "w", newline="\n") as f:
    json.dump(reference, f, indent=1)
    f.write("\n")
