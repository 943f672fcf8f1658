using Linreg.Core.Plots;

namespace Linreg.Core.Training;

/// <summary>Every step's cost, for the --plot loss curve: the cost alone, so W and b stay inside libtorch.</summary>
public sealed class CostHistoryObserver : ITrainingObserver
{
    private readonly List<CostPoint> _points = [];
    private int _step;

    public IReadOnlyList<CostPoint> Points => _points;

    public bool WantsParameters => false;

    public bool WantsStep(int epoch) => true;

    public void OnStep(in StepReport report)
    {
        if (!report.IsEpochSummary)
        {
            _points.Add(new CostPoint(_step++, report.Cost));
        }
    }
}
