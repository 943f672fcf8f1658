namespace Linreg.Core.Design;

/// <summary>
/// A design for rows that are folded, not held (<c>linreg stats</c>, <c>--stream</c>): the levels are known (a first
/// pass read them), so each row read as [inputs | target | weight] becomes the design's row on its own.
/// </summary>
public sealed class StreamedDesign
{
    private readonly int _inputs;
    private readonly (int At, int[] Remap)[] _remaps;

    internal StreamedDesign(ModelDesign design, string targetName, int inputs, (int At, int[] Remap)[] remaps)
    {
        Design = design;
        TargetName = targetName;
        _inputs = inputs;
        _remaps = remaps;
    }

    public ModelDesign Design { get; }

    /// <summary>The target as the formula names it (np.log(y)), or its column's name.</summary>
    public string TargetName { get; }

    public int Width => Design.FeatureNames.Count;

    /// <summary>
    /// The design's row of a streamed row into <paramref name="features"/>, and its target; false when a value is
    /// not a finite number (a log of zero, a missing cell the reader kept), which --missing decides.
    /// </summary>
    public bool TryExpand(ReadOnlySpan<double> row, Span<double> inputs, Span<double> features, out double target)
    {
        row[.._inputs].CopyTo(inputs);
        foreach (var (at, remap) in _remaps)
        {
            inputs[at] = remap[(int)inputs[at]];
        }

        Design.Expand(inputs[.._inputs], features);
        target = Design.TargetValue(row[_inputs]);
        if (!double.IsFinite(target))
        {
            return false;
        }

        foreach (var value in features)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
