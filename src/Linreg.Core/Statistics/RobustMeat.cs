namespace Linreg.Core.Statistics;

/// <summary>
/// The middle of the heteroscedasticity-consistent sandwich, Σ ω·x̃x̃ᵀ over the whitened rows x̃ = √w·x with ω from the
/// whitened residual √w·e and the leverage h as <see cref="CovarianceType"/> says: a second pass over the rows after
/// the fit, mergeable across shards like <see cref="QrAccumulator"/>. HC1's factor n / df_resid is applied by
/// <see cref="OlsInference"/>, so its meat is HC0's.
/// </summary>
/// <remarks>
/// Rows are taken in the fit's shifted coordinates [1, x - shift] over the estimable terms, where the products are
/// of centred numbers and lose nothing to the features' offsets; <see cref="OlsInference"/> moves the sandwich to the
/// features' own units with the same exact change of parameters as the fit's covariance.
/// </remarks>
public sealed class RobustMeat
{
    private readonly double[] meat;

    public RobustMeat(LeastSquaresSolution solution, CovarianceType type)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (type == CovarianceType.NonRobust || !Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "a robust covariance type is needed");
        }

        Solution = solution;
        Type = type;
        meat = new double[solution.Rank * solution.Rank];
    }

    public LeastSquaresSolution Solution { get; }

    public CovarianceType Type { get; }

    public long Rows { get; private set; }

    /// <summary>Σ ω·x̃x̃ᵀ in the fit's shifted coordinates, rank × rank row by row.</summary>
    internal ReadOnlySpan<double> Meat => meat;

    /// <summary>One row of the data the solution was fitted on, with its weight.</summary>
    public void Add(ReadOnlySpan<double> features, double target, double weight = 1)
    {
        if (!(weight >= 0) || !double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "a weight must be finite and not negative");
        }

        Rows++;
        if (weight == 0)
        {
            return;
        }

        var rank = Solution.Rank;
        Span<double> row = rank <= 256 ? stackalloc double[rank] : new double[rank];
        Solution.Design(features, row);
        var residual = target - Solution.Predict(features);
        var omega = weight * residual * residual;
        if (Type is CovarianceType.HC2 or CovarianceType.HC3)
        {
            var h = weight * Triangular.SolveTransposedSquares(Solution.Triangle, rank, row);
            omega = Type == CovarianceType.HC2 ? omega / (1 - h) : omega / ((1 - h) * (1 - h));
        }

        // x̃x̃ᵀ = w·xxᵀ; the upper triangle here, mirrored when read.
        var scale = omega * weight;
        for (var i = 0; i < rank; i++)
        {
            var left = scale * row[i];
            for (var j = i; j < rank; j++)
            {
                meat[(i * rank) + j] += left * row[j];
            }
        }
    }

    public void Merge(RobustMeat other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Solution, Solution) || other.Type != Type)
        {
            throw new ArgumentException("only meats of the same solution and covariance type merge", nameof(other));
        }

        for (var i = 0; i < meat.Length; i++)
        {
            meat[i] += other.meat[i];
        }

        Rows += other.Rows;
    }

    /// <summary>The full symmetric matrix.</summary>
    internal double[] Symmetric()
    {
        var rank = Solution.Rank;
        var full = new double[rank * rank];
        for (var i = 0; i < rank; i++)
        {
            for (var j = i; j < rank; j++)
            {
                full[(i * rank) + j] = full[(j * rank) + i] = meat[(i * rank) + j];
            }
        }

        return full;
    }

    /// <summary>(A C) M (A C)ᵀ with C = R⁻¹R⁻ᵀ in shifted coordinates and A R⁻¹ the inverse in the features' units.</summary>
    internal static double[] Sandwich(double[] originalInverse, ReadOnlySpan<double> inverse, double[] meat, int rank, double factor)
    {
        var left = new double[rank * rank];
        for (var i = 0; i < rank; i++)
        {
            for (var j = 0; j < rank; j++)
            {
                var sum = 0.0;
                for (var c = Math.Max(i, j); c < rank; c++)
                {
                    sum += originalInverse[(i * rank) + c] * inverse[(j * rank) + c];
                }

                left[(i * rank) + j] = sum;
            }
        }

        var result = new double[rank * rank];
        for (var i = 0; i < rank; i++)
        {
            for (var j = i; j < rank; j++)
            {
                var sum = 0.0;
                for (var a = 0; a < rank; a++)
                {
                    var inner = 0.0;
                    for (var b = 0; b < rank; b++)
                    {
                        inner += meat[(a * rank) + b] * left[(j * rank) + b];
                    }

                    sum += left[(i * rank) + a] * inner;
                }

                result[(i * rank) + j] = result[(j * rank) + i] = factor * sum;
            }
        }

        return result;
    }
}
