using System.CommandLine;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Runtime;
using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg train DATA… | --from-stats FILES…</c>: binds options into <see cref="TrainJobSettings"/> and runs <see cref="TrainJob"/>.</summary>
internal sealed class TrainCommand : LinregCommand
{
    public TrainCommand(CliContext context)
        : base(context, "train", "Train W and b with the lesson's loop (x*W+b, MSE, SGD, zero_grad/backward/step) and print its log.\n"
            + "Example: linreg train examples/seed.csv --lr 0.01 --epochs 2000 --model model.json")
    {
        var defaults = new TrainSettings();
        var data = Declare(CommonOptions.DataFilesArgument("CSV file(s) to train on, or - for standard input; several files and quoted patterns ('parts/*.csv') are read as one table, in name order. A header row names the columns; by default the last column is the target", required: false));
        var training = new OptionBindings<TrainSettings>(this);
        var job = new OptionBindings<TrainJobSettings>(this);

        // In the order the help lists them.
        training.Add(
            CommonOptions.NumberOrAuto("--lr", defaults.LearningRate, "Learning rate, or auto: from the cost's curvature, known before training (L, the largest eigenvalue of its Hessian): 1/L for SGD, the target's standard deviation / 100 for Adam. Full-batch SGD at or above its stable rate 2(1 + momentum)/L is refused before training, naming the rate", "0.01"),
            (s, v) => v is CommonOptions.Auto ? s with { LearningRateAuto = true } : s with { LearningRate = v ?? s.LearningRate });
        training.Add(CommonOptions.WholeNumber("--epochs", defaults.Epochs, "Passes over the data; full batch (the default) makes one step per epoch. Log lines read 'Epoch e/<epochs-1>'"), (s, v) => s with { Epochs = v });
        training.Add(CommonOptions.Seed("torch.manual_seed before training: initialisation, shuffling and --validation-split repeat exactly"), (s, v) => s with { Seed = v });
        training.Add(CommonOptions.WholeNumber("--log-every", defaults.LogEvery, "Print the lesson's log line every N epochs (0: none)"), (s, v) => s with { LogEvery = v });
        training.Add(CommonOptions.Choice("--device", "Where to train: cpu, cuda, mps, or auto (cuda or mps when available, else cpu)", typeof(DeviceChoice)), (s, v) => s with { Device = v is DeviceChoice value ? value : default });
        training.Add(CommonOptions.Choice("--dtype", "Gradient descent's tensors: float32 (the lesson's, as PyTorch's default) or float64", typeof(DataType)), (s, v) => s with { DType = v is DataType value ? value : default });
        training.Add(CommonOptions.Choice("--init", "Starting W and b: zeros (the lesson) or linear (nn.Linear's own initialisation from the seeded generator)", typeof(InitMode)), (s, v) => s with { Init = v is InitMode value ? value : default });
        training.Add(CommonOptions.Choice("--optimizer", "Optimiser: sgd (the lesson) or adam", typeof(OptimizerKind)), (s, v) => s with { Optimizer = v is OptimizerKind value ? value : default });
        training.Add(CommonOptions.OptionalNumber("--momentum", "SGD momentum [default: 0]"), (s, v) => s with { Momentum = v ?? 0 });
        training.Add(CommonOptions.WholeNumber("--batch-size", 0, "Rows per step; 0 takes the whole data set (the lesson)"), (s, v) => s with { BatchSize = v });
        training.Add(new Option<bool>("--shuffle") { Description = "Shuffle the rows every epoch (seeded) before cutting mini-batches; with --cv, cut the folds from torch.randperm(rows) seeded with --seed instead of the file's order" }, (s, v) => s with { Shuffle = v });
        training.Add(new Option<bool>("--standardize") { Description = "Train on features scaled to zero mean and unit variance, the bias starting at the target's mean; the model stores the scaling and its weights in original units. A penalty then applies to the standardized weights (scikit-learn's StandardScaler, then the model)" }, (s, v) => s with { Standardize = v });
        training.Add(CommonOptions.OptionalNumber("--tolerance", "Stop when the epoch cost improves by less than this for --patience epochs in a row [default: never]"), (s, v) => s with { Tolerance = v });
        training.Add(CommonOptions.WholeNumber("--patience", defaults.Patience, "Epochs of too little improvement before --tolerance stops training"), (s, v) => s with { Patience = v });
        training.Add(
            CommonOptions.Choice(
                "--penalty",
                "Add a penalty on the weights (never the intercept), each scikit-learn's objective: l2 is Ridge(alpha): |y - Xw - b|² + alpha·|w|²; l1 is Lasso(alpha): |y - Xw - b|²/(2n) + alpha·|w|₁; elasticnet is ElasticNet(alpha, l1_ratio r): |y - Xw - b|²/(2n) + alpha·r·|w|₁ + alpha·(1 - r)/2·|w|². --solver lstsq solves it exactly (no standard errors); gradient descent adds it to the MSE, scaled to the same minimiser, and reports the sum as its cost",
                typeof(PenaltyKind)),
            (s, v) => s with { Penalty = v is PenaltyKind value ? value : default });
        training.Add(
            CommonOptions.NumberOrAuto("--alpha", null, "The penalty's strength, or auto (with --solver lstsq): the best of 100 alphas, log-spaced over three decades down from the smallest that zeroes every weight (glmnet's and LassoCV's path; for l2 from 1000 to 1/1000 times the mean diagonal of the centred XᵀX), by --cv K-fold cross-validation (5 when not given) [default: 1]", "0.1"),
            (s, v) => v is CommonOptions.Auto ? s with { AlphaAuto = true } : s with { Alpha = v });
        training.Add(CommonOptions.OptionalNumber("--l1-ratio", "With --penalty elasticnet: the l1 share r, in (0, 1] [default: 0.5]"), (s, v) => s with { L1Ratio = v });
        training.Add(
            new Option<int?>("--cv") { Description = "K-fold cross-validation before the fit on all rows: each fold's MSE, RMSE, MAE and R² for a fit on the others, and their mean ± sd, on stderr and in --json. Folds are contiguous runs of rows, as scikit-learn's KFold(K) (with --shuffle, of a seeded permutation)", HelpName = "K" },
            (s, v) => s with { CvFolds = v });
        var solver = training.Add(CommonOptions.Choice("--solver", "gd: gradient descent (the lesson's loop); lstsq: ordinary least squares solved exactly in float64 (Householder QR, aliased columns as R's lm), with the coefficient table R's summary(lm) prints", typeof(SolverKind)), (s, v) => s with { Solver = v is SolverKind value ? value : default });
        training.Add(CommonOptions.NoIntercept("With --solver lstsq: fit a line through the origin; R² is then uncentred (1 - SSE/Σy²), as R and statsmodels report it"), (s, v) => s with { Intercept = !v });
        training.Add(CommonOptions.Choice("--se", "With --solver lstsq: standard errors: nonrobust (classical), or hc0, hc1, hc2, hc3 (heteroscedasticity-consistent, statsmodels' formulas; p-values and intervals then use the normal distribution, as statsmodels does)", typeof(CovarianceType)), (s, v) => s with { Covariance = v is CovarianceType value ? value : default });
        training.Add(CommonOptions.Number("--rank-tol", defaults.RankTolerance, "With --solver lstsq: R's lm tol: a column whose part not explained by the columns before it is below this fraction of its norm is aliased (NA); 0 fits every column not exactly dependent in double precision", "1e-7"), (s, v) => s with { RankTolerance = v });
        training.Add(CommonOptions.Number("--level", defaults.Level, "With --solver lstsq: confidence level of the coefficients' intervals (in --json and the model)", "0.95"), (s, v) => s with { Level = v });
        training.Add(
            CommonOptions.Choice(
                "--cost-from",
                $"How full-batch steps evaluate the MSE: rows (every row each step, the lesson's tensors, bit for bit PyTorch for one feature); moments (the same cost and gradients from the data's means and covariances, computed once: O(features²) per step); auto: moments from {TrainSettings.MomentsFromValues:N0} values (rows × features) on tall data",
                typeof(CostSource)),
            (s, v) => s with { CostFrom = v is CostSource value ? value : default });
        job.Add(CommonOptions.OptionalNumber("--validation-split", "Hold out this fraction of the rows (seeded) for validation metrics"), (s, v) => s with { ValidationSplit = v });
        job.Add(new Option<string?>("--validation") { Description = "A separate CSV for validation metrics, with the same column names", HelpName = "PATH" }, (s, v) => s with { ValidationPath = v });
        job.Add(new Option<bool>("--stream") { Description = "Read the file in chunks instead of loading it, so memory stays bounded for files of any size: gradient descent reads it every epoch (mini-batches, default 4096 rows); --solver lstsq folds it in one pass, penalised or not (two with --se hc*; one more to read the levels with --formula or --categorical, which descent does not stream) and takes the metrics from the fit (no MAE)" }, (s, v) => s with { Stream = v });
        job.Add(
            new Option<string[]>("--from-stats")
            {
                Description = "Fit from statistics files written by 'linreg stats' instead of DATA: any number, in any order (quoted patterns expand), merged into exactly the fit of all their rows, as --solver lstsq (implied) fits it, with or without --penalty; MAE, --se hc*, --cv and --alpha auto need the rows and are not available",
                HelpName = "FILES",
                AllowMultipleArgumentsPerToken = true,
            },
            (s, v) => s with { FromStats = v ?? [] });
        job.Add(new Option<string?>("--model", "-o") { Description = "Write the trained model here (JSON), for 'linreg predict'", HelpName = "PATH" }, (s, v) => s with { ModelPath = v });
        job.Add(new Option<string?>("--log") { Description = "Write every step's weights, bias and cost here as CSV", HelpName = "PATH" }, (s, v) => s with { StepLogPath = v });
        job.Add(new Option<string?>("--plot") { Description = "Draw the cost against the step (log scale) as a PNG here; with --alpha auto, the cross-validation curve with its error bars", HelpName = "PATH" }, (s, v) => s with { PlotPath = v });
        DeclareJsonDocument("the result (settings, weights, bias, cost, metrics, steps, time; with --solver lstsq the inference: coefficient table, R², F test, AIC, BIC)", "the lesson's log and the coefficient table move to stderr");
        job.Add(new CommonOptions.ColumnOptions(), (s, v) => s with { Columns = v });
        job.Add(
            new Option<string?>("--formula")
            {
                Description = "Choose the target and make the features with a patsy/R formula instead of --target/--features: 'y ~ x1 + C(g) + x1:x2 + x1*x3 + I(x2**2) + np.log(x3)' (also log, exp, sqrt), '- 1' or '0 +' for no intercept, '.' for every other column. Terms are named and ordered as patsy names them (C(g)[T.b]); the model stores the formula and predict, evaluate and plot apply it",
                HelpName = "FORMULA",
            },
            (s, v) => s with { Formula = v });
        job.Add(
            new Option<string?>("--categorical")
            {
                Description = "Feature columns read as categories whatever they hold (zip codes, years), comma-separated. A feature column whose first non-empty cell is text is one anyway; categories are treatment-coded against their first level (sorted), named as patsy names them (g[T.b])",
                HelpName = "COLUMNS",
            },
            (s, v) => s with { Categorical = v is null ? [] : Linreg.Core.ColumnList.Parse(v, "--categorical") });
        job.Add(CommonOptions.MissingOption(), (s, v) => s with { Missing = v is MissingValuePolicy value ? value : default });
        job.Add(new Option<string?>("--checkpoint") { Description = "Save progress here every --checkpoint-every epochs and when interrupted, for --resume (plain SGD)", HelpName = "PATH" }, (s, v) => s with { CheckpointPath = v });
        job.Add(CommonOptions.WholeNumber("--checkpoint-every", 100, "Epochs between checkpoints"), (s, v) => s with { CheckpointEvery = v });
        job.Add(new Option<string?>("--resume") { Description = "Continue from a checkpoint (same data and --lr); ends exactly where an uninterrupted run would", HelpName = "PATH" }, (s, v) => s with { ResumePath = v });
        job.Add(new CommonOptions.CsvFormatOptions(), (s, v) => s with { Format = v });
        Runs(run =>
        {
            var settings = job.Bind(run.ParseResult, new TrainJobSettings
            {
                Data = run.ParseResult.GetValue(data) ?? [],
                Training = training.Bind(run.ParseResult, new TrainSettings()),
            });

            // --from-stats implies the exact solver; an explicit --solver gd is left for Core to refuse.
            if (settings.FromStats.Count > 0 && run.ParseResult.GetResult(solver) is null)
            {
                settings = settings with { Training = settings.Training with { Solver = SolverKind.Lstsq } };
            }

            Train(run, settings);
        });
    }

    private static void Train(CommandRun run, TrainJobSettings settings)
    {
        var progress = new Output.ProgressObserver(run.Streams.Diagnostics, run.Context.ErrorIsTerminal, run.Context.Color, settings.Training.Epochs);
        TrainOutcome outcome;
        try
        {
            outcome = TrainJob.Run(settings, run.Streams, VersionInfo.CreatedBy, run.CancellationToken, [progress]);
        }
        finally
        {
            progress.Finish();
        }

        if (run.Json)
        {
            Output.JsonReports.WriteTrain(run.Context.Output, outcome, settings);
        }
    }
}
