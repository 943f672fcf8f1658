using System.Globalization;

namespace Linreg.Core.Training;

/// <summary>The <c>--log</c> file: every step's weights, bias and cost as CSV, values in round-trip form.</summary>
public sealed class StepLogObserver : ITrainingObserver
{
    private readonly TextWriter _output;
    private readonly bool _withBatch;

    /// <param name="withBatch">Mini-batch training: a batch column follows the epoch.</param>
    public StepLogObserver(TextWriter output, int featureCount, bool withBatch)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _withBatch = withBatch;
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
            _output.Write(weight.ToString("R", CultureInfo.InvariantCulture));
        }

        _output.Write(',');
        _output.Write(report.Bias.ToString("R", CultureInfo.InvariantCulture));
        _output.Write(',');
        _output.WriteLine(report.Cost.ToString("R", CultureInfo.InvariantCulture));
    }
}
