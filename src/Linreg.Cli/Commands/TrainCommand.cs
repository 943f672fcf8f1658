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
        var lr = CommonOptions.PositiveNumber("--lr", defaults.LearningRate, "Learning rate of SGD", "0.01");
        var epochs = CommonOptions.WholeNumber("--epochs", defaults.Epochs, 1, "Optimisation steps (full-batch, as the lesson); log lines read 'Epoch e/<epochs-1>'");
        var seed = CommonOptions.Seed("torch.manual_seed before training, so runs repeat exactly");
        var logEvery = CommonOptions.WholeNumber("--log-every", defaults.LogEvery, 0, "Print the lesson's log line every N steps (0: none)");
        var device = CommonOptions.Choice("--device", "cpu", "Where to train: cpu, cuda, or auto (cuda when available, else cpu)", "cpu", "cuda", "auto");
        var model = new Option<string?>("--model", "-o") { Description = "Write the trained model here (JSON), for 'linreg predict'", HelpName = "PATH" };
        var stepLog = new Option<string?>("--log") { Description = "Write every step's weights, bias and cost here as CSV", HelpName = "PATH" };
        var target = new Option<string?>("--target") { Description = "Target column: a header name or 0-based index [default: the last column]", HelpName = "COLUMN" };
        var features = new Option<string?>("--features") { Description = "Feature columns, comma-separated names or 0-based indices [default: all but the target]", HelpName = "COLUMNS" };
        var missing = CommonOptions.Choice("--missing", "error", "Rows with an empty or non-numeric cell: error (stop, naming line and column) or drop (skip and count them)", "error", "drop");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save progress here every --checkpoint-every steps and when interrupted, for --resume", HelpName = "PATH" };
        var checkpointEvery = CommonOptions.WholeNumber("--checkpoint-every", 100, 1, "Steps between checkpoints");
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint (same data and --lr); ends exactly where an uninterrupted run would", HelpName = "PATH" };
        var format = new CommonOptions.CsvFormatOptions();

        var command = new Command("train", "Train W and b with the lesson's loop (x*W+b, MSE, SGD, zero_grad/backward/step) and print its log.\n"
            + "Example: linreg train examples/seed.csv --lr 0.01 --epochs 2000 --model model.json")
        {
            data, lr, epochs, seed, logEvery, device, model, stepLog, target, features, missing, checkpoint, checkpointEvery, resume,
        };
        format.AddTo(command);

        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new TrainJobSettings
            {
                Data = parseResult.GetRequiredValue(data),
                Format = format.Bind(parseResult),
                Columns = new ColumnSelection(parseResult.GetValue(target), SplitList(parseResult.GetValue(features))),
                Missing = parseResult.GetValue(missing) == "drop" ? MissingValuePolicy.Drop : MissingValuePolicy.Error,
                ModelPath = parseResult.GetValue(model),
                StepLogPath = parseResult.GetValue(stepLog),
                CheckpointPath = parseResult.GetValue(checkpoint),
                CheckpointEvery = parseResult.GetValue(checkpointEvery),
                ResumePath = parseResult.GetValue(resume),
                Training = new TrainSettings
                {
                    LearningRate = parseResult.GetValue(lr),
                    Epochs = parseResult.GetValue(epochs),
                    Seed = parseResult.GetValue(seed),
                    LogEvery = parseResult.GetValue(logEvery),
                    Device = Enum.Parse<DeviceChoice>(parseResult.GetRequiredValue(device), ignoreCase: true),
                },
            };
            TrainJob.Run(settings, context.ToJobIO(), VersionInfo.CreatedBy, cancellationToken);
            return ExitCode.Success;
        })));
        return command;
    }

    private static string[]? SplitList(string? text) =>
        text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
