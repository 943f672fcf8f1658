namespace Linreg.Core.Models;

/// <summary>y = w · x + b over named features, in double precision: what training produces and prediction needs.</summary>
public sealed record LinearModel
{
    public LinearModel(IReadOnlyList<string> featureNames, string targetName, IReadOnlyList<double> weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(weights);
        if (featureNames.Count == 0 || featureNames.Count != weights.Count)
        {
            throw new ArgumentException($"{weights.Count} weight(s) for {featureNames.Count} feature(s)");
        }

        FeatureNames = [.. featureNames];
        TargetName = targetName;
        _weights = [.. weights];
        Bias = bias;
    }

    // Arrays rather than the interfaces the properties show: Predict runs once per row of every data set, and
    // interface calls per value made a metrics pass over 1M × 10 rows take 100 ms instead of 10.
    private readonly double[] _weights;
    private ScaledLine? _scaled;

    public IReadOnlyList<string> FeatureNames { get; }

    public string TargetName { get; }

    /// <summary>The weights in the data's units; an aliased feature's is 0, which is how it enters every prediction.</summary>
    public IReadOnlyList<double> Weights => _weights;

    public double Bias { get; }

    public int FeatureCount => FeatureNames.Count;

    /// <summary>
    /// Features the exact solver found to be linear combinations of earlier ones (R's aliased coefficients, NA in
    /// its summary): they have no estimate of their own; empty when there are none.
    /// </summary>
    public IReadOnlyList<string> Aliased { get; init; } = [];

    /// <summary>False for a line through the origin (--no-intercept): the bias is then 0 and not estimated.</summary>
    public bool HasIntercept { get; init; } = true;

    /// <summary>The exact solver's coefficient table, fit statistics and what intervals need; null for gradient descent.</summary>
    public ModelInference? Inference { get; init; }

    /// <summary>
    /// Set when the model was trained on standardized features: the scaling and the weights as trained. Predictions
    /// then scale the features first; <see cref="Weights"/> and <see cref="Bias"/> hold the same line in the
    /// original units, so readers that know nothing of scaling still predict correctly.
    /// </summary>
    public ModelScaling? Scaling
    {
        get => _scaled?.Source;
        init => _scaled = value is null ? null : new ScaledLine(value);
    }

    /// <summary>
    /// How the features are made from a table's columns (a formula, or categorical columns); null when the
    /// features are the table's columns themselves.
    /// </summary>
    public Design.ModelDesign? Design { get; init; }

    /// <summary>How many values a row of input columns holds: the design's inputs, or the features.</summary>
    public int InputCount => Design?.Inputs.Count ?? FeatureCount;

    /// <summary>The prediction for a row of input columns (<see cref="InputCount"/> values), through the design when there is one.</summary>
    public double PredictInputs(ReadOnlySpan<double> inputs)
    {
        if (Design is not { } design)
        {
            return Predict(inputs);
        }

        Span<double> features = FeatureCount <= 256 ? stackalloc double[FeatureCount] : new double[FeatureCount];
        design.Expand(inputs, features);
        return Predict(features);
    }

    public bool IsAliased(int feature) => Aliased.Count > 0 && Aliased.Contains(FeatureNames[feature]);

    public double Predict(ReadOnlySpan<double> features)
    {
        if (_scaled is { } scaled)
        {
            return scaled.Predict(features);
        }

        var weights = _weights;
        features = features[..weights.Length];
        var sum = Bias;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * features[i];
        }

        return sum;
    }

    private sealed class ScaledLine(ModelScaling source)
    {
        private readonly double[] _mean = [.. source.Mean];
        private readonly double[] _scale = [.. source.Scale];
        private readonly double[] _weights = [.. source.Weights];

        public ModelScaling Source { get; } = source;

        public double Predict(ReadOnlySpan<double> features)
        {
            features = features[.._weights.Length];
            var sum = Source.Bias;
            for (var i = 0; i < _weights.Length; i++)
            {
                sum += _weights[i] * ((features[i] - _mean[i]) / _scale[i]);
            }

            return sum;
        }
    }
}

/// <summary>Feature standardization stored with a model: x' = (x - mean) / scale, and the weights trained on x'.</summary>
public sealed record ModelScaling(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale, IReadOnlyList<double> Weights, double Bias);
