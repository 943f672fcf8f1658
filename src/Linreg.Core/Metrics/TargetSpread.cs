namespace Linreg.Core.Metrics;

/// <summary>
/// The mean of values seen one at a time and the sum of their squared deviations from it: R²'s denominator in one
/// pass. Welford's update, because Σy² − nȳ² cancels catastrophically when the mean is large next to the spread;
/// mergeable across chunks, files and machines by Chan et al.'s pairwise update. Weighted values (West's update)
/// give the weighted mean and Σ w (y − ȳ_w)²; with every weight 1 the arithmetic, and so every bit, is the unweighted one.
/// </summary>
public sealed class TargetSpread
{
    public TargetSpread()
    {
    }

    /// <summary>A spread as a statistics file stored it.</summary>
    /// <param name="sumWeights">Σ w of the values; the count when they were not weighted.</param>
    public TargetSpread(long count, double mean, double sumOfSquares, double? sumWeights = null)
    {
        if (count < 0 || !double.IsFinite(mean) || !double.IsFinite(sumOfSquares) || sumOfSquares < 0 || (count == 0 && (mean != 0 || sumOfSquares != 0)))
        {
            throw new ArgumentException("a spread needs a count of at least 0, a finite mean and a finite sum of squares of at least 0 (both 0 without values)");
        }

        Count = count;
        Mean = mean;
        SumOfSquares = sumOfSquares;
        SumWeights = sumWeights ?? count;
    }

    private bool _weighted;

    public long Count { get; private set; }

    /// <summary>Σ w: the count, as a double, when every weight is 1.</summary>
    public double SumWeights { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Σ (y − ȳ)².</summary>
    public double SumOfSquares { get; private set; }

    /// <param name="weight">Finite and ≥ 0 (the readers check it); a zero-weight value is counted and moves nothing.</param>
    public void Add(double value, double weight = 1)
    {
        Count++;
        if (weight == 0)
        {
            return;
        }

        SumWeights += weight;
        var delta = value - Mean;
        if (weight == 1)
        {
            Mean += delta / SumWeights;
            SumOfSquares += delta * (value - Mean);
            return;
        }

        // w / W first: the first value's ratio is exactly 1, so the mean starts exactly at it (δ·w/W could be an ulp
        // off, and δ is the value itself there: an ulp of the mean times δ would swamp the sum of squares).
        _weighted = true;
        Mean += delta * (weight / SumWeights);
        SumOfSquares += weight * delta * (value - Mean);
    }

    /// <summary>Adds another spread's values, as if they had come after these.</summary>
    public void Merge(TargetSpread other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        Count += other.Count;
        if (other.SumWeights == 0)
        {
            return;
        }

        var weights = SumWeights + other.SumWeights;
        var delta = other.Mean - Mean;
        if (!_weighted && !other._weighted)
        {
            // Counts: the unweighted arithmetic exactly as it always was.
            SumOfSquares += other.SumOfSquares + (delta * delta * SumWeights / weights * other.SumWeights);
            Mean += delta * other.SumWeights / weights;
        }
        else
        {
            _weighted = true;
            SumOfSquares += other.SumOfSquares + (delta * delta * (SumWeights / weights) * other.SumWeights);
            Mean += delta * (other.SumWeights / weights);
        }

        SumWeights = weights;
    }
}
