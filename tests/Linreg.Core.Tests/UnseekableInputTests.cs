using System.Diagnostics;
using System.Globalization;
using Linreg.Core;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// A path that can be read only once (a FIFO, as <c>&lt;(cat data.csv)</c> and <c>/dev/stdin</c> are) is data like
/// any file for every command that reads it once; --stream, which reads the file every epoch, refuses it in a line.
/// </summary>
public class UnseekableInputTests
{
    private const string Csv = "x,y\n1,2\n2,4\n3,6\n";

    /// <summary>A FIFO in <paramref name="temp"/> that a writer fills with <paramref name="text"/> once a reader opens it.</summary>
    private static (string Path, Task Writer) Fifo(TempFolder temp, string name, string text)
    {
        var path = temp.File(name);
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Open for writing blocks until the reader opens; a reader that never comes must not hang the test run.
        var writer = Task.Run(() => File.WriteAllText(path, text)).WaitAsync(TimeSpan.FromSeconds(30));
        return (path, writer);
    }

    private static JobIO Quiet(StringWriter output) => new(output, new StringWriter(), () => Stream.Null);

    [Fact]
    public async Task Training_predicting_and_evaluating_read_a_fifo_as_they_read_a_file()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        var (data, writer) = Fifo(temp, "train.fifo", Csv);
        var trained = TrainJob.Run(new TrainJobSettings { Data = [data], ModelPath = model, Training = new TrainSettings { Solver = SolverKind.Lstsq } }, Quiet(new StringWriter()), "test", CancellationToken.None);
        await writer;
        Assert.Equal(3, trained.TrainMetrics.Rows);

        // y = 2x exactly: least squares recovers it from the FIFO's three rows.
        Assert.Equal(2.0, trained.Model.Weights[0], 1e-5);

        var (rows, predictWriter) = Fifo(temp, "predict.fifo", "x\n5\n");
        var predictions = new StringWriter();
        PredictJob.Run(new PredictJobSettings { ModelPath = model, Data = rows }, Quiet(predictions), CancellationToken.None);
        await predictWriter;
        Assert.Equal(10.0, double.Parse(predictions.ToString(), CultureInfo.InvariantCulture), 1e-4);

        var (labelled, evaluateWriter) = Fifo(temp, "evaluate.fifo", Csv);
        var metrics = EvaluateJob.Run(new EvaluateJobSettings { ModelPath = model, Data = labelled }, Quiet(new StringWriter()), CancellationToken.None).Metrics;
        await evaluateWriter;
        Assert.Equal(3, metrics.Rows);
        Assert.Equal(ModelFile.Load(model).Model.Bias, trained.Model.Bias);
    }

    [Fact]
    public async Task A_fifo_serves_as_validation_data()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", Csv);
        var (validation, writer) = Fifo(temp, "validation.fifo", "x,y\n4,8\n5,10\n");
        var outcome = TrainJob.Run(new TrainJobSettings { Data = [data], ValidationPath = validation, Training = new TrainSettings { Epochs = 5, LogEvery = 0 } }, Quiet(new StringWriter()), "test", CancellationToken.None);
        await writer;
        Assert.Equal(2, outcome.ValidationMetrics!.Rows);
    }

    [Fact]
    public async Task Streaming_refuses_a_fifo_in_one_line()
    {
        using var temp = new TempFolder();
        var (data, writer) = Fifo(temp, "stream.fifo", Csv);
        var e = Assert.Throws<LinregException>(() => TrainJob.Run(new TrainJobSettings { Data = [data], Stream = true }, Quiet(new StringWriter()), "test", CancellationToken.None));
        Assert.Equal(ExitCode.UsageError, e.Code);
        Assert.Equal($"--stream: {data} can be read only once (a pipe or FIFO), and a stream reads the file again every epoch; give a regular file", e.Message);
        await writer;
    }
}
