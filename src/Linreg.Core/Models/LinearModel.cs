namespace Linreg.Core.Models;

/// <summary>y = w · x + b over named features: what training produces and prediction needs.</summary>
public sealed record LinearModel
{
    public LinearModel(IReadOnlyList<string> featureNames, string targetName, IReadOnlyList<float> weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(weights);
        if (featureNames.Count == 0 || featureNames.Count != weights.Count)
        {
            throw new ArgumentException($"{weights.Count} weight(s) for {featureNames.Count} feature(s)");
        }

        FeatureNames = [.. featureNames];
        TargetName = targetName;
        Weights = [.. weights];
        Bias = bias;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public string TargetName { get; }

    public IReadOnlyList<float> Weights { get; }

    public float Bias { get; }

    public int FeatureCount => FeatureNames.Count;

    /// <summary>Accumulates in double and rounds once, so a prediction does not depend on feature order.</summary>
    public float Predict(ReadOnlySpan<float> features)
    {
        var sum = (double)Bias;
        for (var i = 0; i < Weights.Count; i++)
        {
            sum += (double)Weights[i] * features[i];
        }

        return (float)sum;
    }
}
