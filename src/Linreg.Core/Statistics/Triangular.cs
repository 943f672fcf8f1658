namespace Linreg.Core.Statistics;

/// <summary>Upper-triangular n × n matrices stored row by row; every sum in one fixed order.</summary>
internal static class Triangular
{
    /// <summary>x with T·x = b.</summary>
    public static double[] BackSolve(double[] t, int n, double[] b)
    {
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var c = i + 1; c < n; c++)
            {
                sum -= t[(i * n) + c] * x[c];
            }

            x[i] = sum / t[(i * n) + i];
        }

        return x;
    }

    /// <summary>T⁻¹, upper triangular too, column by column from T·x = e_j.</summary>
    public static double[] Invert(double[] t, int n)
    {
        var inverse = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            for (var i = j; i >= 0; i--)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var c = i + 1; c <= j; c++)
                {
                    sum -= t[(i * n) + c] * inverse[(c * n) + j];
                }

                inverse[(i * n) + j] = sum / t[(i * n) + i];
            }
        }

        return inverse;
    }

    /// <summary>U·Uᵀ for upper-triangular U: symmetric by construction, each pair of entries from one sum.</summary>
    public static double[] TimesTranspose(double[] u, int n)
    {
        var product = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var k = i; k < n; k++)
            {
                var sum = 0.0;
                for (var c = k; c < n; c++)
                {
                    sum += u[(i * n) + c] * u[(k * n) + c];
                }

                product[(i * n) + k] = product[(k * n) + i] = sum;
            }
        }

        return product;
    }

    /// <summary>‖u‖² for Tᵀ·u = x: xᵀ(TᵀT)⁻¹x without forming the inverse.</summary>
    public static double SolveTransposedSquares(ReadOnlySpan<double> t, int n, ReadOnlySpan<double> x)
    {
        Span<double> u = n <= 256 ? stackalloc double[n] : new double[n];
        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var sum = x[i];
            for (var c = 0; c < i; c++)
            {
                sum -= t[(c * n) + i] * u[c];
            }

            u[i] = sum / t[(i * n) + i];
            squares += u[i] * u[i];
        }

        return squares;
    }
}
