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
        var staging = new Staging(batchSize, k);
        var shuffled = new int[BufferRows];
        var epochCost = float.NaN;
        long steps = 0;
        var epoch = 0;
        var stoppedEarly = false;
        for (; epoch < settings.Epochs && !stoppedEarly; epoch++)
        {
            double costSum = 0;
            long rowsThisEpoch = 0;
            var batch = 0;
            // The next buffer is parsed on another core while this one trains.
            using var reader = NumericCsvReader.Open(source, format);
            using var input = new ReadAheadRows(reader, columns.Indices, missing, cancellationToken, BufferRows);
            var length = source.Length;
            var chunk = 0;
            while (TryTake(input, epoch, batch, out var buffer, cancellationToken))
            {
                var filled = Unpack(buffer, features, targets, k);
                var fraction = length > 0 ? Math.Min(1, (double)buffer.BytesRead / length) : (double?)null;
                input.Return(buffer);
                var order = Order(filled, settings, epoch, chunk++, shuffled);
                for (var start = 0; start < filled; start += batchSize)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw Interrupted(epoch, batch);
                    }

                    var count = Math.Min(batchSize, filled - start);
                    float cost;
                    using (NewDisposeScope())
                    {
                        var (x, y) = Batch(features, targets, k, order, start, count, staging, device);
                        cost = Trainer.Step(optimizer, x, y, w, b);
                    }

                    steps++;
                    if (!float.IsFinite(cost))
                    {
                        throw Trainer.Diverged(epoch, cost, settings);
                    }

                    costSum += (double)cost * count;
                    rowsThisEpoch += count;
                    Trainer.Notify(observers, w, b, weights, new StepReport(epoch, settings.Epochs, cost, weights, 0, batch++, 0) { EpochFraction = fraction });
                }
            }

            var dropped = input.Dropped;
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

    private static bool TryTake(ReadAheadRows input, int epoch, int batch, out RowBlock buffer, CancellationToken cancellationToken)
    {
        try
        {
            return input.TryTake(out buffer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw Interrupted(epoch, batch);
        }
    }

    private static LinregException Interrupted(int epoch, int batch) =>
        new(ExitCode.Interrupted, $"interrupted in epoch {epoch}, after {batch} batch(es); no model was written");

    /// <summary>Splits a buffer's rows into features and targets, standardized when the run standardizes.</summary>
    private int Unpack(RowBlock buffer, float[] features, float[] targets, int k)
    {
        for (var i = 0; i < buffer.Count; i++)
        {
            var row = buffer.Row(i);
            var destination = features.AsSpan(i * k, k);
            for (var j = 0; j < k; j++)
            {
                destination[j] = scaling is null ? row[j] : (float)((row[j] - scaling.Mean[j]) / scaling.Scale[j]);
            }

            targets[i] = row[k];
        }

        return buffer.Count;
    }

    /// <summary>The buffer's shuffled row order, written into <paramref name="order"/>; null when not shuffling.</summary>
    private static int[]? Order(int rows, TrainSettings settings, int epoch, int chunk, int[] order)
    {
        if (!settings.Shuffle)
        {
            return null;
        }

        using var generator = new Generator(unchecked(((ulong)settings.Seed * 1_000_003UL) + ((ulong)epoch * 65_537UL) + (ulong)chunk));
        using var permutation = randperm(rows, generator: generator);
        using var indices = permutation.to_type(ScalarType.Int32);
        indices.data<int>().CopyTo(order.AsSpan(0, rows));
        return order;
    }

    /// <summary>
    /// A batch as tensors over the buffers themselves, or over the staging buffers for a shuffled order: a step
    /// allocates no arrays (a new 160 KB array per step piled up on the large-object heap: 54 MB more peak memory).
    /// The tensors die with the step's dispose scope, before the buffers are written again.
    /// </summary>
    private static (Tensor X, Tensor Y) Batch(float[] features, float[] targets, int k, int[]? order, int start, int count, Staging staging, Device device)
    {
        Tensor x, y;
        if (order is null)
        {
            x = from_array(features).view(-1, k).narrow(0, start, count);
            y = from_array(targets).view(-1, 1).narrow(0, start, count);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                var row = order[start + i];
                features.AsSpan(row * k, k).CopyTo(staging.Features.AsSpan(i * k, k));
                staging.Targets[i] = targets[row];
            }

            x = from_array(staging.Features).view(-1, k).narrow(0, 0, count);
            y = from_array(staging.Targets).view(-1, 1).narrow(0, 0, count);
        }

        return device.type == TorchSharp.DeviceType.CPU ? (x, y) : (x.to(device), y.to(device));
    }

    private sealed class Staging(int rows, int k)
    {
        public float[] Features { get; } = new float[rows * k];

        public float[] Targets { get; } = new float[rows];
    }
}
