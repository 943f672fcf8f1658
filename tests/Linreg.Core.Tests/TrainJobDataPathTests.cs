using System.Collections.Concurrent;
using System.Globalization;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Training;
using Linreg.Tests;
using Microsoft.Win32.SafeHandles;

namespace Linreg.Core.Tests;

/// <summary>
/// The train path as the architecture promises it: the data file is opened once, whatever the run does with it
/// (loading on every core, falling back to CsvHelper at an unusual line, standardizing and streaming epoch after
/// epoch), and streamed and in-memory training are one loop with one way of shuffling.
/// </summary>
public class TrainJobDataPathTests
{
    private static string Rows(int count, int unusualAt = -1)
    {
        var random = new Random(3);
        var lines = Enumerable.Range(0, count).Select(i =>
        {
            var x1 = (float)(random.NextDouble() * 10);
            var x2 = (float)(random.NextDouble() * 10);
            var y = (float)((2 * x1) - x2 + 1 + (random.NextDouble() - 0.5));
            return i == unusualAt
                ? string.Create(CultureInfo.InvariantCulture, $"\"{x1:R}\",{x2:R},{y:R}")
                : string.Create(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{y:R}");
        });
        return "x1,x2,y\n" + string.Join('\n', lines) + "\n";
    }

    private static (TrainOutcome Outcome, ConcurrentDictionary<string, int> Opens) Train(TrainJobSettings settings)
    {
        var opens = new ConcurrentDictionary<string, int>();
        SafeFileHandle Open(string path)
        {
            opens.AddOrUpdate(Path.GetFullPath(path), 1, (_, n) => n + 1);
            return File.OpenHandle(path);
        }

        var io = new JobIO(new StringWriter(), new StringWriter(), () => Stream.Null, Open);
        return (TrainJob.Run(settings, io, "test", CancellationToken.None), opens);
    }

    [Theory]
    [InlineData(200_000, -1)] // about 6 MB: two chunks, read on every core
    [InlineData(200_000, 190_000)] // a quoted cell near the end: CsvHelper reads on from there
    [InlineData(300, 150)] // one chunk, unusual in the middle
    public void A_training_run_opens_its_data_file_once(int rows, int unusualAt)
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", Rows(rows, unusualAt));
        var (outcome, opens) = Train(new TrainJobSettings { Data = [data], Training = new TrainSettings { Epochs = 3, LogEvery = 0 } });
        Assert.Equal(rows, outcome.TrainMetrics.Rows);
        Assert.Equal(1, opens[Path.GetFullPath(data)]);
        Assert.Single(opens);
    }

    [Fact]
    public void A_streamed_standardized_run_with_validation_opens_each_file_once()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", Rows(5_000, unusualAt: 4_000));
        var validation = temp.Write("validation.csv", Rows(500));
        var (outcome, opens) = Train(new TrainJobSettings
        {
            Data = [data],
            ValidationPath = validation,
            Stream = true,
            Training = new TrainSettings { Epochs = 3, LogEvery = 0, Standardize = true, BatchSize = 256, LearningRate = 0.05 },
        });
        Assert.Equal(5_000, outcome.TrainMetrics.Rows);
        Assert.Equal(500, outcome.ValidationMetrics!.Rows);
        Assert.Equal(1, opens[Path.GetFullPath(data)]);
        Assert.Equal(1, opens[Path.GetFullPath(validation)]);
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    public void A_file_streamed_in_one_buffer_trains_bit_for_bit_as_the_same_rows_in_memory(DataType dtype)
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", Rows(1_000));
        var training = new TrainSettings { Epochs = 4, LogEvery = 0, BatchSize = 64, Shuffle = true, Seed = 5, LearningRate = 0.01, DType = dtype };
        var inMemory = Train(new TrainJobSettings { Data = [data], Training = training }).Outcome;
        var streamed = Train(new TrainJobSettings { Data = [data], Training = training, Stream = true }).Outcome;
        Assert.Equal(inMemory.Model.Weights, streamed.Model.Weights);
        Assert.Equal(inMemory.Model.Bias, streamed.Model.Bias);
        Assert.Equal(inMemory.Result.FinalCost, streamed.Result.FinalCost);
        Assert.Equal(inMemory.Result.Steps, streamed.Result.Steps);
        if (dtype == DataType.Float64)
        {
            // Really float64: the weights are not float32 values widened.
            Assert.Contains(streamed.Model.Weights, w => (double)(float)w != w);
        }
    }

    [Fact]
    public void Predict_names_the_bad_cell_without_offering_an_option_it_does_not_have()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        Train(new TrainJobSettings { Data = [temp.Write("data.csv", Rows(50))], ModelPath = model, Training = new TrainSettings { Epochs = 1, LogEvery = 0 } });
        var bad = temp.Write("bad.csv", "x1,x2\n1,2\n3,oops\n");
        var io = new JobIO(new StringWriter(), new StringWriter(), () => Stream.Null);
        var e = Assert.Throws<LinregException>(() => PredictJob.Run(new PredictJobSettings { ModelPath = model, Data = bad }, io, CancellationToken.None));
        Assert.Equal(ExitCode.DataError, e.Code);
        Assert.Contains("bad.csv:3:2: column 'x2' has 'oops'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_how_the_steps_were_really_taken()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", Rows(40_000));
        string Inspect(string model)
        {
            var output = new StringWriter { NewLine = "\n" };
            InspectJob.Run(new InspectJobSettings { ModelPath = model }, new JobIO(output, TextWriter.Null, () => Stream.Null));
            return output.ToString();
        }

        // 40,000 rows × 2 features is under the 100,000 values where auto takes moments, so a forced choice shows.
        var moments = temp.File("moments.json");
        Train(new TrainJobSettings { Data = [data], ModelPath = moments, Training = new TrainSettings { Epochs = 2, LogEvery = 0, CostFrom = CostSource.Moments } });
        Assert.Contains("full batch, cost from moments", Inspect(moments), StringComparison.Ordinal);

        // A stream never takes moments, whatever its settings say.
        var streamed = temp.File("streamed.json");
        Train(new TrainJobSettings { Data = [data], ModelPath = streamed, Stream = true, Training = new TrainSettings { Epochs = 1, LogEvery = 0, CostFrom = CostSource.Moments, BatchSize = 50_000 } });
        Assert.Contains("streamed batches of 50000, cost from rows", Inspect(streamed), StringComparison.Ordinal);
    }
}
