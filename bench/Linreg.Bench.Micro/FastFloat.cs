using System.Globalization;

namespace Linreg.Bench.Micro;

/// <summary>
/// A baseline, not a product: the float parsing a faster loader could use. Clinger's fast path (up to 19 significant
/// digits and a power of ten up to 22 are exact in double, so one multiplication or division is correctly rounded),
/// then double → float, which is correct unless the double is exactly halfway between two floats; that case, and
/// anything unusual (more digits, big exponents, inf/nan, spaces), falls back to <c>float.Parse</c>.
/// </summary>
public static class FastFloat
{
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static float Parse(ReadOnlySpan<byte> s)
    {
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var any = false;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
        {
            any = true;
            if (mantissa != 0 || s[i] != '0')
            {
                mantissa = (mantissa * 10) + (uint)(s[i] - '0');
                digits++;
            }
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
            {
                any = true;
                if (mantissa != 0 || s[i] != '0')
                {
                    mantissa = (mantissa * 10) + (uint)(s[i] - '0');
                    digits++;
                }

                exponent--;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var expNegative = false;
            if (i < s.Length && (s[i] == '-' || s[i] == '+'))
            {
                expNegative = s[i] == '-';
                i++;
            }

            var e = 0;
            var expDigits = 0;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9 && e < 10000; i++, expDigits++)
            {
                e = (e * 10) + (s[i] - '0');
            }

            if (expDigits == 0)
            {
                return Slow(s);
            }

            exponent += expNegative ? -e : e;
        }

        if (!any || i != s.Length || digits > 19 || exponent < -22 || exponent > 22)
        {
            return Slow(s);
        }

        double value = mantissa;
        value = exponent < 0 ? value / PowersOf10[-exponent] : value * PowersOf10[exponent];
        var bits = BitConverter.DoubleToUInt64Bits(value);
        if (value != 0 && (Math.Abs(value) < 1.1754943508222875e-38 || (bits & 0x1FFF_FFFF) == 0x1000_0000))
        {
            return Slow(s); // below float32's normal range, or a double exactly halfway between two floats
        }

        var result = (float)value;
        return negative ? -result : result;
    }

    private static float Slow(ReadOnlySpan<byte> s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
