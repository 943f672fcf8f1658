using Linreg.Core.IO;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// What every training run reports to, in memory or streamed: the lesson's log, the --log file, the --plot cost
/// history and the host's own observers. <see cref="Complete"/> writes the files once training has succeeded;
/// disposing without it leaves no --log file behind.
/// </summary>
internal sealed class RunObservers : IDisposable
{
    private readonly List<ITrainingObserver> _all;
    private readonly AtomicFile? _stepLog;
    private readonly CostHistoryObserver? _costs;
    private readonly TrainJobSettings _settings;
    private readonly IReadOnlyList<string?> _inputs;

    public RunObservers(TrainJobSettings settings, IReadOnlyList<string?> inputs, int featureCount, bool batched, JobIO io, IReadOnlyList<ITrainingObserver> extra)
    {
        _settings = settings;
        _inputs = inputs;
        _all = [new LessonLogObserver(io.Output, settings.Training.LogEvery)];
        _stepLog = settings.StepLogPath is null ? null : AtomicFile.Create(settings.StepLogPath, "--log", inputs);
        if (_stepLog is not null)
        {
            _all.Add(new StepLogObserver(_stepLog.Writer, featureCount, batched, settings.Training.DType));
        }

        _costs = settings.PlotPath is null ? null : new CostHistoryObserver();
        if (_costs is not null)
        {
            _all.Add(_costs);
        }

        _all.AddRange(extra);
    }

    public IReadOnlyList<ITrainingObserver> All => _all;

    public void Add(ITrainingObserver observer) => _all.Add(observer);

    /// <param name="cancellationToken">Ctrl-C while the loss plot renders: no image, exit 130.</param>
    public void Complete(CancellationToken cancellationToken)
    {
        _stepLog?.Commit();
        if (_costs is not null)
        {
            Plots.LossPlot.Save(_costs.Points, _settings.PlotPath!, _inputs, cancellationToken: cancellationToken);
        }
    }

    public void Dispose() => _stepLog?.Dispose();
}
