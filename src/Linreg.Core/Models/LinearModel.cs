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

    /// <summary>
    /// Set when the model was trained on standardized features: the scaling and the weights as trained. Predictions
    /// then scale the features first; <see cref="Weights"/> and <see cref="Bias"/> hold the same line in the
    /// original units, so readers that know nothing of scaling still predict correctly.
    /// </summary>
    public ModelScaling? Scaling { get; init; }

    /// <summary>Accumulates in double and rounds once, so a prediction does not depend on feature order.</summary>
    public float Predict(ReadOnlySpan<float> features)
    {
        if (Scaling is { } scaling)
        {
            var scaled = (double)scaling.Bias;
            for (var i = 0; i < scaling.Weights.Count; i++)
            {
                scaled += scaling.Weights[i] * ((features[i] - scaling.Mean[i]) / scaling.Scale[i]);
            }

            return (float)scaled;
        }

        var sum = (double)Bias;
        for (var i = 0; i < Weights.Count; i++)
        {
            sum += (double)Weights[i] * features[i];
        }

        return (float)sum;
    }
}

/// <summary>Feature standardization stored with a model: x' = (x - mean) / scale, and the weights trained on x'.</summary>
public sealed record ModelScaling(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale, IReadOnlyList<float> Weights, float Bias);
