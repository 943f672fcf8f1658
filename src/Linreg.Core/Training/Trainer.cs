using System.Diagnostics;
using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <param name="Weights">W after the last step, in the units of the data the trainer was given; a float32 run's widened exactly.</param>
/// <param name="FinalCost">The last epoch's cost: the step's cost for full batch, the row-weighted mean over batches otherwise, in the run's dtype.</param>
/// <param name="Epochs">Epochs run, fewer than asked when early stopping ended the run.</param>
/// <param name="UsedMoments">Whether full-batch steps took their cost from the data's moments (<see cref="CostSource.Moments"/>).</param>
public sealed record TrainingResult(double[] Weights, double Bias, double FinalCost, int Epochs, long Steps, bool StoppedEarly, TimeSpan Elapsed, bool UsedMoments = false);

/// <summary>
/// The lesson's loop with real autograd: hypothesis, MSE cost, <c>zero_grad</c>, <c>backward</c>, <c>step</c>, over the
/// whole data set or mini-batches, on float32 tensors (the lesson's) or float64 ones (<see cref="TrainSettings.DType"/>).
/// It never prints; observers decide what to do with each step.
/// </summary>
public static class Trainer
{
    /// <summary>The lesson's loop over a data set in memory: full batch, its moments, or mini-batches.</summary>
    /// <param name="start">Where a resumed run picks up; null starts at epoch 0 from the settings' initialisation.</param>
    public static TrainingResult Train(Dataset data, TrainSettings settings, IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellationToken, TrainingStart? start = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        using var batches = new DatasetBatches(data, settings);
        return Train(batches, settings, observers, cancellationToken, start, new DescentStart(0, data.RowCount));
    }

    /// <summary>
    /// The loop itself, for every source of batches. The settings are the caller's to validate (the job does, once,
    /// before it reads any data).
    /// </summary>
    /// <param name="fresh">Where a run that does not resume starts its bias, and the rows a penalty is scaled by.</param>
    internal static TrainingResult Train(IBatchSource batches, TrainSettings settings, IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellationToken, TrainingStart? start = null, DescentStart? fresh = null)
    {
        ArgumentNullException.ThrowIfNull(observers);
        var device = TorchRuntime.ResolveDevice(settings.Device);
        if (settings.DType == DataType.Float64 && device.type == DeviceType.MPS)
        {
            throw new LinregException(ExitCode.UsageError, "--dtype float64: Apple's Metal (MPS) backend has no float64 tensors; train with --device cpu");
        }

        TorchRuntime.UseThreadsFor(batches.ValuesPerStep);
        manual_seed(settings.Seed);

        var stopwatch = Stopwatch.StartNew();
        batches.Prepare(device);
        var k = batches.FeatureCount;
        var dtype = settings.DType;
        var (w, b) = ParameterInit.Create(k, settings.Init, device, dtype);
        using var wOwner = w;
        using var bOwner = b;
        if (start is not null)
        {
            start.Validate(k, settings.Epochs);
            Restore(w, b, start);
        }
        else if (fresh is { Bias: not 0 } shifted)
        {
            using var noGrad = no_grad();
            b.add_(shifted.Bias);
        }

        var penalty = PenaltyTerm.Create(settings, fresh?.Rows ?? batches.Rows);

        using var optimizer = OptimizerFactory.Create(settings, w, b);
        var stopping = new EarlyStopping(settings.Tolerance, settings.Patience, start?.Stopping);
        var weights = new double[k];
        var epochCost = double.NaN;
        var epoch = start?.Epoch ?? 0;
        var steps = (long)epoch * batches.BatchCount;
        var stoppedEarly = false;
        for (; epoch < settings.Epochs && !stoppedEarly; epoch++)
        {
            double costSum = 0;
            long rows = 0;
            var batch = 0;
            var cost = double.NaN;
            using (NewDisposeScope())
            {
                using var epochBatches = batches.Epoch(epoch, device, cancellationToken).GetEnumerator();
                while (true)
                {
                    var read = Next(epochBatches, cancellationToken, out var step);
                    if (read && step is null)
                    {
                        break;
                    }

                    if (!read || cancellationToken.IsCancellationRequested)
                    {
                        throw Interrupted(observers, w, b, weights, epoch, batch, batches.BatchCount, settings, epochCost, stopping.State);
                    }

                    var current = step!.Value;
                    cost = current.Moments is { } moments ? StepOnMoments(optimizer, moments, w, b, dtype, penalty) : Step(optimizer, current.X!, current.Y!, current.W, w, b, dtype, penalty);
                    steps++;
                    if (!double.IsFinite(cost))
                    {
                        throw Diverged(epoch, cost, settings);
                    }

                    costSum += cost * current.Rows;
                    rows += current.Rows;
                    // An epoch's last batch carries early stopping's state after the epoch: what a checkpoint keeps.
                    var stoppingAfter = batch == batches.BatchCount - 1 ? stopping.After(batch == 0 ? cost : InDType(costSum / rows, dtype)) : null;
                    Notify(observers, w, b, weights, new StepReport(epoch, settings.Epochs, cost, weights, 0, batch, batches.BatchCount) { EpochFraction = current.EpochFraction, Stopping = stoppingAfter });
                    batch++;
                }
            }

            epochCost = batch == 1 ? cost : InDType(costSum / rows, dtype);
            if (batches.BatchCount == 0)
            {
                // A stream learns its last batch only after the fact: the epoch's line comes with its summary.
                Notify(observers, w, b, weights, new StepReport(epoch, settings.Epochs, epochCost, weights, 0) { IsEpochSummary = true, EpochFraction = 1 });
            }

            stoppedEarly = stopping.ShouldStop(epochCost);
        }

        var bias = ReadParameters(w, b, weights);
        if (!double.IsFinite(bias) || weights.Any(v => !double.IsFinite(v)))
        {
            throw Diverged(epoch - 1, double.PositiveInfinity, settings);
        }

        return new TrainingResult(weights, bias, epochCost, epoch, steps, stoppedEarly, stopwatch.Elapsed, batches.UsesMoments);
    }

    /// <summary>The epoch's next batch (null after its last); false when cancellation ended the epoch while it was being read.</summary>
    private static bool Next(IEnumerator<Batch> batches, CancellationToken cancellationToken, out Batch? batch)
    {
        try
        {
            batch = batches.MoveNext() ? batches.Current : null;
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            batch = null;
            return false;
        }
    }

    /// <summary>
    /// One step of the lesson: hypothesis, cost, zero_grad, backward, step. The lesson's two forms: x * W with W of
    /// shape [1] for one feature, which reproduces PyTorch bit for bit; x.matmul(W) with W [k, 1] for several, whose
    /// sums follow the BLAS library, so they agree with PyTorch to about 1e-6 relative rather than in every bit.
    /// </summary>
    /// <param name="rowWeights">--weights' rows scaled to mean 1 (<see cref="Batch.W"/>): the cost is then the weighted MSE; null for the lesson's.</param>
    private static double Step(optim.Optimizer optimizer, Tensor x, Tensor y, Tensor? rowWeights, Parameter w, Parameter b, DataType dtype, PenaltyTerm? penalty)
    {
        using var scope = NewDisposeScope();

        // The same kernels as `(x * w) + b` and `.pow(2)`, with their Scalars (add's alpha, the exponent) held until
        // the step ends: TorchSharp's operators make them as temporaries and hand libtorch only their pointers, so a
        // collection during the call (a streamed block is parsed on another thread meanwhile) could finalize one that
        // libtorch is still reading (seen once: "Expected false to be true" in c10::Scalar::toFloat).
        var one = 1.ToScalar();
        var two = 2.ToScalar();
        var hypothesis = (w.dim() == 1 ? x * w : x.matmul(w)).add(b, one);
        var squared = (hypothesis - y).pow(two);
        var cost = Descend(optimizer, rowWeights is null ? squared.mean() : (squared * rowWeights).mean(), w, b, dtype, penalty);
        GC.KeepAlive(one);
        GC.KeepAlive(two);
        return cost;
    }

    private static double StepOnMoments(optim.Optimizer optimizer, MomentCost moments, Parameter w, Parameter b, DataType dtype, PenaltyTerm? penalty)
    {
        using var scope = NewDisposeScope();
        return Descend(optimizer, moments.Cost(w, b), w, b, dtype, penalty);
    }

    /// <param name="penalty">Added to the MSE when there is one: the cost a penalised run descends and reports.</param>
    private static double Descend(optim.Optimizer optimizer, Tensor cost, Parameter w, Parameter b, DataType dtype, PenaltyTerm? penalty)
    {
        if (penalty is not null)
        {
            cost = cost + penalty.Of(w);
        }

        ZeroGrad(w, b);
        cost.backward();
        optimizer.step();

        // The moments' cost is float64 whatever the parameters are: a float32 run reports it as float32, and one past
        // float32's range is a divergence, as it would have been on the rows.
        return cost.dtype == ScalarType.Float64 ? InDType(cost.item<double>(), dtype) : cost.item<float>();
    }

    /// <summary>A cost as the run's dtype holds it: rounded to float32 (and widened back) for a float32 run.</summary>
    private static double InDType(double value, DataType dtype) => dtype == DataType.Float32 ? (float)value : value;

    /// <summary>
    /// The lesson's <c>optimizer.zero_grad()</c> as PyTorch 2 does it (<c>set_to_none=True</c>): the gradients are
    /// dropped, and backward then hands each parameter its new gradient as it is. TorchSharp's own zero_grad fills
    /// them with zeros and backward adds into them, two kernels more per parameter and step for the same numbers
    /// (0 + g is g).
    /// </summary>
    private static void ZeroGrad(Parameter w, Parameter b)
    {
        w.grad = null;
        b.grad = null;
    }

    /// <summary>Reads W and b only when an observer wants them for this step: a read is a round-trip out of libtorch.</summary>
    private static void Notify(IReadOnlyList<ITrainingObserver> observers, Parameter w, Parameter b, double[] weights, StepReport report)
    {
        var read = false;
        foreach (var observer in observers)
        {
            if (!observer.WantsStep(report.Epoch))
            {
                continue;
            }

            if (!read && observer.WantsParameters)
            {
                report = report with { Bias = ReadParameters(w, b, weights) };
                read = true;
            }

            observer.OnStep(report);
        }
    }

    private static LinregException Interrupted(IReadOnlyList<ITrainingObserver> observers, Parameter w, Parameter b, double[] weights, int epoch, int batch, int batchCount, TrainSettings settings, double lastCost, EarlyStoppingState stopping)
    {
        // Only an epoch boundary is a state a resumed run can continue from exactly.
        if (batch == 0)
        {
            var lastCompleted = new StepReport(epoch - 1, settings.Epochs, lastCost, weights, ReadParameters(w, b, weights), batchCount - 1, batchCount) { Stopping = stopping };
            foreach (var observer in observers)
            {
                observer.OnInterrupted(lastCompleted);
            }
        }

        var where = batchCount switch
        {
            0 => $"in epoch {epoch}, after {batch} batch(es)",
            1 => $"after {epoch} of {settings.Epochs} steps",
            _ => $"in epoch {epoch}, after batch {batch} of {batchCount}",
        };
        return new LinregException(ExitCode.Interrupted, $"interrupted {where}; no model was written");
    }

    /// <summary>A checkpoint's parameters into W and b; a float32 run's were saved widened, so they narrow back exactly.</summary>
    private static void Restore(Parameter w, Parameter b, TrainingStart start)
    {
        using var noGrad = no_grad();
        using var weights = tensor(start.Weights.ToArray(), w.shape, w.dtype, w.device);
        using var bias = tensor(new[] { start.Bias }, b.shape, b.dtype, b.device);
        w.copy_(weights);
        b.copy_(bias);
    }

    /// <summary>W into <paramref name="weights"/> and b, as doubles: a float32 run's widened exactly.</summary>
    private static double ReadParameters(Parameter w, Parameter b, double[] weights)
    {
        using var scope = NewDisposeScope();
        w.detach().cpu().to_type(ScalarType.Float64).data<double>().CopyTo(weights);
        return b.detach().cpu().to_type(ScalarType.Float64).item<double>();
    }

    private static LinregException Diverged(int epoch, double cost, TrainSettings settings)
    {
        var lr = settings.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        var smaller = (settings.LearningRate / 10).ToString("R", CultureInfo.InvariantCulture);
        var scaling = settings.Standardize ? string.Empty : " or --standardize";
        return new LinregException(
            ExitCode.TrainingDiverged,
            $"training diverged at epoch {epoch}: the cost became {LessonLogFormat.Fixed(cost, 6)} with --lr {lr}; try a smaller --lr (e.g. {smaller}){scaling}; no model was written");
    }
}
