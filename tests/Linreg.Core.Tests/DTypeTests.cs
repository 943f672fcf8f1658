using System.Globalization;
using System.Text.Json;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;
using static TorchSharp.torch;

namespace Linreg.Core.Tests;

/// <summary>
/// --dtype float64: gradient descent on float64 tensors gets as close to the optimum as float64 allows, starts where
/// a float32 run starts, and writes its values in double's shortest form; float32 stays the lesson's.
/// </summary>
public class DTypeTests
{
    /// <summary>y = 2·x1 − 3·x2 + 0.5 exactly on the grid {−2…2}²: the least-squares solution is (2, −3, 0.5) exactly.</summary>
    private static Dataset ExactPlane()
    {
        var features = new List<double>();
        var targets = new List<double>();
        for (var x1 = -2; x1 <= 2; x1++)
        {
            for (var x2 = -2; x2 <= 2; x2++)
            {
                features.AddRange([x1, x2]);
                targets.Add((2.0 * x1) - (3.0 * x2) + 0.5);
            }
        }

        return new Dataset("plane", ["x1", "x2"], "y", [.. features], [.. targets]);
    }

    private static double LargestRelativeError(TrainingResult result)
    {
        double[] expected = [2, -3, 0.5];
        double[] actual = [.. result.Weights, result.Bias];
        return expected.Zip(actual, (e, a) => Math.Abs(a - e) / Math.Abs(e)).Max();
    }

    [Theory]
    [InlineData(CostSource.Rows)]
    [InlineData(CostSource.Moments)]
    public void Float64_descent_reaches_a_known_exact_optimum_much_closer_than_float32(CostSource costFrom)
    {
        var data = ExactPlane();
        var settings = new TrainSettings { LearningRate = 0.05, Epochs = 3000, LogEvery = 0, CostFrom = costFrom };
        var float32 = Trainer.Train(data, settings, [], CancellationToken.None);
        var float64 = Trainer.Train(data, settings with { DType = DataType.Float64 }, [], CancellationToken.None);

        Assert.InRange(LargestRelativeError(float64), 0, 1e-12);
        Assert.InRange(LargestRelativeError(float32), 1e-9, 1e-5);
        if (costFrom == CostSource.Rows)
        {
            // On the moments the cost is a difference of terms of about 26, exact only to their rounding.
            Assert.InRange(float64.FinalCost, 0, 1e-25);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Float64_linear_init_draws_the_same_numbers_as_float32_and_widens_them(int features)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        manual_seed(1);
        var (w32, b32) = ParameterInit.Create(features, InitMode.Linear, CPU, DataType.Float32);
        manual_seed(1);
        var (w64, b64) = ParameterInit.Create(features, InitMode.Linear, CPU, DataType.Float64);
        using (w32)
        using (b32)
        using (w64)
        using (b64)
        {
            Assert.Equal(ScalarType.Float64, w64.dtype);
            Assert.Equal(ScalarType.Float64, b64.dtype);
            Assert.Equal(w32.shape, w64.shape);
            Assert.Equal(w32.data<float>().ToArray().Select(v => (double)v), w64.data<double>().ToArray());
            Assert.Equal((double)b32.item<float>(), b64.item<double>());
        }
    }

    private sealed class Reports : ITrainingObserver
    {
        public List<double[]> Rows { get; } = [];

        public bool WantsStep(int epoch) => true;

        public void OnStep(in StepReport report)
        {
            if (!report.IsEpochSummary)
            {
                Rows.Add([.. report.Weights.ToArray(), report.Bias, report.Cost]);
            }
        }
    }

    private static (TrainOutcome Outcome, string[] Log, List<double[]> Reports) TrainWithLog(DataType dtype)
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", "x1,x2,y\n1,0.3,2.1\n2,0.7,3.9\n3,0.2,6.3\n4,0.9,7.7\n");
        var log = temp.File("steps.csv");
        var reports = new Reports();
        var io = new JobIO(new StringWriter(), new StringWriter(), () => Stream.Null);
        var settings = new TrainJobSettings { Data = [data], StepLogPath = log, Training = new TrainSettings { Epochs = 50, LogEvery = 0, DType = dtype } };
        var outcome = TrainJob.Run(settings, io, "test", CancellationToken.None, [reports]);
        return (outcome, File.ReadAllLines(log), reports.Rows);
    }

    [Fact]
    public void The_float64_step_log_round_trips_every_double()
    {
        var (outcome, log, reports) = TrainWithLog(DataType.Float64);
        Assert.Equal("epoch,w1,w2,b,cost", log[0]);
        Assert.Equal(reports.Count + 1, log.Length);
        var beyondFloat32 = 0;
        for (var step = 0; step < reports.Count; step++)
        {
            var values = log[step + 1].Split(',')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(reports[step], values);
            beyondFloat32 += values.Count(v => (double)(float)v != v);
        }

        // The log really holds doubles, not float32 values widened.
        Assert.True(beyondFloat32 > reports.Count, $"{beyondFloat32} values beyond float32 in {reports.Count} steps");
        Assert.Equal([.. outcome.Model.Weights, outcome.Model.Bias, outcome.Result.FinalCost], reports[^1]);
    }

    [Fact]
    public void The_float32_step_log_keeps_float32s_shortest_form()
    {
        var (outcome, log, reports) = TrainWithLog(DataType.Float32);
        for (var step = 0; step < reports.Count; step++)
        {
            var cells = log[step + 1].Split(',')[1..];
            Assert.Equal(reports[step].Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture)), cells);
            Assert.All(reports[step], v => Assert.Equal(v, (double)(float)v));
        }

        Assert.Equal((double)(float)outcome.Result.FinalCost, outcome.Result.FinalCost);
    }

    [Fact]
    public void A_float64_model_records_its_dtype_and_cost_and_inspect_shows_them()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", "x,y\n1,2.1\n2,3.9\n3,6.3\n");
        var io = new JobIO(new StringWriter(), new StringWriter(), () => Stream.Null);
        string Train(DataType dtype)
        {
            var path = temp.File($"{dtype}.json");
            TrainJob.Run(new TrainJobSettings { Data = [data], ModelPath = path, Training = new TrainSettings { Epochs = 100, LogEvery = 0, DType = dtype } }, io, "test", CancellationToken.None);
            return path;
        }

        var float64 = Train(DataType.Float64);
        var float32 = Train(DataType.Float32);
        using (var json = JsonDocument.Parse(File.ReadAllText(float64)))
        {
            var training = json.RootElement.GetProperty("training");
            Assert.Equal("float64", training.GetProperty("settings").GetProperty("dtype").GetString());
            var read = ModelFile.Load(float64).Training!;
            Assert.Equal(DataType.Float64, read.Settings.DType);
            Assert.Equal(training.GetProperty("finalCost").GetDouble(), read.FinalCost);
            Assert.NotEqual((double)(float)read.FinalCost, read.FinalCost);
        }

        // A float32 run writes no dtype (files read without one are float32), and its cost as float32.
        using (var json = JsonDocument.Parse(File.ReadAllText(float32)))
        {
            Assert.False(json.RootElement.GetProperty("training").GetProperty("settings").TryGetProperty("dtype", out _));
            Assert.Equal(DataType.Float32, ModelFile.Load(float32).Training!.Settings.DType);
        }

        var output = new StringWriter { NewLine = "\n" };
        InspectJob.Run(new InspectJobSettings { ModelPath = float64 }, new JobIO(output, TextWriter.Null, () => Stream.Null));
        var cost = ModelFile.Load(float64).Training!.FinalCost.ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains("settings:    lr 0.01, epochs 100, seed 1, log every 0, device cpu, dtype float64\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"final cost {cost}\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Float64_trains_on_values_beyond_float32s_range()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", "x,y\n1,1e39\n2,2e39\n3,3e39\n");
        var io = new JobIO(new StringWriter(), new StringWriter(), () => Stream.Null);
        TrainJobSettings Settings(DataType dtype) => new() { Data = [data], Training = new TrainSettings { Epochs = 100, LogEvery = 0, DType = dtype } };

        var refused = Assert.Throws<LinregException>(() => TrainJob.Run(Settings(DataType.Float32), io, "test", CancellationToken.None));
        Assert.Equal(ExitCode.DataError, refused.Code);
        Assert.Contains("--dtype float64", refused.Message, StringComparison.Ordinal);
        var trained = TrainJob.Run(Settings(DataType.Float64), io, "test", CancellationToken.None);
        Assert.True(double.IsFinite(trained.Model.Weights[0]) && trained.Model.Weights[0] > float.MaxValue);
    }
}
