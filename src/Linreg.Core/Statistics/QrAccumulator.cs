using System.Runtime.CompilerServices;

namespace Linreg.Core.Statistics;

/// <summary>
/// The upper-triangular factor R of the augmented, row-weighted design [1 | x - shift | y] (the 1 only with an
/// intercept), built one row at a time in a single pass: a streaming (tall-skinny) QR. Rows are scaled by √w, kept in
/// blocks and folded into R by Householder reflections of [R; block], so memory is the width squared whatever the
/// number of rows, and two accumulators of separate shards merge into the factor of all their rows.
/// </summary>
/// <remarks>
/// RᵀR is the weighted cross-product matrix of the design, but R is never formed from it: squaring the design
/// squares its condition number, and QR keeps the digits that the normal equations lose (condition numbers near
/// 1e15 still leave a digit or two). The shift (for example the first row's features) takes the features' common
/// offset out before any rounding, which is what makes an intercept well conditioned; it is an exact change of
/// parameters that the solution undoes. Results are the same bits on every run and machine: plain scalar loops in a
/// fixed order, no Vector&lt;T&gt; (its width differs between machines) and no threads. Sums of squares are not
/// rescaled, so values beyond about 1e150 (after weighting) overflow.
/// </remarks>
public sealed class QrAccumulator
{
    /// <summary>Rows folded at a time: enough to spend the time on the block rather than on R, small enough for L1.</summary>
    public const int BlockRows = 128;

    private readonly double[] shift;
    private readonly double[] factor;
    private readonly double[] block;
    private int pending;

    /// <param name="shift">Subtracted from each row's features; null or empty for none. Must be zero without an intercept.</param>
    public QrAccumulator(int featureCount, bool hasIntercept, ReadOnlySpan<double> shift = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        FeatureCount = featureCount;
        HasIntercept = hasIntercept;
        Width = (hasIntercept ? 1 : 0) + featureCount + 1;
        this.shift = new double[featureCount];
        if (!shift.IsEmpty)
        {
            if (shift.Length != featureCount)
            {
                throw new ArgumentException($"{shift.Length} shift value(s) for {featureCount} feature(s)", nameof(shift));
            }

            foreach (var s in shift)
            {
                if (!double.IsFinite(s) || (!hasIntercept && s != 0))
                {
                    // Without an intercept column the shift is no change of parameters but a different model.
                    throw new ArgumentException(hasIntercept ? "the shift must be finite" : "the shift must be zero without an intercept", nameof(shift));
                }
            }

            shift.CopyTo(this.shift);
        }

        factor = new double[Width * Width];
        block = new double[Width * BlockRows];
    }

    /// <summary>An accumulator as a serialiser stored it: <see cref="CopyFactor"/> and the counts.</summary>
    /// <param name="factor">R, <see cref="Width"/> × <see cref="Width"/> row by row, zero below the diagonal.</param>
    public QrAccumulator(int featureCount, bool hasIntercept, ReadOnlySpan<double> shift, ReadOnlySpan<double> factor, long rows, long weightedRows, double sumWeights, double sumLogWeights)
        : this(featureCount, hasIntercept, shift)
    {
        if (factor.Length != Width * Width)
        {
            throw new ArgumentException($"{factor.Length} factor entries, expected {Width} × {Width}", nameof(factor));
        }

        for (var i = 0; i < Width; i++)
        {
            for (var j = 0; j < Width; j++)
            {
                var value = factor[(i * Width) + j];
                if (!double.IsFinite(value) || (j < i && value != 0))
                {
                    throw new ArgumentException("the factor must be finite and upper triangular", nameof(factor));
                }
            }
        }

        if (rows < 0 || weightedRows < 0 || weightedRows > rows || !(sumWeights >= 0) || !double.IsFinite(sumWeights) || !double.IsFinite(sumLogWeights))
        {
            throw new ArgumentException("inconsistent row counts or weight sums");
        }

        factor.CopyTo(this.factor);
        Rows = rows;
        WeightedRows = weightedRows;
        SumWeights = sumWeights;
        SumLogWeights = sumLogWeights;
    }

    public int FeatureCount { get; }

    public bool HasIntercept { get; }

    /// <summary>Columns of the augmented design: the intercept's, the features', the target's.</summary>
    public int Width { get; }

    /// <summary>Coefficients of the model: the intercept (when there is one) and one per feature.</summary>
    public int ParameterCount => Width - 1;

    public IReadOnlyList<double> Shift => shift;

    /// <summary>Every row added, zero weights included (statsmodels' nobs).</summary>
    public long Rows { get; private set; }

    /// <summary>Rows with a positive weight: those that carry information.</summary>
    public long WeightedRows { get; private set; }

    public double SumWeights { get; private set; }

    /// <summary>Σ log w over the positive weights: the Jacobian term of the weighted log-likelihood.</summary>
    public double SumLogWeights { get; private set; }

    /// <param name="weight">Finite and ≥ 0; a zero-weight row is counted in <see cref="Rows"/> and changes nothing else.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<double> features, double target, double weight = 1)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"{features.Length} feature value(s), expected {FeatureCount}", nameof(features));
        }

        if (!(weight >= 0) || !double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "a weight must be finite and not negative");
        }

        if (weight == 0)
        {
            Rows++;
            return;
        }

        var root = weight == 1 ? 1 : Math.Sqrt(weight);
        var column = pending;
        var at = 0;
        if (HasIntercept)
        {
            block[column] = root;
            at = 1;
        }

        // One NaN or infinity would silently turn all of R into NaN; v·0 is NaN for those and 0 otherwise, so one
        // test after the loop says whether the row had any.
        var check = target * 0;
        for (var j = 0; j < features.Length; j++)
        {
            var value = features[j];
            check += value * 0;
            block[((at + j) * BlockRows) + column] = root * (value - shift[j]);
        }

        if (check != 0)
        {
            throw new ArgumentException("features and target must be finite", nameof(features));
        }

        block[((Width - 1) * BlockRows) + column] = root * target;
        Rows++;
        WeightedRows++;
        SumWeights += weight;
        if (weight != 1)
        {
            SumLogWeights += Math.Log(weight);
        }

        if (++pending == BlockRows)
        {
            Householder.Fold(factor, Width, block, BlockRows, pending);
            pending = 0;
        }
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s rows: its R (pending rows included) is moved to this shift and folded in like
    /// a block of rows, so R is that of both shards' rows together, whichever order shards are merged in.
    /// </summary>
    public void Merge(QrAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.FeatureCount != FeatureCount || other.HasIntercept != HasIntercept)
        {
            throw new ArgumentException("accumulators of different designs cannot be merged", nameof(other));
        }

        var theirs = other.CopyFactor();
        if (HasIntercept)
        {
            // x - mine = (x - theirs) + (theirs - mine)·1: add multiples of the intercept column, which has its one
            // entry in row 0, so R stays triangular.
            for (var j = 0; j < FeatureCount; j++)
            {
                var delta = other.shift[j] - shift[j];
                if (delta != 0)
                {
                    theirs[1 + j] += delta * theirs[0];
                }
            }
        }

        // R's rows are rows of an equivalent design (RᵀR is the same cross-product), so they fold in as a block.
        var columns = new double[Width * Width];
        for (var i = 0; i < Width; i++)
        {
            for (var j = i; j < Width; j++)
            {
                columns[(j * Width) + i] = theirs[(i * Width) + j];
            }
        }

        Householder.Fold(factor, Width, columns, Width, Width);
        Rows += other.Rows;
        WeightedRows += other.WeightedRows;
        SumWeights += other.SumWeights;
        SumLogWeights += other.SumLogWeights;
    }

    /// <summary>
    /// Σ w (y − bias − weights·x)² over the rows added, for any line (a penalised fit's, say), from R alone: the
    /// residuals are the augmented design times v = (−bias at the shift, −weights, 1), and RᵀR is the design's
    /// cross-product, so their sum of squares is ‖R v‖². No row is read again.
    /// </summary>
    public double ResidualSumOfSquares(ReadOnlySpan<double> weights, double bias)
    {
        if (weights.Length != FeatureCount)
        {
            throw new ArgumentException($"{weights.Length} weight(s), expected {FeatureCount}", nameof(weights));
        }

        if (!HasIntercept && bias != 0)
        {
            throw new ArgumentException("a factor without an intercept column has no bias to fit", nameof(bias));
        }

        var v = new double[Width];
        var at = 0;
        if (HasIntercept)
        {
            var biasAtShift = bias;
            for (var j = 0; j < FeatureCount; j++)
            {
                biasAtShift += weights[j] * shift[j];
            }

            v[0] = -biasAtShift;
            at = 1;
        }

        for (var j = 0; j < FeatureCount; j++)
        {
            v[at + j] = -weights[j];
        }

        v[Width - 1] = 1;
        var r = CopyFactor();
        var sum = 0.0;
        for (var i = 0; i < Width; i++)
        {
            var component = Householder.Dot(r.AsSpan((i * Width) + i, Width - i), v.AsSpan(i));
            sum += component * component;
        }

        return sum;
    }

    /// <summary>
    /// R with the pending rows folded in, <see cref="Width"/> × <see cref="Width"/> row by row. The accumulator
    /// itself is left as it is, so looking at R (or serialising it) never changes the bits of what follows.
    /// </summary>
    public double[] CopyFactor()
    {
        var copy = (double[])factor.Clone();
        if (pending > 0)
        {
            var rows = (double[])block.Clone();
            Householder.Fold(copy, Width, rows, BlockRows, pending);
        }

        return copy;
    }
}
