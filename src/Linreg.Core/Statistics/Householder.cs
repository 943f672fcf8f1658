using System.Runtime.CompilerServices;

namespace Linreg.Core.Statistics;

/// <summary>
/// Householder reflections on the small matrices of <see cref="QrAccumulator"/> and
/// <see cref="LeastSquaresSolution"/>. Every sum runs in one fixed order, so the same input gives the same bits.
/// </summary>
internal static class Householder
{
    /// <summary>
    /// Replaces the upper-triangular <paramref name="r"/> (width × width, row by row) with the R of [r; rows], where
    /// the rows are given as columns: column j's <paramref name="count"/> values start at j·<paramref name="stride"/>.
    /// The rows are overwritten.
    /// </summary>
    /// <remarks>
    /// Column j of [r; rows] is zero below the diagonal except in the block, so each reflection touches row j of r
    /// and the block only: about 2·count·width² flops per fold. The diagonal stays positive (Parlett's choice of the
    /// reflection's sign, which needs no cancellation), so R is the unique factor with a positive diagonal.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Fold(double[] r, int width, double[] rows, int stride, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if ((long)(width - 1) * stride + count > rows.Length || r.Length < width * width)
        {
            throw new ArgumentException("the rows do not fit the arrays");
        }

        fixed (double* rp = r, bp = rows)
        {
            for (var j = 0; j < width; j++)
            {
                var pivot = bp + ((long)j * stride);
                var squares = Dot(pivot, pivot, count);
                if (squares == 0)
                {
                    continue;
                }

                var row = rp + ((long)j * width);
                var diagonal = row[j];
                var norm = Math.Sqrt((diagonal * diagonal) + squares);
                var head = diagonal > 0 ? -squares / (diagonal + norm) : diagonal - norm;
                var scale = 2 / ((head * head) + squares);

                // Four (or two) columns per sweep share the pivot's loads; each column still sums in its own fixed
                // order, the same whether it is swept alone or in a group. Four measured 1.3x faster than two.
                var c = j + 1;
                for (; c + 3 < width; c += 4)
                {
                    var a = bp + ((long)c * stride);
                    Sweep4(pivot, a, stride, count, row + c, head, scale);
                }

                for (; c + 1 < width; c += 2)
                {
                    var a = bp + ((long)c * stride);
                    var b = a + stride;
                    var (dotA, dotB) = Dot2(pivot, a, b, count);
                    var factorA = ((head * row[c]) + dotA) * scale;
                    var factorB = ((head * row[c + 1]) + dotB) * scale;
                    row[c] -= factorA * head;
                    row[c + 1] -= factorB * head;
                    for (var i = 0; i < count; i++)
                    {
                        var v = pivot[i];
                        a[i] -= factorA * v;
                        b[i] -= factorB * v;
                    }
                }

                if (c < width)
                {
                    var a = bp + ((long)c * stride);
                    var factor = ((head * row[c]) + Dot(pivot, a, count)) * scale;
                    row[c] -= factor * head;
                    for (var i = 0; i < count; i++)
                    {
                        a[i] -= factor * pivot[i];
                    }
                }

                row[j] = norm;
            }
        }
    }

    /// <summary>Four columns from <paramref name="a"/> on, <paramref name="stride"/> apart, reflected in one sweep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Sweep4(double* v, double* a, int stride, int count, double* row, double head, double scale)
    {
        double* b = a + stride, c = b + stride, d = c + stride;
        double ea = 0, oa = 0, eb = 0, ob = 0, ec = 0, oc = 0, ed = 0, od = 0;
        var i = 0;
        for (; i + 1 < count; i += 2)
        {
            double v0 = v[i], v1 = v[i + 1];
            ea += v0 * a[i];
            oa += v1 * a[i + 1];
            eb += v0 * b[i];
            ob += v1 * b[i + 1];
            ec += v0 * c[i];
            oc += v1 * c[i + 1];
            ed += v0 * d[i];
            od += v1 * d[i + 1];
        }

        if (i < count)
        {
            ea += v[i] * a[i];
            eb += v[i] * b[i];
            ec += v[i] * c[i];
            ed += v[i] * d[i];
        }

        var fa = ((head * row[0]) + (ea + oa)) * scale;
        var fb = ((head * row[1]) + (eb + ob)) * scale;
        var fc = ((head * row[2]) + (ec + oc)) * scale;
        var fd = ((head * row[3]) + (ed + od)) * scale;
        row[0] -= fa * head;
        row[1] -= fb * head;
        row[2] -= fc * head;
        row[3] -= fd * head;
        for (i = 0; i < count; i++)
        {
            var x = v[i];
            a[i] -= fa * x;
            b[i] -= fb * x;
            c[i] -= fc * x;
            d[i] -= fd * x;
        }
    }

    /// <summary>Even and odd terms in two running sums, added at the end: the order <see cref="Dot2"/> keeps too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double Dot(double* a, double* b, int count)
    {
        double even = 0, odd = 0;
        var i = 0;
        for (; i + 1 < count; i += 2)
        {
            even += a[i] * b[i];
            odd += a[i + 1] * b[i + 1];
        }

        if (i < count)
        {
            even += a[i] * b[i];
        }

        return even + odd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (double A, double B) Dot2(double* v, double* a, double* b, int count)
    {
        double evenA = 0, oddA = 0, evenB = 0, oddB = 0;
        var i = 0;
        for (; i + 1 < count; i += 2)
        {
            double v0 = v[i], v1 = v[i + 1];
            evenA += v0 * a[i];
            oddA += v1 * a[i + 1];
            evenB += v0 * b[i];
            oddB += v1 * b[i + 1];
        }

        if (i < count)
        {
            evenA += v[i] * a[i];
            evenB += v[i] * b[i];
        }

        return (evenA + oddA, evenB + oddB);
    }

    /// <summary>Four running sums in a fixed order: twice the speed of one, the same bits on every machine.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        b = b[..a.Length];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i <= a.Length - 4; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }

        for (; i < a.Length; i++)
        {
            s0 += a[i] * b[i];
        }

        return (s0 + s1) + (s2 + s3);
    }
}
