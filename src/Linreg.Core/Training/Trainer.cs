using System.Diagnostics;
using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

public sealed record TrainingResult(float[] Weights, float Bias, float FinalCost, int Steps, TimeSpan Elapsed);

/// <summary>
/// The lesson's loop with real autograd: hypothesis, MSE cost, <c>zero_grad</c>, <c>backward</c>, <c>step</c>.
/// It never prints; observers decide what to do with each step.
/// </summary>
public static class Trainer
{
    /// <param name="start">Where a resumed run picks up; null starts at step 0 from W = b = 0.</param>
    public static TrainingResult Train(Dataset data, TrainSettings settings, IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellationToken, TrainingStart? start = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(observers);
        settings.Validate();
        var device = TorchRuntime.ResolveDevice(settings.Device);
        TorchRuntime.UseThreadsFor((long)data.RowCount * data.FeatureCount);
        manual_seed(settings.Seed);

        var stopwatch = Stopwatch.StartNew();
        var k = data.FeatureCount;
        using var x = tensor(data.Features, [data.RowCount, k], device: device);
        using var y = tensor(data.Targets, [data.RowCount, 1], device: device);

        // One feature keeps the lesson's W of shape [1] and x * W; several use its matrix chapter's W [k, 1] and
        // x.matmul(W). Both are what PyTorch ran, so both reproduce its numbers bit for bit.
        using var w = new Parameter(k == 1 ? zeros(1, device: device) : zeros(k, 1, device: device));
        using var b = new Parameter(zeros(1, device: device));
        start?.Validate(k, settings.Epochs);
        if (start is not null)
        {
            Restore(w, b, start);
        }

        using var optimizer = optim.SGD([w, b], settings.LearningRate);

        var weights = new float[k];
        var bias = 0f;
        var cost = float.NaN;
        for (var epoch = start?.Epoch ?? 0; epoch < settings.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                bias = ReadParameters(w, b, weights);
                var lastCompleted = new StepReport(epoch - 1, settings.Epochs, cost, weights, bias);
                foreach (var observer in observers)
                {
                    observer.OnInterrupted(lastCompleted);
                }

                throw new LinregException(ExitCode.Interrupted, $"interrupted after {epoch} of {settings.Epochs} steps; no model was written");
            }

            using (NewDisposeScope())
            {
                var hypothesis = k == 1 ? (x * w) + b : x.matmul(w) + b;
                var costTensor = (hypothesis - y).pow(2).mean();
                optimizer.zero_grad();
                costTensor.backward();
                optimizer.step();
                cost = costTensor.item<float>();
            }

            if (!float.IsFinite(cost))
            {
                throw Diverged(epoch, cost, settings);
            }

            if (AnyWants(observers, epoch))
            {
                bias = ReadParameters(w, b, weights);
                var report = new StepReport(epoch, settings.Epochs, cost, weights, bias);
                foreach (var observer in observers)
                {
                    if (observer.WantsStep(epoch))
                    {
                        observer.OnStep(report);
                    }
                }
            }
        }

        bias = ReadParameters(w, b, weights);
        if (!float.IsFinite(bias) || weights.Any(v => !float.IsFinite(v)))
        {
            throw Diverged(settings.Epochs - 1, float.PositiveInfinity, settings);
        }

        return new TrainingResult(weights, bias, cost, settings.Epochs, stopwatch.Elapsed);
    }

    private static bool AnyWants(IReadOnlyList<ITrainingObserver> observers, int epoch)
    {
        foreach (var observer in observers)
        {
            if (observer.WantsStep(epoch))
            {
                return true;
            }
        }

        return false;
    }

    private static void Restore(Parameter w, Parameter b, TrainingStart start)
    {
        using var noGrad = no_grad();
        using var weights = tensor(start.Weights.ToArray(), w.shape, device: w.device);
        using var bias = tensor(new[] { start.Bias }, b.shape, device: b.device);
        w.copy_(weights);
        b.copy_(bias);
    }

    private static float ReadParameters(Parameter w, Parameter b, float[] weights)
    {
        using var scope = NewDisposeScope();
        w.detach().cpu().data<float>().CopyTo(weights);
        return b.detach().cpu().item<float>();
    }

    private static LinregException Diverged(int epoch, float cost, TrainSettings settings)
    {
        var lr = settings.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        var smaller = (settings.LearningRate / 10).ToString("R", CultureInfo.InvariantCulture);
        return new LinregException(
            ExitCode.TrainingDiverged,
            $"training diverged at step {epoch}: the cost became {LessonLogFormat.Fixed(cost, 6)} with --lr {lr}; try a smaller --lr (e.g. {smaller}) or scale the features; no model was written");
    }
}
