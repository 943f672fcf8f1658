namespace Linreg.Core.Data;

/// <summary>
/// A table of float32 features (row-major, <see cref="RowCount"/> × <see cref="FeatureCount"/>) and targets, laid out
/// exactly as the tensors that train on it.
/// </summary>
public sealed class Dataset
{
    public Dataset(string sourceName, IReadOnlyList<string> featureNames, string targetName, float[] features, float[] targets, long droppedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureNames.Count == 0 || features.Length != targets.Length * featureNames.Count)
        {
            throw new ArgumentException($"features hold {features.Length} values, expected {targets.Length} rows × {featureNames.Count}");
        }

        SourceName = sourceName;
        FeatureNames = featureNames;
        TargetName = targetName;
        Features = features;
        Targets = targets;
        DroppedRows = droppedRows;
    }

    public string SourceName { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public string TargetName { get; }

    public float[] Features { get; }

    public float[] Targets { get; }

    public int RowCount => Targets.Length;

    public int FeatureCount => FeatureNames.Count;

    /// <summary>Rows skipped under <see cref="MissingValuePolicy.Drop"/>.</summary>
    public long DroppedRows { get; }

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);
}
