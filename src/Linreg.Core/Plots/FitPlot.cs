using Linreg.Core.Models;
using ScottPlot;

namespace Linreg.Core.Plots;

/// <summary>
/// How well a model fits data. One feature: the rows as points and the model's line through them. Several: each
/// row's prediction against its actual target, with the y = x diagonal a perfect model would put every point on.
/// </summary>
public static class FitPlot
{
    /// <param name="features">Row-major, <c>model.FeatureCount</c> values per row, in the model's feature order.</param>
    /// <param name="targets">The actual target of each row.</param>
    /// <param name="dataName">How the title names the data (a file name, "standard input").</param>
    /// <param name="inputs">Full paths of the run's input files, which the PNG must never replace.</param>
    public static void Save(LinearModel model, IReadOnlyList<double> features, IReadOnlyList<double> targets, string dataName, string path, IEnumerable<string?> inputs, int width = PlotFile.DefaultWidth, int height = PlotFile.DefaultHeight, string optionName = "--output", CancellationToken cancellationToken = default)
    {
        PlotFile.SavePng(Build(model, features, targets, dataName), path, optionName, inputs, width, height, cancellationToken);
    }

    internal static Plot Build(LinearModel model, IReadOnlyList<double> features, IReadOnlyList<double> targets, string dataName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Count != targets.Count * model.FeatureCount)
        {
            throw new ArgumentException($"{features.Count} feature values for {targets.Count} rows of {model.FeatureCount} feature(s)", nameof(features));
        }

        var rows = targets.Count;
        var actual = targets.Select(t => (double)t).ToArray();
        var predicted = new double[rows];
        var row = new double[model.FeatureCount];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = features[(i * row.Length) + j];
            }

            predicted[i] = model.Predict(row);
        }

        var rowsText = PlotFile.Rows(rows);
        return model.FeatureCount == 1
            ? Line(model, [.. Enumerable.Range(0, rows).Select(i => features[i])], actual, $"{model.TargetName} = {Equation(model)} on {dataName} ({rowsText})")
            : Diagonal(model, actual, predicted, $"Predicted against actual {model.TargetName} on {dataName} ({rowsText})");
    }

    private static Plot Line(LinearModel model, double[] xs, double[] ys, string title)
    {
        var plot = PlotFile.Create(title, model.FeatureNames[0], model.TargetName);
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = PlotFile.MarkerSize(xs.Length);
        points.LegendText = "data";
        var (low, high) = Span(xs);
        var line = plot.Add.Line(low, model.Predict([low]), high, model.Predict([high]));
        line.LineWidth = 2;
        line.LineColor = Colors.OrangeRed;
        line.LegendText = "model: " + Equation(model);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot Diagonal(LinearModel model, double[] actual, double[] predicted, string title)
    {
        var plot = PlotFile.Create(title, $"actual {model.TargetName}", $"predicted {model.TargetName}");
        var (low, high) = Span([.. actual, .. predicted]);
        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.LineWidth = 1.5f;
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "y = x (perfect fit)";
        var points = plot.Add.ScatterPoints(actual, predicted);
        points.MarkerSize = PlotFile.MarkerSize(actual.Length);
        points.LegendText = "rows";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>The x range a line is drawn over, widened when every value is the same so the line still shows.</summary>
    private static (double Low, double High) Span(double[] values)
    {
        if (values.Length == 0)
        {
            return (0, 1);
        }

        var low = values.Min();
        var high = values.Max();
        return low < high ? (low, high) : (low - 1, high + 1);
    }

    internal static string Equation(LinearModel model)
    {
        var terms = model.FeatureNames.Select((name, i) => $"{PlotFile.Number(model.Weights[i])}*{name}");
        var bias = model.Bias < 0 ? $" - {PlotFile.Number(-model.Bias)}" : $" + {PlotFile.Number(model.Bias)}";
        return string.Join(" + ", terms) + bias;
    }
}
