using System.Diagnostics;
using System.Globalization;
using Linreg.Core.Training;

namespace Linreg.Cli.Output;

/// <summary>
/// Progress of a long training run on stderr: a bar redrawn in place when stderr is a terminal, a plain line every
/// few seconds when it is a file or a pipe. Runs shorter than a second show nothing, so the lesson's output and
/// quick runs in scripts stay as they are.
/// </summary>
internal sealed class ProgressObserver(TextWriter error, bool isTerminal, bool color, int epochs, Func<TimeSpan>? clock = null) : ITrainingObserver
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(5);

    private readonly Func<TimeSpan> _clock = clock ?? StartClock();
    private TimeSpan _lastShown = TimeSpan.Zero;
    private long _steps;
    private int? _firstEpoch;
    private bool _barDrawn;

    public bool WantsParameters => false;

    public bool WantsStep(int epoch) => true;

    public void OnStep(in StepReport report)
    {
        if (report.IsEpochSummary)
        {
            return;
        }

        _steps++;
        _firstEpoch ??= report.Epoch;
        var now = _clock();
        if (now < QuietFor || now - _lastShown < (isTerminal ? RedrawEvery : LineEvery))
        {
            return;
        }

        _lastShown = now;
        var done = report.Epoch + (report.EpochFraction ?? (report.IsLastBatch ? 1 : 0)) - _firstEpoch.Value;
        var total = epochs - _firstEpoch.Value;
        var fraction = total > 0 ? Math.Clamp(done / total, 0, 1) : 1;
        var rate = _steps / now.TotalSeconds;
        var eta = fraction > 0 ? TimeSpan.FromSeconds(now.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        var cost = LessonLogFormat.Fixed(report.Cost, 6);
        var c = CultureInfo.InvariantCulture;
        if (isTerminal)
        {
            const int width = 24;
            var filled = (int)Math.Round(fraction * width);
            var shownCost = color ? $"\u001b[36m{cost}\u001b[0m" : cost;
            error.Write(string.Create(c, $"\r[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,5:F1}% epoch {report.Epoch + 1}/{epochs} cost {shownCost} {rate:F0} steps/s ETA {Eta(eta)}  "));
            _barDrawn = true;
        }
        else
        {
            error.WriteLine(string.Create(c, $"linreg: epoch {report.Epoch + 1}/{epochs} ({fraction * 100:F0}%), cost {cost}, {rate:F0} steps/s, ETA {Eta(eta)}"));
        }

        error.Flush();
    }

    /// <summary>Clears the bar, so what follows starts on a clean line.</summary>
    public void Finish()
    {
        if (_barDrawn)
        {
            error.Write("\r\u001b[K");
            error.Flush();
            _barDrawn = false;
        }
    }

    private static Func<TimeSpan> StartClock()
    {
        var stopwatch = Stopwatch.StartNew();
        return () => stopwatch.Elapsed;
    }

    private static string Eta(TimeSpan eta) => eta.TotalHours >= 1
        ? eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : eta.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
