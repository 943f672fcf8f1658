using Linreg.Core.Design;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Statistics;

namespace Linreg.Core.Solvers;

/// <summary>
/// All that the exact solver needs from a set of rows, and nothing more: the R factor of [1 | x − shift | y] with its
/// counts (<see cref="QrAccumulator"/>), the target's spread (for the metrics' R², which without an intercept R does
/// not hold), the columns' names and where the rows came from. Statistics of the same columns merge into those of
/// all their rows: the merge is an exact QR of the stacked factors, in any order, so shards summarised anywhere
/// (other cores, other machines) fit as one data set. <see cref="StatsFile"/> writes and reads them.
/// </summary>
public sealed class SufficientStats
{
    public SufficientStats(string targetName, IReadOnlyList<string> featureNames, QrAccumulator qr, TargetSpread target, long droppedRows, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(qr);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        if (qr.FeatureCount != featureNames.Count)
        {
            throw new ArgumentException($"{featureNames.Count} feature name(s) for a factor of {qr.FeatureCount} feature(s)", nameof(featureNames));
        }

        if (target.Count != qr.Rows || droppedRows < 0)
        {
            throw new ArgumentException("the target's spread and the factor must count the same rows, and dropped rows are never negative");
        }

        TargetName = targetName;
        FeatureNames = featureNames;
        Qr = qr;
        Target = target;
        DroppedRows = droppedRows;
        Sources = sources;
    }

    public string TargetName { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public bool HasIntercept => Qr.HasIntercept;

    public QrAccumulator Qr { get; }

    public TargetSpread Target { get; }

    public long Rows => Qr.Rows;

    /// <summary>--weights' column when the rows were weighted (the factor is of the weighted rows); null otherwise.</summary>
    public string? WeightName { get; init; }

    /// <summary>
    /// The formula or categories the features were made with, and the levels this shard saw; null for plain
    /// columns. Shards of one design with different levels merge on the union of their levels.
    /// </summary>
    public ModelDesign? Design { get; init; }

    /// <summary>Rows skipped under --missing drop.</summary>
    public long DroppedRows { get; }

    /// <summary>Where the rows came from, as messages named them (file paths, or "standard input").</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The model these statistics fit, for messages: <c>y ~ x1, x2</c>, and whether it has an intercept.</summary>
    public string Describe() => $"{(Design is { } design ? design.Describe(TargetName) : $"{TargetName} ~ {NameList.Join(FeatureNames)}")}, {(HasIntercept ? "with" : "without")} intercept{(WeightName is null ? string.Empty : $", weights {WeightName}")}";

    /// <summary>
    /// The statistics of all the parts' rows, the parts left as they were. Merged in the order given, which makes
    /// the bits repeatable; any order gives the same fit to rounding.
    /// </summary>
    /// <param name="origins">How messages name each part (its file).</param>
    public static SufficientStats Merge(IReadOnlyList<SufficientStats> parts, IReadOnlyList<string> origins)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var first = parts[0];
        var design = first.Design is null ? null : DesignRecode.Union([.. parts.Select(p => p.Design).OfType<ModelDesign>()], first.HasIntercept);
        for (var i = 1; i < parts.Count; i++)
        {
            var part = parts[i];
            var sameColumns = design is null
                ? part.Design is null && part.FeatureNames.SequenceEqual(first.FeatureNames, StringComparer.Ordinal)
                : part.Design is { } theirs && DesignRecode.SameModel(theirs, first.Design!);
            if (part.TargetName != first.TargetName || part.HasIntercept != first.HasIntercept || !sameColumns
                || part.WeightName != first.WeightName)
            {
                throw new LinregException(
                    ExitCode.DataError,
                    $"{origins[i]}: statistics of {part.Describe()}, but {origins[0]} holds {first.Describe()}; only statistics of the same --target, --features (in the same order) or --formula and --categorical, --weights and --no-intercept merge: make them again with the same options");
            }
        }

        QrAccumulator? qr = null;
        var target = new TargetSpread();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Rows == 0)
            {
                continue;
            }

            var mine = design is null ? part.Qr : DesignRecode.Recode(part.Qr, part.Design!, design, origins[i]);
            if (qr is null)
            {
                qr = Copy(mine);
            }
            else
            {
                qr.Merge(mine);
            }

            target.Merge(part.Target);
        }

        var names = design?.FeatureNames ?? first.FeatureNames;
        return new SufficientStats(
            first.TargetName,
            names,
            qr ?? new QrAccumulator(names.Count, first.HasIntercept),
            target,
            parts.Sum(p => p.DroppedRows),
            [.. parts.SelectMany(p => p.Sources)]) { WeightName = first.WeightName, Design = design };
    }

    /// <summary>
    /// The training metrics a fit from these statistics implies: MSE and RMSE from the residual sum of squares (over Σ w
    /// when weighted, which is the row count otherwise), R²
    /// against the target's spread (centred, as on rows, with or without an intercept). MAE needs every residual,
    /// which no statistic holds: it is NaN, which JSON writes as null and summaries as n/a.
    /// </summary>
    public RegressionMetrics Metrics(LeastSquaresSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return FromResiduals(solution.ResidualSumOfSquares);
    }

    /// <summary>The same metrics for any line on these rows (a penalised fit's), its residuals' squares taken from the factor.</summary>
    public RegressionMetrics Metrics(LinearModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FromResiduals(Qr.ResidualSumOfSquares([.. model.Weights], model.Bias));
    }

    private RegressionMetrics FromResiduals(double residualSquares)
    {
        var mse = residualSquares / Qr.SumWeights;
        return new RegressionMetrics(mse, Math.Sqrt(mse), double.NaN, MetricsAccumulator.R2(residualSquares, Target), Rows);
    }

    private static QrAccumulator Copy(QrAccumulator qr) =>
        new(qr.FeatureCount, qr.HasIntercept, [.. qr.Shift], qr.CopyFactor(), qr.Rows, qr.WeightedRows, qr.SumWeights, qr.SumLogWeights);
}
