using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>The exact solver's side of <c>linreg train</c> (ordinary or penalised least squares), and the optimum descent is measured against.</summary>
public static partial class TrainJob
{
    private static Fit SolveInMemory(Dataset train, Dataset? validation, TrainSettings training, JobIO io, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        LinearModel model;
        RegressionMetrics metrics;
        if (Penalty.Of(training).IsNone)
        {
            var exact = ExactLeastSquares.Fit(train, training.Intercept, training.Covariance, training.Level, cancellationToken, training.RankTolerance);
            model = ExactReport.Model(exact, train.FeatureNames, train.TargetName);
            metrics = RegressionMetrics.Compute(model, train);
            ExactReport.Write(model, exact, metrics, io);
        }
        else
        {
            model = PenalizedReport.Fit(ExactLeastSquares.Accumulate(train, training.Intercept, cancellationToken)!, training, train.FeatureNames, train.TargetName).Model;
            metrics = RegressionMetrics.Compute(model, train);
            PenalizedReport.Write(model, training, io);
        }

        var validationMetrics = validation is null ? null : RegressionMetrics.Compute(model, validation);
        return new Fit(model, ExactReport.Result(metrics, stopwatch.Elapsed), training, metrics, validationMetrics, null, metrics.Mse, train.RowCount, train.DroppedRows);
    }

    /// <summary>The rows folded in one pass (two for a robust covariance), then one for the metrics.</summary>
    private static Fit SolveStreamed(TableReader table, int[] columns, string[] names, string target, TrainSettings training, JobIO io, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        LinearModel exactModel;
        Action<RegressionMetrics> report;
        long dropped;
        if (Penalty.Of(training).IsNone)
        {
            var (exact, droppedRows) = ExactLeastSquares.Fit(table, columns, training.Intercept, training.Covariance, training.Level, cancellationToken, training.RankTolerance);
            exactModel = ExactReport.Model(exact, names, target);
            (report, dropped) = (metrics => ExactReport.Write(exactModel, exact, metrics, io), droppedRows);
        }
        else
        {
            var (accumulator, droppedRows) = ExactLeastSquares.Accumulate(table, columns, training.Intercept, cancellationToken);
            exactModel = PenalizedReport.Fit(accumulator ?? throw NoRows(table), training, names, target).Model;
            (report, dropped) = (_ => PenalizedReport.Write(exactModel, training, io), droppedRows);
        }

        var exactMetrics = MetricsPass.Compute(exactModel, table, columns, cancellationToken).Metrics!;
        report(exactMetrics);
        return new Fit(exactModel, ExactReport.Result(exactMetrics, stopwatch.Elapsed), training, exactMetrics, null, null, exactMetrics.Mse, exactMetrics.Rows, dropped);
    }

    /// <summary>
    /// What descent aimed at and where it got: the least-squares optimum MSE and the model's, or with a penalty the
    /// exact penalised optimum of MSE + penalty (on standardized weights when standardized) and the model's.
    /// </summary>
    private static (double? Optimum, double Achieved) Optimum(Dataset train, TrainSettings training, double[] trained, RegressionMetrics metrics, CancellationToken cancellationToken)
    {
        var penalty = Penalty.Of(training);
        if (penalty.IsNone)
        {
            return (ExactLeastSquares.OptimumCost(train, cancellationToken), metrics.Mse);
        }

        var achieved = metrics.Mse + penalty.OnMse(trained, train.RowCount);
        if (train.FeatureCount > ExactLeastSquares.OptimumMaxFeatures)
        {
            return (null, achieved);
        }

        var (model, solved) = PenalizedReport.Fit(ExactLeastSquares.Accumulate(train, intercept: true, cancellationToken)!, training, train.FeatureNames, train.TargetName);
        return (RegressionMetrics.Compute(model, train).Mse + penalty.OnMse(solved, train.RowCount), achieved);
    }

    private static LinregException NoRows(TableReader table) => new(ExitCode.DataError, $"{table.Source.DisplayName}: no rows to train on");
}
