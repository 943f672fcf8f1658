using System.Diagnostics;
using Linreg.Core.Data;
using Linreg.Core.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>The columns a streamed run reads, resolved once from the file's header.</summary>
public sealed record StreamColumns(IReadOnlyList<string> FeatureNames, string TargetName, int[] Indices)
{
    public int FeatureCount => FeatureNames.Count;
}

/// <summary>
/// Mini-batch training that reads the CSV again every epoch, a buffer of rows at a time, so memory stays bounded
/// whatever the file size. With --shuffle, rows are shuffled inside each buffer (seeded by seed, epoch and buffer).
/// Steps are the lesson's; observers see each batch, with the fraction of the file's bytes read so far.
/// </summary>
public sealed class StreamingTrainer(DataSource source, CsvFormat format, StreamColumns columns, MissingValuePolicy missing, Standardization? scaling)
{
    /// <summary>Rows held at once: the shuffle window, and the bound on the data's share of memory.</summary>
    public const int BufferRows = 1 << 16;

    public const int DefaultBatchSize = 4096;

    public long DroppedRows { get; private set; }

    public long Rows { get; private set; }

    public TrainingResult Train(TrainSettings settings, IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(observers);
        settings.Validate();
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var k = columns.FeatureCount;
        var batchSize = Math.Min(settings.BatchSize ?? DefaultBatchSize, BufferRows);
        TorchRuntime.UseThreadsFor((long)batchSize * k);
        manual_seed(settings.Seed);

        var stopwatch = Stopwatch.StartNew();
        var (w, b) = ParameterInit.Create(k, settings.Init, device);
        using var wOwner = w;
        using var bOwner = b;
        using var optimizer = OptimizerFactory.Create(settings, w, b);
        var stopping = new EarlyStopping(settings.Tolerance, settings.Patience);
        var weights = new float[k];
        var features = new float[BufferRows * k];
        var targets = new float[BufferRows];
        var epochCost = float.NaN;
        long steps = 0;
        var epoch = 0;
        var stoppedEarly = false;
        for (; epoch < settings.Epochs && !stoppedEarly; epoch++)
        {
            double costSum = 0;
            long rowsThisEpoch = 0;
            var batch = 0;
            using var reader = NumericCsvReader.Open(source, format);
            var length = source.Length;
            long dropped = 0;
            var chunk = 0;
            int filled;
            while ((filled = Fill(reader, features, targets, k, ref dropped, cancellationToken)) > 0)
            {
                var order = Order(filled, settings, epoch, chunk++);
                for (var start = 0; start < filled; start += batchSize)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new LinregException(ExitCode.Interrupted, $"interrupted in epoch {epoch}, after {batch} batch(es); no model was written");
                    }

                    var count = Math.Min(batchSize, filled - start);
                    float cost;
                    using (NewDisposeScope())
                    {
                        var (x, y) = Batch(features, targets, k, order, start, count, device);
                        cost = Trainer.Step(optimizer, x, y, w, b);
                    }

                    steps++;
                    if (!float.IsFinite(cost))
                    {
                        throw Trainer.Diverged(epoch, cost, settings);
                    }

                    costSum += (double)cost * count;
                    rowsThisEpoch += count;
                    var fraction = length > 0 ? Math.Min(1, (double)reader.BytesRead / length) : (double?)null;
                    Trainer.Notify(observers, w, b, weights, new StepReport(epoch, settings.Epochs, cost, weights, 0, batch++, 0) { EpochFraction = fraction });
                }
            }

            if (rowsThisEpoch == 0)
            {
                throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: nothing to train on: {(dropped > 0 ? $"all {dropped} data row(s) had missing or non-numeric values" : "no data rows")}");
            }

            Rows = rowsThisEpoch;
            DroppedRows = dropped;
            epochCost = (float)(costSum / rowsThisEpoch);
            Trainer.Notify(observers, w, b, weights, new StepReport(epoch, settings.Epochs, epochCost, weights, 0) { IsEpochSummary = true, EpochFraction = 1 });
            stoppedEarly = stopping.ShouldStop(epochCost);
        }

        var bias = Trainer.ReadParameters(w, b, weights);
        if (!float.IsFinite(bias) || weights.Any(v => !float.IsFinite(v)))
        {
            throw Trainer.Diverged(epoch - 1, float.PositiveInfinity, settings);
        }

        return new TrainingResult(weights, bias, epochCost, epoch, steps, stoppedEarly, stopwatch.Elapsed);
    }

    /// <summary>Reads up to a buffer of rows, standardized as they arrive when the run standardizes.</summary>
    private int Fill(NumericCsvReader reader, float[] features, float[] targets, int k, ref long dropped, CancellationToken cancellationToken)
    {
        Span<float> row = stackalloc float[k + 1];
        var count = 0;
        while (count < targets.Length && reader.ReadRow(columns.Indices, row, missing, ref dropped))
        {
            if ((count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var destination = features.AsSpan(count * k, k);
            for (var j = 0; j < k; j++)
            {
                destination[j] = scaling is null ? row[j] : (float)((row[j] - scaling.Mean[j]) / scaling.Scale[j]);
            }

            targets[count++] = row[k];
        }

        return count;
    }

    private static int[]? Order(int rows, TrainSettings settings, int epoch, int chunk)
    {
        if (!settings.Shuffle)
        {
            return null;
        }

        using var generator = new Generator(unchecked(((ulong)settings.Seed * 1_000_003UL) + ((ulong)epoch * 65_537UL) + (ulong)chunk));
        using var permutation = randperm(rows, generator: generator);
        return [.. permutation.data<long>().ToArray().Select(i => (int)i)];
    }

    private static (Tensor X, Tensor Y) Batch(float[] features, float[] targets, int k, int[]? order, int start, int count, Device device)
    {
        if (order is null)
        {
            return (tensor(features.AsSpan(start * k, count * k).ToArray(), [count, k], device: device),
                    tensor(targets.AsSpan(start, count).ToArray(), [count, 1], device: device));
        }

        var x = new float[count * k];
        var y = new float[count];
        for (var i = 0; i < count; i++)
        {
            var row = order[start + i];
            features.AsSpan(row * k, k).CopyTo(x.AsSpan(i * k, k));
            y[i] = targets[row];
        }

        return (tensor(x, [count, k], device: device), tensor(y, [count, 1], device: device));
    }
}
