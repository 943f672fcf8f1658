using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>The mean, or the sample standard deviation, of the folds' metrics.</summary>
public sealed record FoldSummary(double Mse, double Rmse, double Mae, double R2);

/// <summary>
/// --cv K: each fold's metrics for a model fitted, with the run's settings, on the other folds; and with --alpha auto
/// the penalty path that chose the run's alpha.
/// </summary>
public sealed record CrossValidationReport(IReadOnlyList<RegressionMetrics> Folds, bool Shuffled, PenaltySearch? Search)
{
    public FoldSummary Mean => Summarise(values => values.Average());

    /// <summary>The sample standard deviation (n − 1) over the folds, R's sd; numpy's default std divides by n.</summary>
    public FoldSummary StandardDeviation => Summarise(PenaltySearch.StandardDeviation);

    private FoldSummary Summarise(Func<IReadOnlyList<double>, double> over) => new(
        over([.. Folds.Select(f => f.Mse)]), over([.. Folds.Select(f => f.Rmse)]), over([.. Folds.Select(f => f.Mae)]), over([.. Folds.Select(f => f.R2)]));
}

internal static class CrossValidation
{
    public static Folds Cut(Dataset data, TrainSettings settings) =>
        Folds.Cut(data.RowCount, settings.CvFolds ?? TrainSettings.DefaultCvFolds, settings.Shuffle ? settings.Seed : null);

    /// <summary>Each fold held out in turn from a fit with <paramref name="settings"/> (as resolved: --lr and --alpha numbers) on the others.</summary>
    public static CrossValidationReport Run(Dataset data, Folds folds, TrainSettings settings, PenaltySearch? search, CancellationToken cancellationToken)
    {
        var metrics = new RegressionMetrics[folds.Count];
        for (var f = 0; f < folds.Count; f++)
        {
            var (train, test) = folds.Split(data, f);
            metrics[f] = RegressionMetrics.Compute(FitQuietly(train, settings, cancellationToken), test);
        }

        return new CrossValidationReport(metrics, settings.Shuffle, search);
    }

    /// <summary>The model the run would fit on <paramref name="data"/>, without its log or report.</summary>
    private static LinearModel FitQuietly(Dataset data, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Solver == SolverKind.Lstsq)
        {
            if (!Penalty.Of(settings).IsNone)
            {
                return PenalizedReport.Fit(ExactLeastSquares.Accumulate(data, settings.Intercept, cancellationToken)!, settings, data.FeatureNames, data.TargetName).Model;
            }

            var exact = ExactLeastSquares.Fit(data, settings.Intercept, Statistics.CovarianceType.NonRobust, settings.Level, cancellationToken, settings.RankTolerance);
            return ExactReport.Model(exact, data.FeatureNames, data.TargetName);
        }

        var scaling = settings.Standardize ? Standardization.Fit(data) : null;
        var trainOn = scaling?.Apply(data) ?? data;
        using var batches = new DatasetBatches(trainOn, settings);
        var result = Trainer.Train(batches, settings, [], cancellationToken, start: null, new DescentStart(scaling?.TargetMean ?? 0, trainOn.RowCount));
        return TrainJob.ToModel(data.FeatureNames, data.TargetName, result.Weights, result.Bias, scaling);
    }

    /// <summary>The report on stderr: the search (with --alpha auto), each fold, then mean ± standard deviation.</summary>
    public static void Write(TextWriter diagnostics, CrossValidationReport report, TrainSettings settings)
    {
        var c = CultureInfo.InvariantCulture;
        var k = report.Folds.Count;
        if (report.Search is { } search)
        {
            diagnostics.WriteLine(string.Create(c, $"linreg: --alpha auto ({Penalty.Of(settings).Name}): {search.Alphas.Count} alphas from {search.Alphas[0]:G4} down to {search.Alphas[^1]:G4}, each scored by {k}-fold cross-validation"));
            diagnostics.WriteLine(string.Create(c, $"linreg:   best alpha {search.BestAlpha:G6} (CV MSE {search.MeanMse[search.Best]:G6} ± {search.StandardError[search.Best]:G3} standard error), fitted on all rows; one-standard-error alpha {search.OneStandardErrorAlpha:G6} (CV MSE {search.MeanMse[search.OneStandardError]:G6})"));
        }

        var how = report.Shuffled ? string.Create(c, $"folds cut from a permutation seeded with --seed {settings.Seed}") : string.Create(c, $"contiguous folds, as scikit-learn's KFold({k})");
        diagnostics.WriteLine(string.Create(c, $"linreg: {k}-fold cross-validation ({how}), each fold scored by a fit on the others:"));
        for (var f = 0; f < k; f++)
        {
            diagnostics.WriteLine(string.Create(c, $"linreg:   fold {f + 1}: {TrainSummary.Describe(report.Folds[f])}"));
        }

        var (mean, sd) = (report.Mean, report.StandardDeviation);
        diagnostics.WriteLine(string.Create(c, $"linreg:   mean ± sd: MSE {mean.Mse:G6} ± {sd.Mse:G3}, RMSE {mean.Rmse:G6} ± {sd.Rmse:G3}, MAE {mean.Mae:G6} ± {sd.Mae:G3}, R² {mean.R2:F6} ± {sd.R2:F6}"));
    }
}
