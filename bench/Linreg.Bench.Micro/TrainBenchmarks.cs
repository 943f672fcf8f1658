using BenchmarkDotNet.Attributes;
using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Bench.Micro;

/// <summary>
/// 100 full-batch SGD steps at lr 0.1 on N × 10 float32 data already in memory: the Core's <see cref="Trainer"/>
/// (TorchSharp autograd, what <c>linreg train</c> runs), against two plain-C# baselines of the same gradient descent on
/// the MSE: a fused single-threaded loop (one pass over the data per step), and sufficient statistics (one pass to
/// XᵀX, Xᵀy, then 100 steps of k×k arithmetic). The baselines are not bit-identical to PyTorch; they show where the
/// floor is. The ms/step column is the mean over the 100 steps.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class TrainBenchmarks
{
    public const int Steps = 100;
    public const double LearningRate = 0.1;

    private Dataset _data = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (features, targets) = SyntheticData.Floats(Rows);
        _data = new Dataset("synthetic", SyntheticData.FeatureNames(), "y", features, targets);
    }

    [Benchmark(Baseline = true, Description = "Trainer.Train (TorchSharp)")]
    public float TorchSharpTrainer() =>
        Trainer.Train(_data, new TrainSettings { LearningRate = LearningRate, Epochs = Steps, LogEvery = 0 }, [], CancellationToken.None).FinalCost;

    [Benchmark(Description = "baseline: fused C# loop, 1 thread")]
    public float FusedLoop()
    {
        var k = _data.FeatureCount;
        var n = _data.RowCount;
        var x = _data.Features;
        var y = _data.Targets;
        var w = new float[k];
        var b = 0f;
        var gw = new double[k];
        var cost = 0.0;
        for (var step = 0; step < Steps; step++)
        {
            Array.Clear(gw);
            var gb = 0.0;
            cost = 0;
            for (var r = 0; r < n; r++)
            {
                var row = x.AsSpan(r * k, k);
                var h = b;
                for (var j = 0; j < k; j++)
                {
                    h += row[j] * w[j];
                }

                var e = h - y[r];
                cost += e * e;
                gb += e;
                for (var j = 0; j < k; j++)
                {
                    gw[j] += e * row[j];
                }
            }

            for (var j = 0; j < k; j++)
            {
                w[j] -= (float)(LearningRate * 2 * gw[j] / n);
            }

            b -= (float)(LearningRate * 2 * gb / n);
        }

        return (float)(cost / n);
    }

    [Benchmark(Description = "baseline: sufficient statistics")]
    public float SufficientStatistics()
    {
        var k = _data.FeatureCount;
        var n = _data.RowCount;
        var x = _data.Features;
        var y = _data.Targets;

        // One pass: XᵀX, Xᵀ1, Xᵀy, 1ᵀy, yᵀy.
        var xtx = new double[k * k];
        var xs = new double[k];
        var xty = new double[k];
        double ys = 0, yy = 0;
        for (var r = 0; r < n; r++)
        {
            var row = x.AsSpan(r * k, k);
            double yr = y[r];
            ys += yr;
            yy += yr * yr;
            for (var i = 0; i < k; i++)
            {
                double xi = row[i];
                xs[i] += xi;
                xty[i] += xi * yr;
                for (var j = 0; j <= i; j++)
                {
                    xtx[(i * k) + j] += xi * row[j];
                }
            }
        }

        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                xtx[(i * k) + j] = xtx[(j * k) + i];
            }
        }

        // Gradient of mean((Xw + b - y)²) is (2/n)(XᵀX w + b Xᵀ1 - Xᵀy) for w and (2/n)(1ᵀX w + n b - 1ᵀy) for b.
        var w = new double[k];
        double b = 0, cost = 0;
        var gw = new double[k];
        for (var step = 0; step < Steps; step++)
        {
            cost = Cost(xtx, xs, xty, ys, yy, n, w, b);
            double gb = (n * b) - ys;
            for (var i = 0; i < k; i++)
            {
                var g = (b * xs[i]) - xty[i];
                for (var j = 0; j < k; j++)
                {
                    g += xtx[(i * k) + j] * w[j];
                }

                gw[i] = g;
                gb += xs[i] * w[i];
            }

            for (var i = 0; i < k; i++)
            {
                w[i] -= LearningRate * 2 * gw[i] / n;
            }

            b -= LearningRate * 2 * gb / n;
        }

        return (float)cost;
    }

    private static double Cost(double[] xtx, double[] xs, double[] xty, double ys, double yy, int n, double[] w, double b)
    {
        // mean((Xw + b - y)²) = (wᵀXᵀXw + 2b·1ᵀXw - 2wᵀXᵀy + n b² - 2b·1ᵀy + yᵀy) / n
        var k = w.Length;
        double quad = 0, lin = 0, xw = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                quad += w[i] * xtx[(i * k) + j] * w[j];
            }

            lin += w[i] * xty[i];
            xw += xs[i] * w[i];
        }

        return (quad + (2 * b * xw) - (2 * lin) + (n * b * b) - (2 * b * ys) + yy) / n;
    }
}
