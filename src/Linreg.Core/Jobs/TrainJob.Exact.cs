using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>The exact solver's side of <c>linreg train</c> (ordinary or penalised least squares), and the optimum descent is measured against.</summary>
public static partial class TrainJob
{
    private static TrainFit SolveInMemory(Dataset train, Dataset? validation, TrainSettings training, JobIO io, CancellationToken cancellationToken)
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
        return new TrainFit(model, ExactReport.Result(metrics, stopwatch.Elapsed), training, metrics, validationMetrics, null, metrics.Mse, train.RowCount, train.DroppedRows);
    }

    /// <summary>
    /// The rows of every file folded in one pass (two for a robust covariance), penalised or not; the metrics follow
    /// from the fit and the factor (MAE, which needs every residual, is left out).
    /// </summary>
    private static TrainFit SolveStreamed(TableSet tables, Design.DesignLoad? design, TrainSettings training, JobIO io, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        // A design needs every level before its first row: a pass that only reads the cells (and so the levels),
        // then the one pass of the fit over the design's rows.
        var streamed = design?.ReadLevels(tables, io.Diagnostics, cancellationToken);
        if (Penalty.Of(training).IsNone)
        {
            var (exact, stats) = ExactLeastSquares.Fit(tables, training.Intercept, training.Covariance, training.Level, cancellationToken, training.RankTolerance, streamed);
            var model = ExactReport.Model(exact, stats.FeatureNames, stats.TargetName);
            var metrics = stats.Metrics(exact.Solution);
            ExactReport.Write(model, exact, metrics, io);
            return new TrainFit(model, ExactReport.Result(metrics, stopwatch.Elapsed), training, metrics, null, null, metrics.Mse, metrics.Rows, stats.DroppedRows);
        }

        var summary = ExactLeastSquares.Summarise(tables, training.Intercept, cancellationToken, streamed);
        var (penalised, penalisedMetrics) = PenalizedReport.Fit(summary.Rows > 0 ? summary : throw NoRows(tables), training);
        PenalizedReport.Write(penalised, training, io);
        return new TrainFit(penalised, ExactReport.Result(penalisedMetrics, stopwatch.Elapsed), training, penalisedMetrics, null, null, penalisedMetrics.Mse, penalisedMetrics.Rows, summary.DroppedRows);
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

    private static LinregException NoRows(TableSet tables) => new(ExitCode.DataError, $"{tables.DisplayName}: no rows to train on");
}
