# scikit-learn's exact least squares on a CSV, float64 as pandas reads it: the peer of `linreg train --solver lstsq`.
# Prints "sklearn-ols: read Rs fit Fs" and the intercept then the coefficients, one per line, in full precision.
import sys, time
t0 = time.perf_counter()
import pandas as pd
from sklearn.linear_model import LinearRegression
df = pd.read_csv(sys.argv[1])
X, y = df.iloc[:, :-1].values, df.iloc[:, -1].values
t1 = time.perf_counter()
model = LinearRegression().fit(X, y)
t2 = time.perf_counter()
print(f"sklearn-ols: read {t1 - t0:.2f}s fit {t2 - t1:.2f}s")
for value in [model.intercept_, *model.coef_]:
    print(repr(float(value)))
