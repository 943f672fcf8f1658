using System.Diagnostics;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// <c>linreg train --from-stats FILES</c>: statistics files (<c>linreg stats</c>, on any machines) merged in name
/// order and solved without a row: the model, coefficient table, JSON and warnings of <c>--solver lstsq</c> on all
/// their rows, with or without a penalty. The training metrics come from the fit (MSE and RMSE from the residual sum
/// of squares, R² from the target's spread); MAE needs the rows and is left out.
/// </summary>
internal static class TrainFromStats
{
    public static TrainOutcome Run(TrainJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken)
    {
        var paths = DataPaths.Expand(settings.FromStats, "--from-stats", allowStandardInput: false);
        TrainOutputs.Check(settings, [], paths);
        var stopwatch = Stopwatch.StartNew();
        var stats = SufficientStats.Merge([.. paths.Select(StatsFile.Load)], paths);
        if (stats.HasIntercept != settings.Training.Intercept)
        {
            // Taking the intercept from the files would make --no-intercept mean nothing here; asking for it keeps
            // the command line saying which model it fits.
            throw new LinregException(
                ExitCode.UsageError,
                stats.HasIntercept
                    ? $"--no-intercept: {paths[0]} holds statistics with an intercept; leave --no-intercept out, or make them again with 'linreg stats --no-intercept'"
                    : $"--from-stats: {paths[0]} holds statistics without an intercept (made with --no-intercept); pass --no-intercept to train from them");
        }

        if (stats.WeightName is not null)
        {
            TrainOutputs.RefuseWeighted(settings, paths[0]);
        }

        // A design's validation rows are read as its input columns and expanded by the model, as in memory.
        using var validation = TrainJob.OpenValidationFile(settings, stats.Design?.Inputs ?? stats.FeatureNames, stats.Design?.TargetColumn ?? stats.TargetName, stats.WeightName, io);
        LinearModel model;
        RegressionMetrics metrics;
        if (Penalty.Of(settings.Training).IsNone)
        {
            var exact = ExactLeastSquares.Fit(stats, settings.Training.Level, settings.Training.RankTolerance);
            model = ExactReport.Model(exact, stats.FeatureNames, stats.TargetName) with { Design = stats.Design };
            metrics = stats.Metrics(exact.Solution);
            ExactReport.Write(model, exact, metrics, io);
        }
        else
        {
            // The factor is all a penalised fit needs too: the same solve as a stream's, from the merged statistics.
            (model, metrics) = PenalizedReport.Fit(stats, settings.Training);
            PenalizedReport.Write(model, settings.Training, io);
        }

        var fit = new TrainFit(model, ExactReport.Result(metrics, stopwatch.Elapsed), settings.Training, metrics, null, null, metrics.Mse, stats.Rows, stats.DroppedRows) { WeightColumn = stats.WeightName };
        return TrainJob.Finish(settings, io, createdBy, fit, validation, NameList.Join(stats.Sources), TrainOutputs.Inputs(settings, [.. paths.Select(Path.GetFullPath)]), cancellationToken);
    }
}
