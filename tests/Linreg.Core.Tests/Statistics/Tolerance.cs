namespace Linreg.Core.Tests.Statistics;

internal static class Tolerance
{
    /// <summary>Within <paramref name="relative"/> of the expected size, or <paramref name="absolute"/>; equal non-finite values match.</summary>
    public static bool Near(double expected, double actual, double relative, double absolute = 0)
    {
        if (!double.IsFinite(expected) || !double.IsFinite(actual))
        {
            return expected.Equals(actual);
        }

        var difference = Math.Abs(actual - expected);
        return difference <= absolute || difference <= relative * Math.Abs(expected);
    }
}
