using System.Globalization;

namespace Linreg.Core.Training;

/// <summary>
/// The <c>--log</c> file: every step's weights, bias and cost as CSV, values in the shortest text that round-trips
/// in the run's dtype: a float32 run's as float32 (0.1, not the 0.10000000149011612 its widened double would be),
/// a float64 run's as double.
/// </summary>
public sealed class StepLogObserver : ITrainingObserver
{
    private readonly TextWriter _output;
    private readonly bool _withBatch;
    private readonly DataType _dtype;

    /// <param name="withBatch">Mini-batch training: a batch column follows the epoch.</param>
    /// <param name="dtype">The run's dtype, which the values are written in.</param>
    public StepLogObserver(TextWriter output, int featureCount, bool withBatch, DataType dtype = DataType.Float32)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _withBatch = withBatch;
        _dtype = dtype;
        var weights = featureCount == 1 ? ["w"] : Enumerable.Range(1, featureCount).Select(i => $"w{i}");
        string[] position = withBatch ? ["epoch", "batch"] : ["epoch"];
        _output.WriteLine(string.Join(',', [.. position, .. weights, "b", "cost"]));
    }

    public bool WantsStep(int epoch) => true;

    public void OnStep(in StepReport report)
    {
        if (report.IsEpochSummary)
        {
            return;
        }

        _output.Write(report.Epoch.ToString(CultureInfo.InvariantCulture));
        if (_withBatch)
        {
            _output.Write(',');
            _output.Write((report.Batch + 1).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var weight in report.Weights.Span)
        {
            _output.Write(',');
            _output.Write(RoundTrip(weight));
        }

        _output.Write(',');
        _output.Write(RoundTrip(report.Bias));
        _output.Write(',');
        _output.WriteLine(RoundTrip(report.Cost));
    }

    private string RoundTrip(double value) => _dtype == DataType.Float32
        ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);
}
