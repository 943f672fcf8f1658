using System.Runtime.InteropServices;

namespace Linreg.Core.Data;

/// <summary>
/// A table of features (row-major, <see cref="RowCount"/> × <see cref="FeatureCount"/>) and targets in double, each
/// the decimal text correctly rounded: what the exact solver, metrics and inference need. Gradient descent's tensors
/// are made from it (rounded to float32, as PyTorch rounds what pandas reads, unless --dtype float64).
/// </summary>
public sealed class Dataset
{
    /// <param name="weights">Each row's weight (finite, ≥ 0, not all 0), or null for unweighted rows: nothing is stored or computed for them then.</param>
    public Dataset(string sourceName, IReadOnlyList<string> featureNames, string targetName, double[] features, double[] targets, long droppedRows = 0, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureNames.Count == 0 || features.Length != targets.Length * featureNames.Count)
        {
            throw new ArgumentException($"features hold {features.Length} values, expected {targets.Length} rows × {featureNames.Count}");
        }

        if (weights is not null && weights.Length != targets.Length)
        {
            throw new ArgumentException($"{weights.Length} weights for {targets.Length} rows", nameof(weights));
        }

        SourceName = sourceName;
        FeatureNames = featureNames;
        TargetName = targetName;
        Features = features;
        Targets = targets;
        DroppedRows = droppedRows;
        Weights = weights;
        _moments = new Lazy<DataMoments>(() => DataMoments.Compute(this));
    }

    private readonly Lazy<DataMoments> _moments;

    /// <summary>Means and covariances, computed on first use (~20 ms for 1M × 10) and kept: training and the least-squares optimum both use them.</summary>
    public DataMoments Moments => _moments.Value;

    public string SourceName { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public string TargetName { get; }

    public double[] Features { get; }

    public double[] Targets { get; }

    /// <summary>The rows' weights (--weights), or null when every row weighs 1.</summary>
    public double[]? Weights { get; }

    public int RowCount => Targets.Length;

    /// <summary>Row <paramref name="index"/>'s weight: 1 without --weights.</summary>
    public double Weight(int index) => Weights is null ? 1 : Weights[index];

    public int FeatureCount => FeatureNames.Count;

    /// <summary>Rows skipped under <see cref="MissingValuePolicy.Drop"/>.</summary>
    public long DroppedRows { get; }

    public ReadOnlySpan<double> Row(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>
    /// FNV-1a over the values as stored, in hex: the same numbers in the same order give the same text on every
    /// machine, so a checkpoint can tell whether it is resumed on the data it was made from.
    /// </summary>
    public string Fingerprint()
    {
        const ulong prime = 0x100000001b3;
        var hash = 0xcbf29ce484222325UL ^ (ulong)FeatureCount;
        foreach (var span in Weights is null ? new[] { Features, Targets } : [Features, Targets, Weights])
        {
            foreach (var word in MemoryMarshal.Cast<double, ulong>(span))
            {
                hash = (hash ^ word) * prime;
            }
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
