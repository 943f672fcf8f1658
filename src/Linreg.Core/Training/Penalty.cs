namespace Linreg.Core.Training;

/// <summary>--penalty: what is added to least squares, each scikit-learn's objective (the intercept is never penalised).</summary>
public enum PenaltyKind
{
    None,

    /// <summary>Ridge(alpha): ‖y − Xw − b‖² + α‖w‖².</summary>
    L2,

    /// <summary>Lasso(alpha): (1/2n)‖y − Xw − b‖² + α‖w‖₁.</summary>
    L1,

    /// <summary>ElasticNet(alpha, l1_ratio): (1/2n)‖y − Xw − b‖² + α·r‖w‖₁ + α(1 − r)/2·‖w‖².</summary>
    ElasticNet,
}

/// <summary>
/// A penalty as one form that all three objectives share: ½‖y − Xw − b‖² + λ‖w‖₁ + β/2·‖w‖² on n rows. Each of
/// scikit-learn's objectives is a positive multiple of it, so they have the same minimiser; the exact solver works in
/// this form, and gradient descent, whose cost is the MSE, minimises 2/n times it.
/// </summary>
public readonly record struct Penalty(PenaltyKind Kind, double Alpha, double L1Ratio)
{
    /// <summary>scikit-learn's default alpha.</summary>
    public const double DefaultAlpha = 1.0;

    /// <summary>scikit-learn's default l1_ratio.</summary>
    public const double DefaultL1Ratio = 0.5;

    public bool IsNone => Kind == PenaltyKind.None;

    /// <summary>The l1 share r: 1 for the lasso, 0 for ridge.</summary>
    public double L1Share => Kind switch
    {
        PenaltyKind.L1 => 1,
        PenaltyKind.ElasticNet => L1Ratio,
        _ => 0,
    };

    public static Penalty Of(TrainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Penalty, settings.Alpha ?? DefaultAlpha, settings.L1Ratio ?? DefaultL1Ratio);
    }

    /// <summary>λ and β of ½‖r‖² + λ‖w‖₁ + β/2·‖w‖² for <paramref name="rows"/> rows (Σ w for weighted rows).</summary>
    public (double L1, double L2) OnHalfSquares(double rows) => Kind switch
    {
        PenaltyKind.L2 => (0, Alpha),
        PenaltyKind.L1 => (rows * Alpha, 0),
        PenaltyKind.ElasticNet => (rows * Alpha * L1Ratio, rows * Alpha * (1 - L1Ratio)),
        _ => (0, 0),
    };

    /// <summary>λ and β as gradient descent adds them to the MSE: MSE + λ‖w‖₁ + β‖w‖² (2/n times the half-squares form).</summary>
    public (double L1, double L2) OnMse(long rows)
    {
        var (l1, l2) = OnHalfSquares(rows);
        return (2 * l1 / rows, l2 / rows);
    }

    /// <summary>What the penalty adds to the MSE at <paramref name="weights"/>: with it, the objective descent minimises.</summary>
    public double OnMse(IReadOnlyList<double> weights, long rows)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var (l1, l2) = OnMse(rows);
        return (l1 * weights.Sum(Math.Abs)) + (l2 * weights.Sum(w => w * w));
    }

    /// <summary>The fit's usual name: ridge, lasso, elastic net.</summary>
    public string Name => Kind switch
    {
        PenaltyKind.L2 => "ridge",
        PenaltyKind.L1 => "lasso",
        PenaltyKind.ElasticNet => "elastic net",
        _ => "none",
    };

    /// <summary>How reports name it, e.g. "lasso, alpha 0.1".</summary>
    public string Describe() => Kind switch
    {
        PenaltyKind.None => Name,
        PenaltyKind.ElasticNet => FormattableString.Invariant($"{Name}, alpha {Alpha:G6}, l1 ratio {L1Ratio:G6}"),
        _ => FormattableString.Invariant($"{Name}, alpha {Alpha:G6}"),
    };
}
