using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// Reads a decimal number from UTF-8 bytes to the float32 that <c>float.Parse</c> gives (correctly rounded), about
/// four times faster for the numbers CSV files hold. Clinger's fast path: a mantissa of at most 2^53 and a power of
/// ten of at most 22 are both exact in double, so one division rounds correctly; rounding that double to float is
/// then correct unless the double lies exactly halfway between two floats. Those cases, long mantissas and numbers
/// with an exponent go to <c>float.Parse</c>.
/// </summary>
internal static class FastFloat
{
    private const ulong ExactInDouble = 1UL << 53;

    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Reads the number at <paramref name="position"/>, of the form <c>[+-]digits[.digits][(e|E)[+-]digits]</c>
    /// (digits on at least one side of the point), and moves <paramref name="position"/> past it; false when there is
    /// none. What follows the number is the caller's to check. A CSV row calls this once per cell, in place, without
    /// slicing (measured 10-15 % faster than parsing a slice per cell).
    /// </summary>
    public static bool TryParseAt(ReadOnlySpan<byte> text, ref int position, out float value)
    {
        var start = position;
        var i = start;
        var negative = false;
        if ((uint)i < (uint)text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        // Up to 19 digits, leading zeros included, fit in 64 bits; more go to float.Parse, which reads any length.
        ulong mantissa = 0;
        var integerStart = i;
        uint digit;
        while ((uint)i < (uint)text.Length && (digit = (uint)(text[i] - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + digit;
            i++;
        }

        var digits = i - integerStart;
        var exponent = 0;
        if ((uint)i < (uint)text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while ((uint)i < (uint)text.Length && (digit = (uint)(text[i] - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                i++;
            }

            exponent = fractionStart - i;
            digits += i - fractionStart;
        }

        if (digits == 0)
        {
            value = 0;
            return false;
        }

        if ((uint)i < (uint)text.Length && (text[i] | 0x20) == 'e')
        {
            return TryExponent(text, start, i, ref position, out value);
        }

        position = i;
        if (digits <= 19 && mantissa <= ExactInDouble && exponent >= -22)
        {
            var exact = exponent < 0 ? mantissa / PowersOf10[-exponent] : mantissa;

            // The 29 bits a float drops from a double's 52: exactly 1 followed by zeros is a tie for float rounding,
            // where the double's own rounding may have decided it; float.Parse settles it from the digits.
            if ((BitConverter.DoubleToUInt64Bits(exact) & 0x1FFF_FFFF) != 0x1000_0000)
            {
                value = negative ? -(float)exact : (float)exact;
                return true;
            }
        }

        value = float.Parse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>
    /// A number with an exponent part, rare in CSV and left to <c>float.Parse</c> once its end is found. Kept out of
    /// <see cref="TryParseAt"/>, whose small body is what makes the common case fast. "1e" or "1e+" is not a
    /// number with an exponent: the number ends before the 'e', for the caller to refuse.
    /// </summary>
    private static bool TryExponent(ReadOnlySpan<byte> text, int start, int exponentMark, ref int position, out float value)
    {
        var j = exponentMark + 1;
        if ((uint)j < (uint)text.Length && (text[j] == '-' || text[j] == '+'))
        {
            j++;
        }

        var exponentStart = j;
        while ((uint)j < (uint)text.Length && (uint)(text[j] - '0') <= 9)
        {
            j++;
        }

        var end = j > exponentStart ? j : exponentMark;
        position = end;
        value = float.Parse(text[start..end], NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>The number at the start of <paramref name="text"/> (see <see cref="TryParseAt"/>) and its length; 0 when there is none.</summary>
    public static int ParsePrefix(ReadOnlySpan<byte> text, out float value)
    {
        var position = 0;
        return TryParseAt(text, ref position, out value) ? position : 0;
    }
}
