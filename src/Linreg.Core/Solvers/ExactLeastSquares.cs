using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Statistics;

namespace Linreg.Core.Solvers;

/// <summary>What the exact solver found: the fit and its inference.</summary>
public sealed record ExactFit(LeastSquaresSolution Solution, OlsInference Inference);

/// <summary>
/// Ordinary least squares solved exactly in double: a streaming Householder QR (<see cref="QrAccumulator"/>) of the
/// rows in fixed chunks on every core, merged in chunk order, so the result has the same bits on any number of
/// cores; rank deficiency as R's lm; the inference statsmodels prints. The same chunks fold the rows of one file or
/// several in one pass without holding them (--stream), where a robust covariance takes one pass more; that pass's
/// factor and counts are the <see cref="SufficientStats"/> <c>linreg stats</c> writes and --from-stats solves.
/// </summary>
public static class ExactLeastSquares
{
    /// <summary>R's lm tolerance: a column whose part not explained by the columns before it is below this fraction of its norm is aliased.</summary>
    public const double AliasTolerance = 1e-7;

    /// <summary>
    /// Beyond this many features a gradient-descent run's optimum (a report line) is not worth the QR's k² per row;
    /// the exact solver itself takes any width.
    /// </summary>
    public const int OptimumMaxFeatures = 1024;

    private const int ChunkRows = 1 << 16;

    public static ExactFit Fit(Dataset data, bool intercept, CovarianceType covariance, double level, CancellationToken cancellationToken, double tolerance = AliasTolerance)
    {
        ArgumentNullException.ThrowIfNull(data);
        var chunks = (data.RowCount + ChunkRows - 1) / ChunkRows;
        var solution = Solve(Fold(data, intercept, cancellationToken), data.SourceName, data.FeatureNames, intercept, tolerance);
        RobustMeat? meat = null;
        if (covariance != CovarianceType.NonRobust)
        {
            var meats = new RobustMeat[chunks];
            Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, c =>
            {
                var part = meats[c] = new RobustMeat(solution, covariance);
                foreach (var r in Range(data, c))
                {
                    part.Add(data.Row(r), data.Targets[r], data.Weight(r));
                }
            });
            meat = Merge(meats);
        }

        return new ExactFit(solution, OlsInference.Compute(solution, covariance, meat, level));
    }

    /// <summary>The same fit from the rows of one or more files, folded in file order without holding them.</summary>
    /// <returns>The fit, and the statistics it came from (the training metrics follow from them without a pass).</returns>
    public static (ExactFit Fit, SufficientStats Stats) Fit(TableSet tables, bool intercept, CovarianceType covariance, double level, CancellationToken cancellationToken, double tolerance = AliasTolerance, Design.StreamedDesign? design = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var stats = Summarise(tables, intercept, cancellationToken, design);
        var solution = Solve(stats, tolerance);
        RobustMeat? meat = null;
        if (covariance != CovarianceType.NonRobust)
        {
            var k = tables.FeatureNames.Count;
            var weighted = tables.WeightName is not null;
            var (meats, _) = tables.Fold(() => (Meat: new RobustMeat(solution, covariance), Inputs: new double[k], Row: new double[design?.Width ?? 0]), (part, row) =>
            {
                if (design is null)
                {
                    part.Meat.Add(row[..k], row[k], weighted ? row[k + 1] : 1);
                }
                else if (design.TryExpand(row, part.Inputs, part.Row, out var y))
                {
                    // Rows the first pass dropped (--missing drop) are dropped here too; others were an error there.
                    part.Meat.Add(part.Row, y, weighted ? row[k + 1] : 1);
                }
            }, cancellationToken);
            meat = Merge([.. meats.Select(m => m.Meat)]);
        }

        return (new ExactFit(solution, OlsInference.Compute(solution, covariance, meat, level)), stats);
    }

    /// <summary>
    /// The sufficient statistics of the files' rows, in one pass: what <c>linreg stats</c> writes. With a
    /// <paramref name="design"/> each row is made into the design's row first (a row whose design has a value that is
    /// not a finite number is dropped under --missing drop, else an error).
    /// </summary>
    public static SufficientStats Summarise(TableSet tables, bool intercept, CancellationToken cancellationToken, Design.StreamedDesign? design = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var k = tables.FeatureNames.Count;
        var weighted = tables.WeightName is not null;
        var width = design?.Width ?? k;
        var dropBad = tables.Tables[0].Missing == MissingValuePolicy.Drop;
        var (parts, dropped) = tables.Fold(() => new ShiftedQr(width, intercept), (part, row) =>
        {
            if (design is null)
            {
                part.Add(row[..k], row[k], weighted ? row[k + 1] : 1);
            }
            else if (design.TryExpand(row, part.Inputs ??= new double[k], part.Design ??= new double[width], out var y))
            {
                part.Add(part.Design, y, weighted ? row[k + 1] : 1);
            }
            else
            {
                part.Dropped = dropBad ? part.Dropped + 1 : throw new LinregException(ExitCode.DataError, $"{tables.DisplayName}: a row's design ({design.TargetName} ~ {NameList.Join(design.Design.FeatureNames)}) has a value that is not a finite number; fix the data or the formula, or pass --missing drop to skip such rows");
            }
        }, cancellationToken);
        dropped += parts.Sum(p => p.Dropped);
        var target = new TargetSpread();
        foreach (var part in parts)
        {
            target.Merge(part.Target);
        }

        var sources = tables.Tables.Select(t => t.Source.DisplayName).ToArray();
        var qr = Combine(parts) ?? new QrAccumulator(width, intercept);
        if (tables.WeightName is { } weightName && qr.Rows > 0 && qr.WeightedRows == 0)
        {
            throw RowWeights.AllZero(tables.DisplayName, weightName, qr.Rows);
        }

        return new SufficientStats(design?.TargetName ?? tables.TargetName, design?.Design.FeatureNames ?? tables.FeatureNames, qr, target, dropped, sources) { WeightName = tables.WeightName, Design = design?.Design };
    }

    /// <summary>
    /// The fit from statistics alone, with classical standard errors: robust ones need every row's residual, a pass
    /// over the rows that statistics do not replace.
    /// </summary>
    public static ExactFit Fit(SufficientStats stats, double level, double tolerance = AliasTolerance)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var solution = Solve(stats, tolerance);
        return new ExactFit(solution, OlsInference.Compute(solution, CovarianceType.NonRobust, null, level));
    }

    /// <summary>
    /// The smallest MSE (weighted: Σ w r² / Σ w) any line reaches on the data (a gradient-descent run's target), or null past
    /// <see cref="OptimumMaxFeatures"/> or with fewer rows than parameters (any such line fits them all).
    /// </summary>
    public static double? OptimumCost(Dataset data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount > OptimumMaxFeatures || data.RowCount <= data.FeatureCount)
        {
            return null;
        }

        // The fit alone: the inference (distributions, an SVD) is not what a report line of the optimum needs.
        var solution = Solve(Fold(data, intercept: true, cancellationToken), data.SourceName, data.FeatureNames, intercept: true, AliasTolerance);
        return data.Weights is null ? solution.ResidualSumOfSquares / data.RowCount : solution.ResidualSumOfSquares / solution.SumWeights;
    }

    private static LeastSquaresSolution Solve(ShiftedQr[] parts, string source, IReadOnlyList<string> names, bool intercept, double tolerance) =>
        Solve(Combine(parts), source, names, intercept, tolerance, dropped: 0);

    private static LeastSquaresSolution Solve(SufficientStats stats, double tolerance) =>
        Solve(stats.Rows > 0 ? stats.Qr : null, NameList.Join(stats.Sources), stats.FeatureNames, stats.HasIntercept, tolerance, stats.DroppedRows);

    /// <summary>
    /// The R factor of all of the data's rows (of [1 | x − shift | y] with an intercept): what the penalised solvers and
    /// the streamed moments start from. Null when there are no rows.
    /// </summary>
    public static QrAccumulator? Accumulate(Dataset data, bool intercept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Combine(Fold(data, intercept, cancellationToken));
    }

    private static ShiftedQr[] Fold(Dataset data, bool intercept, CancellationToken cancellationToken)
    {
        var chunks = (data.RowCount + ChunkRows - 1) / ChunkRows;
        var parts = new ShiftedQr[chunks];
        void FoldChunk(int c)
        {
            var part = parts[c] = new ShiftedQr(data.FeatureCount, intercept);
            for (var r = c * ChunkRows; r < Math.Min(data.RowCount, (c + 1) * ChunkRows); r++)
            {
                part.Add(data.Row(r), data.Targets[r], data.Weight(r));
            }
        }

        // One chunk (the lesson's optimum line, any small file) folds on this thread: Parallel.For would start the
        // thread pool's workers and JIT its generic loop for rows that take microseconds.
        if (chunks == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FoldChunk(0);
            return parts;
        }

        Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, FoldChunk);
        return parts;
    }

    private static LeastSquaresSolution Solve(QrAccumulator? total, string source, IReadOnlyList<string> names, bool intercept, double tolerance, long dropped)
    {
        var rows = total?.WeightedRows ?? 0;
        var parameters = names.Count + (intercept ? 1 : 0);
        if (total is null || rows < parameters)
        {
            var skipped = dropped > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({dropped} more were dropped for missing values)") : string.Empty;
            if (total is not null && total.Rows > total.WeightedRows)
            {
                skipped += string.Create(CultureInfo.InvariantCulture, $" of positive weight ({total.Rows - total.WeightedRows} more weigh 0)");
            }

            throw new LinregException(
                ExitCode.DataError,
                string.Create(CultureInfo.InvariantCulture, $"{source}: {rows} row(s){skipped} for {parameters} parameters ({(intercept ? "the intercept and " : string.Empty)}{names.Count} feature(s)): least squares needs at least as many rows as parameters; give more rows or fewer --features"));
        }

        return LeastSquaresSolution.Solve(total, tolerance, names);
    }

    /// <summary>The chunks' factors merged in chunk order (into the first's); null when no chunk had a row.</summary>
    private static QrAccumulator? Combine(ShiftedQr[] parts) =>
        parts.Select(p => p.Accumulator).OfType<QrAccumulator>().Aggregate((QrAccumulator?)null, (merged, next) =>
        {
            if (merged is null)
            {
                return next;
            }

            merged.Merge(next);
            return merged;
        });

    private static RobustMeat Merge(RobustMeat[] parts)
    {
        for (var c = 1; c < parts.Length; c++)
        {
            parts[0].Merge(parts[c]);
        }

        return parts[0];
    }

    private static IEnumerable<int> Range(Dataset data, int chunk) =>
        Enumerable.Range(chunk * ChunkRows, Math.Min(ChunkRows, data.RowCount - (chunk * ChunkRows)));

    /// <summary>
    /// A chunk's accumulator, shifted by the chunk's own first row: centring that costs no pass of its own, and
    /// merging accumulators of different shifts is exact.
    /// </summary>
    private sealed class ShiftedQr(int featureCount, bool intercept)
    {
        public QrAccumulator? Accumulator { get; private set; }

        public TargetSpread Target { get; } = new();

        /// <summary>A design's scratch rows (the inputs remapped, the design's row), one pair per chunk.</summary>
        public double[]? Inputs { get; set; }

        public double[]? Design { get; set; }

        /// <summary>Rows whose design had a value that is not a finite number, skipped under --missing drop.</summary>
        public long Dropped { get; set; }

        public void Add(ReadOnlySpan<double> features, double target, double weight)
        {
            Accumulator ??= new QrAccumulator(featureCount, intercept, intercept ? features : default);
            Accumulator.Add(features, target, weight);
            Target.Add(target, weight);
        }
    }
}
