using static TorchSharp.torch;

namespace Linreg.Core.Data;

/// <summary>Holds out a seeded random fraction of the rows for validation.</summary>
public static class DatasetSplit
{
    public static (Dataset Train, Dataset Validation) Split(Dataset data, double fraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a fraction between 0 and 1 (the train job checks --validation-split before reading)");
        }

        var held = (int)Math.Round(data.RowCount * fraction);
        if (held < 1 || held >= data.RowCount)
        {
            throw new LinregException(ExitCode.DataError, $"{data.SourceName}: --validation-split {fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)} of {data.RowCount} rows leaves {held} for validation; both parts need at least one row");
        }

        var order = Permutation(data.RowCount, seed);
        return (Take(data, order.AsSpan(held)), Take(data, order.AsSpan(0, held)));
    }

    /// <summary>
    /// The seeded order of the rows: <c>torch.randperm(rows, generator=torch.Generator().manual_seed(seed))</c>, so a
    /// PyTorch user can draw the same split (or folds) in Python.
    /// </summary>
    public static long[] Permutation(int rows, long seed)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        using var generator = new Generator(unchecked((ulong)seed));
        using var permutation = randperm(rows, generator: generator);
        return permutation.data<long>().ToArray();
    }

    /// <summary>The given rows of <paramref name="data"/>, in that order.</summary>
    public static Dataset Take(Dataset data, ReadOnlySpan<long> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var features = new double[rows.Length * k];
        var targets = new double[rows.Length];
        var weights = data.Weights is null ? null : new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            data.Row((int)rows[i]).CopyTo(features.AsSpan(i * k, k));
            targets[i] = data.Targets[(int)rows[i]];
            weights?[i] = data.Weights![(int)rows[i]];
        }

        return new Dataset(data.SourceName, data.FeatureNames, data.TargetName, features, targets, data.DroppedRows, weights);
    }
}
