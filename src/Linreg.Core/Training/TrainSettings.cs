using System.Globalization;
using Linreg.Core.Solvers;
using Linreg.Core.Runtime;

namespace Linreg.Core.Training;

public enum InitMode
{
    /// <summary>W = b = 0, as the lesson.</summary>
    Zeros,

    /// <summary><c>nn.Linear(k, 1)</c>'s own initialisation, drawn from the seeded generator.</summary>
    Linear,
}

public enum OptimizerKind
{
    Sgd,
    Adam,
}

/// <summary>How a full-batch step evaluates the MSE it differentiates.</summary>
public enum CostSource
{
    /// <summary><see cref="Moments"/> from <see cref="TrainSettings.MomentsFromValues"/> feature values on tall data, else <see cref="Rows"/>.</summary>
    Auto,

    /// <summary>Over every row each step, with the lesson's tensors: bit for bit PyTorch's numbers for one feature.</summary>
    Rows,

    /// <summary>From the data's means and covariances computed once: the same cost and gradients (in float64), O(k²) per step.</summary>
    Moments,
}

/// <summary>The element type of gradient descent's tensors: parameters, data, cost and optimiser state.</summary>
#pragma warning disable CA1720 // The members are the dtypes' names, as --dtype and PyTorch spell them.
public enum DataType
{
    /// <summary>float32, the lesson's (PyTorch's default dtype).</summary>
    Float32,

    /// <summary>float64 throughout: twice the memory per value, and descent can get as close to the optimum as float64 allows.</summary>
    Float64,
}
#pragma warning restore CA1720

public enum SolverKind
{
    /// <summary>Gradient descent: the lesson's loop.</summary>
    Gd,

    /// <summary>Ordinary least squares solved exactly.</summary>
    Lstsq,
}

/// <summary>
/// The knobs of one training run. The defaults are the lesson's: W = b = 0, full-batch SGD at lr 0.01, 2000 steps,
/// <c>torch.manual_seed(1)</c>, a log line every 100 steps.
/// </summary>
public sealed record TrainSettings
{
    public double LearningRate { get; init; } = 0.01;

    /// <summary>
    /// --lr auto: the job sets <see cref="LearningRate"/> from the cost's curvature before training (<see cref="StepSize"/>),
    /// and keeps this flag so that records say where the rate came from.
    /// </summary>
    public bool LearningRateAuto { get; init; }

    /// <summary>Passes over the data. Full-batch (the default) makes one step per epoch, so epochs are the lesson's steps.</summary>
    public int Epochs { get; init; } = 2000;

    public long Seed { get; init; } = 1;

    /// <summary>A lesson log line every this many epochs; 0 prints none.</summary>
    public int LogEvery { get; init; } = 100;

    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;

    public InitMode Init { get; init; } = InitMode.Zeros;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>SGD momentum; 0 is the lesson's plain SGD.</summary>
    public double Momentum { get; init; }

    /// <summary>Rows per step; null (or 0, which is stored as null) takes the whole data set, as the lesson does.</summary>
    public int? BatchSize { get; init => field = value == 0 ? null : value; }

    /// <summary>Shuffle the rows every epoch (seeded from <see cref="Seed"/> and the epoch, so runs and resumes repeat).</summary>
    public bool Shuffle { get; init; }

    /// <summary>Train on features scaled to zero mean and unit variance.</summary>
    public bool Standardize { get; init; }

    /// <summary>Stop when the epoch cost improves by less than this for <see cref="Patience"/> epochs in a row; null never stops early.</summary>
    public double? Tolerance { get; init; }

    public int Patience { get; init; } = 10;

    public SolverKind Solver { get; init; } = SolverKind.Gd;

    /// <summary>Fit an intercept (the exact solver; false is --no-intercept, a line through the origin).</summary>
    public bool Intercept { get; init; } = true;

    /// <summary>The exact solver's standard errors: classical, or heteroscedasticity-consistent (--se).</summary>
    public Statistics.CovarianceType Covariance { get; init; }

    /// <summary>Confidence level of the exact solver's intervals (--level).</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>
    /// R's lm tol (--rank-tol): a column whose part not explained by the columns before it is below this fraction of
    /// its norm is aliased; 0 fits every column that is not exactly dependent in double precision.
    /// </summary>
    public double RankTolerance { get; init; } = Solvers.ExactLeastSquares.AliasTolerance;

    /// <summary>Gradient descent's tensors; the exact solver always works in float64.</summary>
    public DataType DType { get; init; } = DataType.Float32;

    public PenaltyKind Penalty { get; init; }

    /// <summary>The penalty's strength in scikit-learn's units; null is its default, <see cref="Training.Penalty.DefaultAlpha"/>.</summary>
    public double? Alpha { get; init; }

    /// <summary>--alpha auto: chosen by cross-validation over a path of penalties; the job then sets <see cref="Alpha"/>.</summary>
    public bool AlphaAuto { get; init; }

    /// <summary>Elastic net's l1 share; null is scikit-learn's default, <see cref="Training.Penalty.DefaultL1Ratio"/>.</summary>
    public double? L1Ratio { get; init; }

    /// <summary>--cv K: K-fold cross-validation before the fit on all rows (5 for --alpha auto when not given); null: none.</summary>
    public int? CvFolds { get; init; }

    /// <summary>Folds --alpha auto scores each penalty on when --cv is not given, as scikit-learn's LassoCV.</summary>
    public const int DefaultCvFolds = 5;

    /// <summary>Where full-batch steps get their cost; mini-batches always use their rows.</summary>
    public CostSource CostFrom { get; init; } = CostSource.Auto;

    /// <summary>
    /// Where <see cref="CostSource.Auto"/> switches to moments: a step over 100,000 values costs about as much as a
    /// step on moments plus its share of computing them, and every lesson-sized set stays on the lesson's tensors.
    /// </summary>
    public const long MomentsFromValues = 100_000;

    /// <summary>Past this many features the moments (k² numbers) cost more than the rows they summarise.</summary>
    public const int MomentsMaxFeatures = 1024;

    /// <summary>
    /// Whether full-batch steps on <paramref name="rows"/> × <paramref name="features"/> values use moments. Auto
    /// also wants the data tall: the moments are a features × features matrix, which for wide data (1,000 features
    /// and 20 rows) costs more memory and time per step than the rows themselves.
    /// </summary>
    public bool UsesMoments(long rows, long features) =>
        CostFrom == CostSource.Moments
        || (CostFrom == CostSource.Auto && rows * features >= MomentsFromValues && rows >= 4 * features && features <= MomentsMaxFeatures);

    /// <summary>
    /// Whether an in-memory gradient-descent run over <paramref name="rows"/> × <paramref name="features"/> values
    /// took every step's cost from moments: only when an epoch is one batch, since mini-batches use their rows.
    /// </summary>
    public bool StepsUseMoments(long rows, long features) => (BatchSize is not { } size || size >= rows) && UsesMoments(rows, features);

    /// <summary>
    /// Fails fast with a usage error when a value cannot make sense, whoever built the record. This is the one place
    /// these rules live: the CLI only parses text into numbers, so its users read these messages, which name the
    /// options they know.
    /// </summary>
    public void Validate()
    {
        ValidateLearningRate();
        ValidatePenalty();
        ValidateRest();
    }

    private void ValidateLearningRate()
    {
        if (LearningRateAuto)
        {
            return;
        }

        if (!double.IsFinite(LearningRate))
        {
            throw Usage($"--lr must be a finite number, e.g. 0.01 (got {LearningRate.ToString(CultureInfo.InvariantCulture)})");
        }

        if (LearningRate <= 0)
        {
            throw Usage($"--lr must be greater than 0, e.g. 0.01 (got {LearningRate.ToString(CultureInfo.InvariantCulture)})");
        }

        // The optimisers step float32 parameters, and libtorch refuses a rate it cannot hold as a float32.
        if (DType == DataType.Float32 && LearningRate > float.MaxValue)
        {
            throw Usage($"--lr must be at most {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}, float32's largest number, e.g. 0.01 (got {LearningRate.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private void ValidatePenalty()
    {
        var c = CultureInfo.InvariantCulture;
        if (Penalty == PenaltyKind.None && (Alpha is not null || AlphaAuto))
        {
            throw Usage("--alpha sets a penalty's strength: give --penalty l2, l1 or elasticnet with it");
        }

        if (L1Ratio is { } ratio && Penalty != PenaltyKind.ElasticNet)
        {
            throw Usage("--l1-ratio applies to --penalty elasticnet (l1 is a ratio of 1, l2 of 0)");
        }

        if (Alpha is { } alpha && !(double.IsFinite(alpha) && alpha > 0))
        {
            throw Usage($"--alpha must be a number greater than 0, or auto, e.g. 0.1 (got {alpha.ToString(c)}); --penalty none fits without one");
        }

        if (L1Ratio is { } share && !(share > 0 && share <= 1))
        {
            throw Usage($"--l1-ratio must be in (0, 1], e.g. 0.5 (got {share.ToString(c)}); a ratio of 0 is --penalty l2");
        }

        if (CvFolds is < 2)
        {
            throw Usage($"--cv must be at least 2 folds, e.g. 5 (got {CvFolds})");
        }

        if (AlphaAuto && Solver != SolverKind.Lstsq)
        {
            throw Usage("--alpha auto fits 100 penalties in every --cv fold, which needs the exact solver: add --solver lstsq, or give a number to --alpha");
        }

        if (Penalty != PenaltyKind.None && Solver == SolverKind.Lstsq)
        {
            var inferenceOnly = Covariance != Statistics.CovarianceType.NonRobust ? "--se" : Level != 0.95 ? "--level" : RankTolerance != Solvers.ExactLeastSquares.AliasTolerance ? "--rank-tol" : null;
            if (inferenceOnly is not null)
            {
                throw Usage($"{inferenceOnly} applies to ordinary least squares: a penalised fit has no standard errors, intervals or aliased columns; drop {inferenceOnly} or --penalty");
            }

            if (Standardize && !Intercept)
            {
                throw Usage("--standardize centres the features, which needs the intercept: drop --no-intercept or --standardize");
            }
        }
    }

    private void ValidateRest()
    {
        if (Epochs < 1)
        {
            throw Usage($"--epochs must be at least 1 (got {Epochs})");
        }

        if (LogEvery < 0)
        {
            throw Usage($"--log-every must be at least 0 (got {LogEvery})");
        }

        if (!double.IsFinite(Momentum) || Momentum < 0 || Momentum >= 1)
        {
            throw Usage($"--momentum must be in [0, 1) (got {Momentum.ToString(CultureInfo.InvariantCulture)})");
        }

        if (Momentum > 0 && Optimizer != OptimizerKind.Sgd)
        {
            throw Usage("--momentum applies to --optimizer sgd only");
        }

        if (DType == DataType.Float64 && Solver == SolverKind.Lstsq)
        {
            throw Usage("--dtype float64 applies to --solver gd: --solver lstsq always solves in float64; give no --dtype with it");
        }

        if (BatchSize is < 0)
        {
            throw Usage($"--batch-size must be at least 0 (got {BatchSize})");
        }

        if (Tolerance is { } tolerance && (!double.IsFinite(tolerance) || tolerance < 0))
        {
            throw Usage($"--tolerance must be 0 or more (got {tolerance.ToString(CultureInfo.InvariantCulture)})");
        }

        if (Patience < 1)
        {
            throw Usage($"--patience must be at least 1 (got {Patience})");
        }

        if (!(Level > 0 && Level < 1))
        {
            throw Usage($"--level must be between 0 and 1, e.g. 0.95 (got {Level.ToString(CultureInfo.InvariantCulture)})");
        }

        if (!(RankTolerance >= 0 && RankTolerance < 1))
        {
            throw Usage($"--rank-tol must be in [0, 1), e.g. 1e-7 (got {RankTolerance.ToString(CultureInfo.InvariantCulture)})");
        }

        var exactOnly = !Intercept ? "--no-intercept" : Covariance != Statistics.CovarianceType.NonRobust ? "--se" : Level != 0.95 ? "--level" : RankTolerance != Solvers.ExactLeastSquares.AliasTolerance ? "--rank-tol" : null;
        if (Solver == SolverKind.Gd && exactOnly is not null)
        {
            throw Usage($"{exactOnly} applies to --solver lstsq, the exact solver, which gives standard errors and intervals; gradient descent gives neither");
        }

        if (Solver == SolverKind.Lstsq && Standardize && Penalty == PenaltyKind.None)
        {
            throw Usage("--standardize applies to gradient descent and penalised fits: the exact solver's QR does not depend on the features' scale, and its estimates and standard errors are in the data's units");
        }
    }

    private static LinregException Usage(string message) => new(ExitCode.UsageError, message);
}
