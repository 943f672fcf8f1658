import time, sys
t0=time.perf_counter()
import pandas as pd, numpy as np
from sklearn.linear_model import LinearRegression
df=pd.read_csv(sys.argv[1]); X=df.iloc[:,:-1].values; y=df.iloc[:,-1].values
t1=time.perf_counter()
m=LinearRegression().fit(X,y); t2=time.perf_counter()
print("sklearn", t1-t0, t2-t1, repr(m.intercept_), ' '.join(repr(c) for c in m.coef_))
