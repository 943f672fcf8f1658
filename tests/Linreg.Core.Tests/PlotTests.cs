using Linreg.Core.Models;
using Linreg.Core.Plots;
using Linreg.Core.Statistics;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class PlotTests
{
    private static readonly LinearModel OneFeature = new(["x"], "y", [2], 0.5f);

    private static CostPoint[] Curve(int steps) =>
        [.. Enumerable.Range(0, steps).Select(i => new CostPoint(i, (float)(20 * Math.Exp(-i / 150.0))))];

    [Fact]
    public void The_loss_plot_is_a_png_of_the_requested_size()
    {
        using var temp = new TempFolder();
        var path = temp.File("loss.png");
        LossPlot.Save(Curve(2000), path, [], 640, 360);
        Assert.Equal((640, 360), PngFile.Size(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void The_loss_plot_takes_the_default_size_and_survives_costs_a_log_axis_cannot_show()
    {
        using var temp = new TempFolder();
        var path = temp.File("loss.png");
        LossPlot.Save([new CostPoint(0, 4), new CostPoint(1, 0), new CostPoint(2, float.NaN)], path, []);
        Assert.Equal((PlotFile.DefaultWidth, PlotFile.DefaultHeight), PngFile.Size(path));
        LossPlot.Save([], path, []);
        Assert.Equal((PlotFile.DefaultWidth, PlotFile.DefaultHeight), PngFile.Size(path));
    }

    [Fact]
    public void Log_ticks_are_labelled_with_real_costs()
    {
        var wide = LossPlot.LogTicks(Math.Log10(5e-6), Math.Log10(20));
        Assert.Equal(["1e-5", "1e-4", "0.001", "0.01", "0.1", "1", "10"], wide.Where(t => t.Label is not null).Select(t => t.Label));
        Assert.Equal(Math.Log10(3e-4), wide.Single(t => t.Label is null && Math.Abs(t.Position - Math.Log10(3e-4)) < 1e-9).Position);

        var narrow = LossPlot.LogTicks(Math.Log10(1.5), Math.Log10(30));
        Assert.Equal(["2", "5", "10", "20"], narrow.Where(t => t.Label is not null).Select(t => t.Label));
    }

    [Fact]
    public void The_fit_plot_draws_one_feature_and_several()
    {
        using var temp = new TempFolder();
        var line = temp.File("line.png");
        FitPlot.Save(OneFeature, [1, 2, 3], [2.4f, 4.6f, 6.5f], "data.csv", line, [], 500, 300);
        Assert.Equal((500, 300), PngFile.Size(line));

        var diagonal = temp.File("diagonal.png");
        var model = new LinearModel(["a", "b"], "y", [1, 2], 0);
        FitPlot.Save(model, [1, 1, 2, 2, 3, 1], [3.1f, 5.8f, 5.2f], "data.csv", diagonal, [], 300, 500);
        Assert.Equal((300, 500), PngFile.Size(diagonal));
    }

    [Fact]
    public void The_equation_in_the_legend_reads_as_a_formula()
    {
        Assert.Equal("2*x + 0.5", FitPlot.Equation(OneFeature));
        Assert.Equal("1.5*a + -2*b - 0.25", FitPlot.Equation(new LinearModel(["a", "b"], "y", [1.5f, -2], -0.25f)));
    }

    [Theory]
    [InlineData(199, 500, "--width")]
    [InlineData(800, 8001, "--height")]
    public void Sizes_out_of_range_are_usage_errors(int width, int height, string option)
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<LinregException>(() => LossPlot.Save(Curve(3), temp.File("loss.png"), [], width, height));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_plot_never_replaces_an_input_and_a_failed_write_leaves_the_old_file()
    {
        using var temp = new TempFolder();
        var input = temp.Write("data.csv", "x,y\n1,2\n");
        var error = Assert.Throws<LinregException>(() => LossPlot.Save(Curve(3), input, [Path.GetFullPath(input)]));
        Assert.Equal(ExitCode.OutputError, error.Code);
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(input));
    }

    [Fact]
    public void The_font_travels_inside_the_assembly()
    {
        Assert.True(EmbeddedFont.IsAvailable);
    }

    [Theory]
    [InlineData("√|Standardized residuals|")]
    [InlineData("Residuals vs Fitted Normal Q-Q Scale-Location Residuals vs Leverage Theoretical Quantiles Cook's distance")]
    public void The_font_draws_every_character_of_the_diagnostics_labels(string text)
    {
        Assert.True(EmbeddedFont.Draws(text));
        Assert.False(EmbeddedFont.Draws("≈"));
    }

    [Theory]
    [InlineData(PlotKind.Residuals)]
    [InlineData(PlotKind.Qq)]
    [InlineData(PlotKind.ScaleLocation)]
    [InlineData(PlotKind.Leverage)]
    public void Diagnostics_draw_one_row_rows_without_a_standardized_residual_and_none(PlotKind kind)
    {
        using var temp = new TempFolder();
        var path = temp.File("diagnostic.png");
        RowDiagnostics[] cases =
        [
            new([1.5], [0.25], [0.5], [1.2], [0.7]),
            new([1, 2, 3], [0.5, 0, -0.5], [1, 0.3, 0.4], [double.NaN, 0.1, -0.2], [double.NaN, 0.001, 0.01]),
            new([1], [0], [1], [double.NaN], [double.NaN]),
        ];
        foreach (var rows in cases)
        {
            DiagnosticPlot.Save(kind, ExactLike, rows, "data.csv", path, [], 400, 300);
            Assert.Equal((400, 300), PngFile.Size(path));
        }
    }

    /// <summary>A model with the inference the diagnostics ask for; only its rank is drawn.</summary>
    private static readonly LinearModel ExactLike = new(["x"], "y", [2], 0.5)
    {
        Inference = new ModelInference([], CovarianceType.NonRobust, 0.95, 3, 1, 1, 1, 0.9, 0.8, 10, 0.01, -3, 10, 11, 1, new IntervalBasis(true, [0, 1], [0], [1, 0, 0, 1], [1, 0, 0, 1], 1, 1, true)),
    };

    [Theory]
    [InlineData(18.666666, "18.67")]
    [InlineData(5.1625793e-06, "5.163e-6")]
    [InlineData(29661.8, "2.966e4")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0, "0")]
    public void Numbers_in_titles_stay_short(double value, string text)
    {
        Assert.Equal(text, PlotFile.Number(value));
    }
}
