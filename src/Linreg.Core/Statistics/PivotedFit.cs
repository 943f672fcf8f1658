namespace Linreg.Core.Statistics;

/// <summary>
/// LINPACK dqrdc2's limited pivoting (what R's lm uses), on the small R of the whole design rather than on the rows:
/// columns in order, each reduced by the reflections of the columns accepted before it; one whose remaining norm is
/// below tolerance × its norm in the features' own units is aliased and set aside, the others are accepted.
/// </summary>
internal sealed class PivotedFit
{
    private PivotedFit(int[] estimable, double[] beta, double[] triangle, double residualSquares, double totalSquares)
    {
        Estimable = estimable;
        Beta = beta;
        Triangle = triangle;
        ResidualSquares = residualSquares;
        TotalSquares = totalSquares;
    }

    /// <summary>Parameter indices of the accepted columns, in order.</summary>
    public int[] Estimable { get; }

    /// <summary>The coefficients of the accepted columns of the shifted design.</summary>
    public double[] Beta { get; }

    /// <summary>The accepted columns' triangular factor, rank × rank row by row.</summary>
    public double[] Triangle { get; }

    public double ResidualSquares { get; }

    public double TotalSquares { get; }

    /// <param name="factor">R of [1 | x - shift | y] (width × width), overwritten.</param>
    /// <param name="shift">The shift when the first column is the intercept, else null.</param>
    public static PivotedFit Compute(double[] factor, int width, double[]? shift, double tolerance)
    {
        var parameters = width - 1;
        var target = parameters;

        // R's entries of the target column are its coordinates in an orthonormal basis whose first vector is the
        // (weighted) constant: all but the first make the centred sum of squares.
        var total = 0.0;
        for (var i = shift is null ? 0 : 1; i < width; i++)
        {
            total += factor[(i * width) + target] * factor[(i * width) + target];
        }

        // lm measures a column against its norm in the design as given, not as shifted: x = (x - s) + s·1 changes
        // only row 0 of R.
        var own = new double[parameters];
        for (var j = 0; j < parameters; j++)
        {
            var sum = 0.0;
            for (var i = 0; i <= j; i++)
            {
                var value = factor[(i * width) + j];
                if (i == 0 && shift is not null && j > 0)
                {
                    value += shift[j - 1] * factor[0];
                }

                sum += value * value;
            }

            own[j] = Math.Sqrt(sum);
        }

        var estimable = new List<int>(parameters);
        for (var j = 0; j < parameters; j++)
        {
            var r = estimable.Count;
            var below = 0.0;
            for (var i = r + 1; i <= j; i++)
            {
                below += factor[(i * width) + j] * factor[(i * width) + j];
            }

            var head = factor[(r * width) + j];
            var remaining = Math.Sqrt((head * head) + below);
            if (remaining == 0 || remaining < tolerance * own[j])
            {
                continue;
            }

            if (below > 0)
            {
                Reflect(factor, width, r, j, below);
            }

            estimable.Add(j);
        }

        var rank = estimable.Count;
        var triangle = new double[rank * rank];
        var rhs = new double[rank];
        for (var i = 0; i < rank; i++)
        {
            for (var t = i; t < rank; t++)
            {
                triangle[(i * rank) + t] = factor[(i * width) + estimable[t]];
            }

            rhs[i] = factor[(i * width) + target];
        }

        var residual = 0.0;
        for (var i = rank; i < width; i++)
        {
            residual += factor[(i * width) + target] * factor[(i * width) + target];
        }

        return new PivotedFit([.. estimable], Triangular.BackSolve(triangle, rank, rhs), triangle, residual, total);
    }

    /// <summary>The reflection of rows r..j that zeroes column j below row r, applied to the columns after it.</summary>
    private static void Reflect(double[] a, int width, int r, int j, double below)
    {
        var head = a[(r * width) + j];
        var norm = Math.Sqrt((head * head) + below);
        var first = head > 0 ? -below / (head + norm) : head - norm;
        var scale = 2 / ((first * first) + below);
        for (var c = j + 1; c < width; c++)
        {
            var sum = first * a[(r * width) + c];
            for (var i = r + 1; i <= j; i++)
            {
                sum += a[(i * width) + j] * a[(i * width) + c];
            }

            var factor = sum * scale;
            a[(r * width) + c] -= factor * first;
            for (var i = r + 1; i <= j; i++)
            {
                a[(i * width) + c] -= factor * a[(i * width) + j];
            }
        }

        a[(r * width) + j] = norm;
        for (var i = r + 1; i <= j; i++)
        {
            a[(i * width) + j] = 0;
        }
    }
}
