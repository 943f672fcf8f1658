using System.Globalization;
using Linreg.Core.Interop;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Runtime;

namespace Linreg.Core.Jobs;

public sealed record ImportJobSettings
{
    /// <summary>A PyTorch (torch.save) or safetensors file holding one <c>nn.Linear(k, 1)</c>.</summary>
    public required string InputPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>Null: x1…xk, the names <c>train</c> gives header-less columns.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    public string Target { get; init; } = "y";
}

/// <summary><c>linreg import</c>: the state_dict of a PyTorch <c>nn.Linear(k, 1)</c> as a linreg model file.</summary>
public static class ImportJob
{
    public const string OutputOption = "--output";

    public static LinearModel Run(ImportJobSettings settings, JobIO io, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        TorchRuntime.BeginLoading();
        CheckNames(settings);
        string?[] inputs = [Path.GetFullPath(settings.InputPath)];
        AtomicFile.CheckDestination(settings.OutputPath, OutputOption, inputs);
        var stateDict = PyTorchFile.Load(settings.InputPath);
        var count = stateDict.Weights.Count;
        var features = settings.Features ?? [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"x{i}"))];
        if (features.Count != count)
        {
            throw new LinregException(
                ExitCode.UsageError,
                string.Create(CultureInfo.InvariantCulture, $"--features names {features.Count} feature(s) ({NameList.Join(features)}) but {settings.InputPath}'s {stateDict.WeightKey} has {count}; give {count} name(s), in the order of its columns"));
        }

        var model = new LinearModel(features, settings.Target, stateDict.Weights, stateDict.Bias);
        using (var file = AtomicFile.Create(settings.OutputPath, OutputOption, inputs))
        {
            file.Writer.Write(ModelFile.ToJson(new ModelDocument(model, null, null, createdBy)));
            file.Writer.Write('\n');
            file.Commit();
        }

        var terms = string.Concat(model.FeatureNames.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{model.Weights[i]:G6}*{name} + ")));
        io.Diagnostics.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"linreg: imported {stateDict.WeightKey} [1, {count}] and {stateDict.BiasKey} [1] from {settings.InputPath} ({PyTorchFile.Describe(stateDict.Format)}): {model.TargetName} = {terms}{model.Bias:G6}; model written to {settings.OutputPath}"));
        return model;
    }

    private static void CheckNames(ImportJobSettings settings)
    {
        if (settings.Target.Trim().Length == 0)
        {
            throw new LinregException(ExitCode.UsageError, "--target: the name is empty");
        }

        if (settings.Features is not { } features)
        {
            return;
        }

        if (features.Any(f => f.Trim().Length == 0))
        {
            throw new LinregException(ExitCode.UsageError, "--features: a name is empty; give comma-separated names such as a,b");
        }

        var twice = features.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new LinregException(ExitCode.UsageError, $"--features names '{twice.Key}' twice; give each feature its own name");
        }

        if (features.Contains(settings.Target, StringComparer.Ordinal))
        {
            throw new LinregException(ExitCode.UsageError, $"--target '{settings.Target}' is also in --features; the target needs a name of its own");
        }
    }
}
