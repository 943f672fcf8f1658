namespace Linreg.Core.Metrics;

/// <summary>
/// The mean of values seen one at a time and the sum of their squared deviations from it: R²'s denominator in one
/// pass. Welford's update, because Σy² − nȳ² cancels catastrophically when the mean is large next to the spread;
/// mergeable across chunks, files and machines by Chan et al.'s pairwise update.
/// </summary>
public sealed class TargetSpread
{
    public TargetSpread()
    {
    }

    /// <summary>A spread as a statistics file stored it.</summary>
    public TargetSpread(long count, double mean, double sumOfSquares)
    {
        if (count < 0 || !double.IsFinite(mean) || !double.IsFinite(sumOfSquares) || sumOfSquares < 0 || (count == 0 && (mean != 0 || sumOfSquares != 0)))
        {
            throw new ArgumentException("a spread needs a count of at least 0, a finite mean and a finite sum of squares of at least 0 (both 0 without values)");
        }

        Count = count;
        Mean = mean;
        SumOfSquares = sumOfSquares;
    }

    public long Count { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Σ (y − ȳ)².</summary>
    public double SumOfSquares { get; private set; }

    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        SumOfSquares += delta * (value - Mean);
    }

    /// <summary>Adds another spread's values, as if they had come after these.</summary>
    public void Merge(TargetSpread other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        var count = Count + other.Count;
        var delta = other.Mean - Mean;
        SumOfSquares += other.SumOfSquares + (delta * delta * Count / count * other.Count);
        Mean += delta * other.Count / count;
        Count = count;
    }
}
