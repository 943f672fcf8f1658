using System.Numerics;

namespace Linreg.Core.Tests.Statistics;

/// <summary>An exact rational number, for reference results that owe nothing to floating point.</summary>
internal readonly record struct Fraction
{
    private Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        Denominator = denominator.IsZero ? BigInteger.One : denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Fraction Zero => new(0, 1);

    public static Fraction One => new(1, 1);

    public bool IsZero => Numerator.IsZero;

    /// <summary>The double's exact value: mantissa × 2^exponent.</summary>
    public static Fraction Of(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("not finite", nameof(value));
        }

        if (value == 0)
        {
            return Zero;
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        BigInteger m = value < 0 ? -mantissa : mantissa;
        return exponent >= 0 ? new Fraction(m * BigInteger.Pow(2, exponent), 1) : new Fraction(m, BigInteger.Pow(2, -exponent));
    }

    public static implicit operator Fraction(long value) => new(value, 1);

    public static Fraction operator +(Fraction a, Fraction b) => new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) => new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a) => new(-a.Numerator, a.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) => b.IsZero ? throw new DivideByZeroException() : new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Correctly rounded enough for comparisons at 1e-15: the quotient scaled to 64 significant bits first.</summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        var shift = (long)(Denominator.GetBitLength() - BigInteger.Abs(Numerator).GetBitLength()) + 64;
        var scaled = shift >= 0 ? (Numerator << (int)shift) / Denominator : Numerator / (Denominator << (int)-shift);
        return (double)scaled * Math.Pow(2, -shift);
    }
}

/// <summary>Least squares in exact arithmetic: the normal equations, which are exact here, solved by Gauss-Jordan.</summary>
internal static class ExactLeastSquares
{
    /// <summary>(XᵀWX)⁻¹ and β for the design rows <paramref name="x"/> (intercept column included by the caller).</summary>
    public static (Fraction[,] Inverse, Fraction[] Beta) Solve(Fraction[][] x, Fraction[] y, Fraction[] w)
    {
        var p = x[0].Length;
        var augmented = new Fraction[p, (2 * p) + 1];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < (2 * p) + 1; j++)
            {
                augmented[i, j] = j == p + i ? Fraction.One : Fraction.Zero;
            }
        }

        for (var r = 0; r < x.Length; r++)
        {
            for (var i = 0; i < p; i++)
            {
                var wi = w[r] * x[r][i];
                for (var j = 0; j < p; j++)
                {
                    augmented[i, j] += wi * x[r][j];
                }

                augmented[i, 2 * p] += wi * y[r];
            }
        }

        for (var c = 0; c < p; c++)
        {
            var pivot = Enumerable.Range(c, p - c).First(r => !augmented[r, c].IsZero);
            for (var j = 0; j < (2 * p) + 1; j++)
            {
                (augmented[c, j], augmented[pivot, j]) = (augmented[pivot, j], augmented[c, j]);
            }

            var head = augmented[c, c];
            for (var j = 0; j < (2 * p) + 1; j++)
            {
                augmented[c, j] /= head;
            }

            for (var r = 0; r < p; r++)
            {
                if (r != c && !augmented[r, c].IsZero)
                {
                    var factor = augmented[r, c];
                    for (var j = 0; j < (2 * p) + 1; j++)
                    {
                        augmented[r, j] -= factor * augmented[c, j];
                    }
                }
            }
        }

        var inverse = new Fraction[p, p];
        var beta = new Fraction[p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                inverse[i, j] = augmented[i, p + j];
            }

            beta[i] = augmented[i, 2 * p];
        }

        return (inverse, beta);
    }

    public static Fraction Dot(Fraction[] a, Fraction[] b)
    {
        var sum = Fraction.Zero;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>aᵀ M b.</summary>
    public static Fraction Quadratic(Fraction[,] m, Fraction[] a, Fraction[] b)
    {
        var sum = Fraction.Zero;
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                sum += a[i] * m[i, j] * b[j];
            }
        }

        return sum;
    }
}
