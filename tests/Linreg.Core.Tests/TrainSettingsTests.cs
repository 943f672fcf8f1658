using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>TrainSettings.Validate is the one place training values are checked; the CLI only parses them.</summary>
public class TrainSettingsTests
{
    public static TheoryData<TrainSettings, string> Invalid { get; } = new()
    {
        { new TrainSettings { LearningRate = 0 }, "--lr must be greater than 0, e.g. 0.01 (got 0)" },
        { new TrainSettings { LearningRate = -0.5 }, "--lr must be greater than 0, e.g. 0.01 (got -0.5)" },
        { new TrainSettings { LearningRate = double.NaN }, "--lr must be a finite number, e.g. 0.01 (got NaN)" },
        { new TrainSettings { LearningRate = double.PositiveInfinity }, "--lr must be a finite number, e.g. 0.01 (got Infinity)" },
        { new TrainSettings { LearningRate = 1e308 }, "--lr must be at most 3.4028235E+38, float32's largest number, e.g. 0.01 (got 1E+308)" },
        { new TrainSettings { Epochs = 0 }, "--epochs must be at least 1 (got 0)" },
        { new TrainSettings { LogEvery = -1 }, "--log-every must be at least 0 (got -1)" },
        { new TrainSettings { Momentum = 1 }, "--momentum must be in [0, 1) (got 1)" },
        { new TrainSettings { Momentum = -0.1 }, "--momentum must be in [0, 1) (got -0.1)" },
        { new TrainSettings { Momentum = 0.9, Optimizer = OptimizerKind.Adam }, "--momentum applies to --optimizer sgd only" },
        { new TrainSettings { BatchSize = -5 }, "--batch-size must be at least 0 (got -5)" },
        { new TrainSettings { Tolerance = -1 }, "--tolerance must be 0 or more (got -1)" },
        { new TrainSettings { Patience = 0 }, "--patience must be at least 1 (got 0)" },
        { new TrainSettings { DType = DataType.Float64, Solver = SolverKind.Lstsq }, "--dtype float64 applies to --solver gd: --solver lstsq always solves in float64; give no --dtype with it" },
        { new TrainSettings { Alpha = 0.1 }, "--alpha sets a penalty's strength: give --penalty l2, l1 or elasticnet with it" },
        { new TrainSettings { AlphaAuto = true }, "--alpha sets a penalty's strength: give --penalty l2, l1 or elasticnet with it" },
        { new TrainSettings { Penalty = PenaltyKind.L1, L1Ratio = 0.5 }, "--l1-ratio applies to --penalty elasticnet (l1 is a ratio of 1, l2 of 0)" },
        { new TrainSettings { Penalty = PenaltyKind.L2, Alpha = 0 }, "--alpha must be a number greater than 0, or auto, e.g. 0.1 (got 0); --penalty none fits without one" },
        { new TrainSettings { Penalty = PenaltyKind.ElasticNet, L1Ratio = 0 }, "--l1-ratio must be in (0, 1], e.g. 0.5 (got 0); a ratio of 0 is --penalty l2" },
        { new TrainSettings { CvFolds = 1 }, "--cv must be at least 2 folds, e.g. 5 (got 1)" },
        { new TrainSettings { Penalty = PenaltyKind.L1, AlphaAuto = true }, "--alpha auto fits 100 penalties in every --cv fold, which needs the exact solver: add --solver lstsq, or give a number to --alpha" },
        { new TrainSettings { Penalty = PenaltyKind.L2, Solver = SolverKind.Lstsq, Covariance = Linreg.Core.Statistics.CovarianceType.HC3 }, "--se applies to ordinary least squares: a penalised fit has no standard errors, intervals or aliased columns; drop --se or --penalty" },
        { new TrainSettings { Penalty = PenaltyKind.L2, Solver = SolverKind.Lstsq, Standardize = true, Intercept = false }, "--standardize centres the features, which needs the intercept: drop --no-intercept or --standardize" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_values_are_usage_errors_naming_the_option(TrainSettings settings, string message)
    {
        var error = Assert.Throws<LinregException>(settings.Validate);
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_lessons_settings_and_the_edges_of_each_range_are_valid()
    {
        new TrainSettings().Validate();
        new TrainSettings { LearningRate = float.MaxValue }.Validate();

        // --lr auto leaves the number to the job; penalised exact fits may be standardized.
        new TrainSettings { LearningRateAuto = true, LearningRate = double.NaN }.Validate();
        new TrainSettings { Penalty = PenaltyKind.ElasticNet, Alpha = 1e-9, L1Ratio = 1, Solver = SolverKind.Lstsq, Standardize = true, CvFolds = 2, AlphaAuto = true }.Validate();

        // float32's bound is float32's: a float64 run's optimiser holds any finite rate.
        new TrainSettings { LearningRate = 1e308, DType = DataType.Float64 }.Validate();
        new TrainSettings { LearningRate = 1e-12, Epochs = 1, LogEvery = 0, Momentum = 0.999, BatchSize = 1, Tolerance = 0, Patience = 1 }.Validate();
    }

    [Fact]
    public void A_batch_size_of_zero_is_the_whole_data_set_as_on_the_command_line()
    {
        Assert.Null(new TrainSettings { BatchSize = 0 }.BatchSize);
        Assert.Null((new TrainSettings { BatchSize = 32 } with { BatchSize = 0 }).BatchSize);
        Assert.Equal(32, new TrainSettings { BatchSize = 32 }.BatchSize);
        Assert.Equal(new TrainSettings(), new TrainSettings { BatchSize = 0 });
    }
}
