using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Runtime;
using Linreg.Core.Training;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg train DATA</c>: binds options into <see cref="TrainJobSettings"/> and runs <see cref="TrainJob"/>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new TrainSettings();
        var data = CommonOptions.DataArgument("CSV file to train on, or - for standard input. A header row names the columns; by default the last column is the target", optional: false);
        var lr = CommonOptions.PositiveNumber("--lr", defaults.LearningRate, "Learning rate", "0.01");
        var epochs = CommonOptions.WholeNumber("--epochs", defaults.Epochs, 1, "Passes over the data; full batch (the default) makes one step per epoch. Log lines read 'Epoch e/<epochs-1>'");
        var seed = CommonOptions.Seed("torch.manual_seed before training: initialisation, shuffling and --validation-split repeat exactly");
        var logEvery = CommonOptions.WholeNumber("--log-every", defaults.LogEvery, 0, "Print the lesson's log line every N epochs (0: none)");
        var device = CommonOptions.Choice("--device", "cpu", "Where to train: cpu, cuda, mps, or auto (cuda or mps when available, else cpu)", "cpu", "cuda", "mps", "auto");
        var init = CommonOptions.Choice("--init", "zeros", "Starting W and b: zeros (the lesson) or linear (nn.Linear's own initialisation from the seeded generator)", "zeros", "linear");
        var optimizer = CommonOptions.Choice("--optimizer", "sgd", "Optimiser: sgd (the lesson) or adam", "sgd", "adam");
        var momentum = CommonOptions.OptionalNumber("--momentum", "SGD momentum [default: 0]", "in [0, 1)", v => v is >= 0 and < 1);
        var batchSize = CommonOptions.WholeNumber("--batch-size", 0, 0, "Rows per step; 0 takes the whole data set (the lesson)");
        var shuffle = new Option<bool>("--shuffle") { Description = "Shuffle the rows every epoch (seeded) before cutting mini-batches" };
        var standardize = new Option<bool>("--standardize") { Description = "Train on features scaled to zero mean and unit variance; the model stores the scaling and its weights in original units" };
        var tolerance = CommonOptions.OptionalNumber("--tolerance", "Stop when the epoch cost improves by less than this for --patience epochs in a row [default: never]", "0 or more", v => v >= 0);
        var patience = CommonOptions.WholeNumber("--patience", defaults.Patience, 1, "Epochs of too little improvement before --tolerance stops training");
        var solver = CommonOptions.Choice("--solver", "gd", "gd: gradient descent (the lesson's loop); lstsq: ordinary least squares solved exactly (torch.linalg.lstsq)", "gd", "lstsq");
        var costFrom = CommonOptions.Choice(
            "--cost-from",
            "auto",
            $"How full-batch steps evaluate the MSE: rows (every row each step, the lesson's tensors, bit for bit PyTorch for one feature); moments (the same cost and gradients from the data's means and covariances, computed once: O(features²) per step); auto: moments from {TrainSettings.MomentsFromValues:N0} values (rows × features) on tall data",
            "auto",
            "rows",
            "moments");
        var validationSplit = CommonOptions.OptionalNumber("--validation-split", "Hold out this fraction of the rows (seeded) for validation metrics", "between 0 and 1, e.g. 0.2", v => v is > 0 and < 1);
        var validation = new Option<string?>("--validation") { Description = "A separate CSV for validation metrics, with the same column names", HelpName = "PATH" };
        var model = new Option<string?>("--model", "-o") { Description = "Write the trained model here (JSON), for 'linreg predict'", HelpName = "PATH" };
        var stepLog = new Option<string?>("--log") { Description = "Write every step's weights, bias and cost here as CSV", HelpName = "PATH" };
        var target = new Option<string?>("--target") { Description = "Target column: a header name or 0-based index [default: the last column]", HelpName = "COLUMN" };
        var features = new Option<string?>("--features") { Description = "Feature columns, comma-separated names or 0-based indices [default: all but the target]", HelpName = "COLUMNS" };
        var missing = CommonOptions.MissingOption();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save progress here every --checkpoint-every epochs and when interrupted, for --resume (plain SGD)", HelpName = "PATH" };
        var checkpointEvery = CommonOptions.WholeNumber("--checkpoint-every", 100, 1, "Epochs between checkpoints");
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint (same data and --lr); ends exactly where an uninterrupted run would", HelpName = "PATH" };
        var stream = new Option<bool>("--stream") { Description = "Read the file in chunks every epoch instead of loading it (mini-batches, default 4096 rows): memory stays bounded for files of any size" };
        var plot = new Option<string?>("--plot") { Description = "Draw the cost against the step (log scale) as a PNG here", HelpName = "PATH" };
        var json = OutputOptions.Json("the result (settings, weights, bias, cost, metrics, steps, time)", "the lesson's log moves to stderr");
        var format = new CommonOptions.CsvFormatOptions();

        var command = new Command("train", "Train W and b with the lesson's loop (x*W+b, MSE, SGD, zero_grad/backward/step) and print its log.\n"
            + "Example: linreg train examples/seed.csv --lr 0.01 --epochs 2000 --model model.json")
        {
            data, lr, epochs, seed, logEvery, device, init, optimizer, momentum, batchSize, shuffle, standardize, tolerance, patience, solver, costFrom,
            validationSplit, validation, stream, model, stepLog, plot, json, target, features, missing, checkpoint, checkpointEvery, resume,
        };
        format.AddTo(command);

        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new TrainJobSettings
            {
                Data = parseResult.GetRequiredValue(data),
                Format = format.Bind(parseResult),
                Columns = new ColumnSelection(parseResult.GetValue(target), SplitList(parseResult.GetValue(features))),
                Missing = CommonOptions.BindMissing(parseResult, missing),
                ModelPath = parseResult.GetValue(model),
                StepLogPath = parseResult.GetValue(stepLog),
                CheckpointPath = parseResult.GetValue(checkpoint),
                CheckpointEvery = parseResult.GetValue(checkpointEvery),
                ResumePath = parseResult.GetValue(resume),
                ValidationSplit = parseResult.GetValue(validationSplit),
                ValidationPath = parseResult.GetValue(validation),
                PlotPath = parseResult.GetValue(plot),
                Stream = parseResult.GetValue(stream),
                Training = new TrainSettings
                {
                    LearningRate = parseResult.GetValue(lr),
                    Epochs = parseResult.GetValue(epochs),
                    Seed = parseResult.GetValue(seed),
                    LogEvery = parseResult.GetValue(logEvery),
                    Device = Word<DeviceChoice>(parseResult.GetRequiredValue(device)),
                    Init = Word<InitMode>(parseResult.GetRequiredValue(init)),
                    Optimizer = Word<OptimizerKind>(parseResult.GetRequiredValue(optimizer)),
                    Momentum = parseResult.GetValue(momentum) ?? 0,
                    BatchSize = parseResult.GetValue(batchSize) is > 0 and var size ? size : null,
                    Shuffle = parseResult.GetValue(shuffle),
                    Standardize = parseResult.GetValue(standardize),
                    Tolerance = parseResult.GetValue(tolerance),
                    Patience = parseResult.GetValue(patience),
                    Solver = Word<SolverKind>(parseResult.GetRequiredValue(solver)),
                    CostFrom = Word<CostSource>(parseResult.GetRequiredValue(costFrom)),
                },
            };
            var asJson = parseResult.GetValue(json);
            var streams = OutputOptions.JobStreams(context, parseResult, asJson);
            var progress = new Output.ProgressObserver(streams.Diagnostics, context.ErrorIsTerminal, context.Color, settings.Training.Epochs);
            TrainOutcome outcome;
            try
            {
                outcome = TrainJob.Run(settings, streams, VersionInfo.CreatedBy, cancellationToken, [progress]);
            }
            finally
            {
                progress.Finish();
            }

            if (asJson)
            {
                Output.JsonReports.WriteTrain(context.Output, outcome, settings);
            }

            return ExitCode.Success;
        })));
        return command;
    }

    private static T Word<T>(string text)
        where T : struct, Enum => Enum.Parse<T>(text, ignoreCase: true);

    private static string[]? SplitList(string? text) =>
        text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
