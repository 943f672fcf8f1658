namespace Linreg.Core.Training;

/// <summary>Saves a checkpoint every N epochs (at the end of the epoch) and when training is interrupted, so --resume loses nothing.</summary>
public sealed class CheckpointObserver(string path, int every, Data.Dataset data, TrainSettings settings, IEnumerable<string?> inputs) : ITrainingObserver
{
    private readonly string _fingerprint = data.Fingerprint();

    /// <summary>The step the last saved checkpoint resumes from, or null before the first save.</summary>
    public int? SavedNextEpoch { get; private set; }

    public string Path => path;

    public bool WantsStep(int epoch) => (epoch + 1) % every == 0;

    public void OnStep(in StepReport report)
    {
        if (report.IsLastBatch)
        {
            Save(report);
        }
    }

    public void OnInterrupted(in StepReport lastCompleted)
    {
        if (lastCompleted.Epoch >= 0)
        {
            Save(lastCompleted);
        }
    }

    private void Save(in StepReport report)
    {
        var model = new Models.LinearModel(data.FeatureNames, data.TargetName, report.Weights.ToArray(), report.Bias);
        CheckpointFile.Save(new Checkpoint(report.Epoch + 1, model, settings, data.RowCount, _fingerprint) { Stopping = report.Stopping }, path, inputs);
        SavedNextEpoch = report.Epoch + 1;
    }
}
