namespace Linreg.Core.Data;

/// <summary>
/// The means of a data set's features and target and their covariances (over n), in double from centred values so
/// that nothing cancels. Everything least squares needs: the normal equations, and the MSE of any line as a
/// quadratic form (<see cref="Training.MomentCost"/>). Two passes over the rows, in chunks on every core; each
/// chunk's sums are kept apart and added in chunk order, so the result does not depend on the number of cores.
/// </summary>
public sealed class DataMoments
{
    private const int ChunkRows = 1 << 15;
    private const int BlockRows = 256;

    private DataMoments(long rows, double[] featureMean, double targetMean, double[] covariance, double[] crossCovariance, double targetVariance)
    {
        Rows = rows;
        FeatureMean = featureMean;
        TargetMean = targetMean;
        Covariance = covariance;
        CrossCovariance = crossCovariance;
        TargetVariance = targetVariance;
    }

    public long Rows { get; }

    public int FeatureCount => FeatureMean.Count;

    public IReadOnlyList<double> FeatureMean { get; }

    public double TargetMean { get; }

    /// <summary>The features' covariance matrix, k × k row by row.</summary>
    public IReadOnlyList<double> Covariance { get; }

    /// <summary>Each feature's covariance with the target.</summary>
    public IReadOnlyList<double> CrossCovariance { get; }

    public double TargetVariance { get; }

    /// <remarks>
    /// Weighted rows give the weighted moments (Σ w-weighted means, covariances over Σ w) from the weighted fold's
    /// factor: the weighted MSE is then the same quadratic form, and its curvature the step size's.
    /// </remarks>
    public static DataMoments Compute(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Weights is not null)
        {
            return FromFactor(Solvers.ExactLeastSquares.Accumulate(data, intercept: true, CancellationToken.None)!);
        }

        var k = data.FeatureCount;
        var width = k + 1;
        var chunks = (data.RowCount + ChunkRows - 1) / ChunkRows;

        var sums = new double[chunks * width];
        ForEachChunk(chunks, c => SumChunk(data, c, sums.AsSpan(c * width, width)));
        var mean = new double[width];
        for (var c = 0; c < chunks; c++)
        {
            for (var j = 0; j < width; j++)
            {
                mean[j] += sums[(c * width) + j];
            }
        }

        for (var j = 0; j < width; j++)
        {
            mean[j] /= data.RowCount;
        }

        var products = new double[chunks * width * width];
        ForEachChunk(chunks, c => MultiplyChunk(data, c, mean, products.AsSpan(c * width * width, width * width)));
        var total = new double[width * width];
        for (var c = 0; c < chunks; c++)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += products[(c * total.Length) + i];
            }
        }

        var covariance = new double[k * k];
        var cross = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = i; j < k; j++)
            {
                covariance[(i * k) + j] = covariance[(j * k) + i] = total[(i * width) + j] / data.RowCount;
            }

            cross[i] = total[(i * width) + k] / data.RowCount;
        }

        return new DataMoments(data.RowCount, mean[..k], mean[k], covariance, cross, total[(k * width) + k] / data.RowCount);
    }

    /// <summary>
    /// The same moments from the R factor of [1 | x − shift | y] (a streamed fold): R's first row holds √n times the
    /// shifted means, and the rest of R is the factor of the centred columns (projecting out the constant column is
    /// centring), so the covariances come as R₁ᵀR₁/n with nothing cancelling. For weighted rows n is Σ w (the row
    /// count when every weight is 1), and the moments are the weighted ones.
    /// </summary>
    public static DataMoments FromFactor(Statistics.QrAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        if (!accumulator.HasIntercept || accumulator.Rows == 0)
        {
            throw new ArgumentException("moments need a fold with an intercept column and at least one row", nameof(accumulator));
        }

        var k = accumulator.FeatureCount;
        var width = accumulator.Width;
        var r = accumulator.CopyFactor();
        var n = accumulator.SumWeights;
        var mean = new double[k];
        for (var j = 0; j < k; j++)
        {
            mean[j] = accumulator.Shift[j] + (r[1 + j] / r[0]);
        }

        // Column c of the centred block is column c + 1 of R, whose rows 1…c+1 are its nonzero entries.
        double Centred(int a, int b)
        {
            var sum = 0.0;
            for (var i = 1; i <= 1 + Math.Min(a, b); i++)
            {
                sum += r[(i * width) + 1 + a] * r[(i * width) + 1 + b];
            }

            return sum / n;
        }

        var covariance = new double[k * k];
        var cross = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = i; j < k; j++)
            {
                covariance[(i * k) + j] = covariance[(j * k) + i] = Centred(i, j);
            }

            cross[i] = Centred(i, k);
        }

        return new DataMoments(accumulator.Rows, mean, r[width - 1] / r[0], covariance, cross, Centred(k, k));
    }

    private static void SumChunk(Dataset data, int chunk, Span<double> sums)
    {
        var k = data.FeatureCount;
        var (start, count) = ChunkRange(data, chunk);
        var features = data.Features.AsSpan(start * k, count * k);
        for (var r = 0; r < count; r++)
        {
            var row = features.Slice(r * k, k);
            for (var j = 0; j < k; j++)
            {
                sums[j] += row[j];
            }
        }

        foreach (var y in data.Targets.AsSpan(start, count))
        {
            sums[k] += y;
        }
    }

    /// <summary>
    /// The upper triangle of ZᵀZ for this chunk's centred rows Z = [x - mean_x, y - mean_y]. Rows are copied a block
    /// at a time into columns, so each product is a dot product over the block in four independent sums. Plain
    /// scalar code on purpose: it runs precompiled from the first call, where a vectorised version costs a JIT pass
    /// first and measured no faster overall (1M × 10 rows: about 40 ms on two cores).
    /// </summary>
    private static void MultiplyChunk(Dataset data, int chunk, double[] mean, Span<double> products)
    {
        var k = data.FeatureCount;
        var width = k + 1;
        var (start, count) = ChunkRange(data, chunk);
        var columns = new double[width * BlockRows];
        for (var blockStart = 0; blockStart < count; blockStart += BlockRows)
        {
            var rows = Math.Min(BlockRows, count - blockStart);
            for (var r = 0; r < rows; r++)
            {
                var index = start + blockStart + r;
                var row = data.Features.AsSpan(index * k, k);
                for (var j = 0; j < k; j++)
                {
                    columns[(j * BlockRows) + r] = row[j] - mean[j];
                }

                columns[(k * BlockRows) + r] = data.Targets[index] - mean[k];
            }

            for (var i = 0; i < width; i++)
            {
                var left = columns.AsSpan(i * BlockRows, rows);
                for (var j = i; j < width; j++)
                {
                    products[(i * width) + j] += Statistics.Householder.Dot(left, columns.AsSpan(j * BlockRows, rows));
                }
            }
        }
    }

    /// <summary>Chunks on every core; one chunk (any lesson-sized set) right here, without the thread pool.</summary>
    private static void ForEachChunk(int chunks, Action<int> work)
    {
        if (chunks == 1)
        {
            work(0);
            return;
        }

        Parallel.For(0, chunks, work);
    }

    private static (int Start, int Count) ChunkRange(Dataset data, int chunk)
    {
        var start = chunk * ChunkRows;
        return (start, Math.Min(ChunkRows, data.RowCount - start));
    }
}
