namespace Linreg.Core.Training;

/// <summary>Writes the lesson's log line every <c>every</c> steps, starting with step 0, as the lesson's loop does.</summary>
public sealed class LessonLogObserver(TextWriter output, int every) : ITrainingObserver
{
    public bool WantsStep(int epoch) => every > 0 && epoch % every == 0;

    /// <summary>Flushed line by line: a person watching a long run, or a pipe reading it, sees each line as it is made.</summary>
    public void OnStep(in StepReport report)
    {
        if (report.BatchCount == 0)
        {
            return; // A streamed batch: its epoch's line comes with the summary.
        }

        output.WriteLine(LessonLogFormat.Line(report));
        output.Flush();
    }
}
