using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg evaluate --model PATH [DATA]</c>: binds options into <see cref="EvaluateJobSettings"/>.</summary>
internal sealed class EvaluateCommand : LinregCommand
{
    public EvaluateCommand(CliContext context)
        : base(context, "evaluate", "Print MSE, RMSE, MAE and R² of a model on a data set, one 'name value' line each; for a model fitted with --solver lstsq, its coefficient table follows on stderr.\n"
            + "Example: linreg evaluate --model model.json examples/seed.csv")
    {
        var model = Declare(CommonOptions.ModelOption());
        var data = Declare(CommonOptions.DataArgument("CSV rows with the model's feature and target columns (by header name; without a header, the features then the target), or - for standard input", optional: true));
        var missing = Declare(CommonOptions.MissingOption());
        var weights = Declare(CommonOptions.WeightsOption("Weigh each row's error by this column (finite, ≥ 0), as scikit-learn's sample_weight: MSE = Σ w e² / Σ w, MAE = Σ w |e| / Σ w, R² about the weighted mean [default: every row 1]"));
        DeclareJsonDocument("the metrics, and a --solver lstsq model's inference");
        var format = DeclareGroup(new CommonOptions.CsvFormatOptions());
        Runs(run =>
        {
            var settings = new EvaluateJobSettings
            {
                ModelPath = run.ParseResult.GetRequiredValue(model),
                Data = run.ParseResult.GetValue(data) ?? DataSource.StandardInputName,
                Format = format.Bind(run.ParseResult),
                Missing = run.ParseResult.GetValue(missing) is MissingValuePolicy policy ? policy : default,
                Weights = run.ParseResult.GetValue(weights),
            };
            var outcome = EvaluateJob.Run(settings, run.Streams, run.CancellationToken);
            if (run.Json)
            {
                Output.JsonReports.WriteEvaluation(run.Context.Output, outcome);
            }
            else
            {
                WriteLines(run.Context.Output, outcome.Metrics);

                // stdout stays 'name value' lines for scripts; the model's own fit is for the person reading.
                if (outcome.Model.Inference is not null)
                {
                    run.Streams.Diagnostics.WriteLine($"linreg: the model's fit on its training data, as {settings.ModelPath} records it:");
                    InferenceTable.Write(run.Streams.Diagnostics, outcome.Model);
                }
            }
        });
    }

    private static void WriteLines(TextWriter output, Core.Metrics.RegressionMetrics metrics)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"rows {metrics.Rows}"));
        output.WriteLine(string.Create(c, $"mse {metrics.Mse:R}"));
        output.WriteLine(string.Create(c, $"rmse {metrics.Rmse:R}"));
        output.WriteLine(string.Create(c, $"mae {metrics.Mae:R}"));
        output.WriteLine(string.Create(c, $"r2 {metrics.R2:R}"));
    }
}
