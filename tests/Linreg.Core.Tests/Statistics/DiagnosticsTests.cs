using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Plots;
using Linreg.Core.Statistics;

namespace Linreg.Core.Tests.Statistics;

/// <summary>
/// The numbers the residual diagnostics plot, for models fitted as <c>train --solver lstsq</c> fits them, against
/// statsmodels' get_influence() on the same data (Fixtures/statistics), and R's qqnorm and qqline against values
/// known independently of MathNet.
/// </summary>
public class DiagnosticsTests
{
    // Φ⁻¹ at 0.9, 0.975 and 0.75: the normal table's 1.2816, 1.9600 and 0.6745 to double precision.
    private const double Z90 = 1.2815515655446004;
    private const double Z975 = 1.959963984540054;
    private const double Z75 = 0.6744897501960817;

    public static TheoryData<string> Cases => new() { "longley", "diabetes", "diabetes_one_sex", "stackloss_dependent", "stackloss_nointercept", "fair" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_plotted_numbers_match_statsmodels(string name)
    {
        var fixture = StatisticsFixture.Load("statistics", name);
        var model = ExactModel(fixture);
        var rows = Diagnostics.Compute(model, [.. fixture.X.SelectMany(x => x)], fixture.Y);
        var json = fixture.Json;
        var influence = json.GetProperty("influence");
        var scale = json.GetProperty("scale").GetDouble();
        var rank = json.GetProperty("rank").GetInt32();
        var root = Diagnostics.RootAbsolute(rows.Standardized!);
        var failures = new List<string>();
        void Near(string label, double expected, double actual)
        {
            if (!Tolerance.Near(expected, actual, 1e-9))
            {
                failures.Add($"{label}: expected {expected:R}, got {actual:R}");
            }
        }

        Near("ssr", json.GetProperty("ssr").GetDouble(), rows.Residuals.Sum(r => r * r));
        var listed = influence.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        for (var i = 0; i < listed.Length; i++)
        {
            var r = listed[i];
            var hat = influence.GetProperty("hat_diag")[i].GetDouble();
            var studentized = influence.GetProperty("resid_studentized_internal")[i].GetDouble();
            var cooks = influence.GetProperty("cooks_distance")[i].GetDouble();
            // statsmodels' residual and fitted value, back from its studentized residual: e = r·√(σ²(1 − h)).
            var residual = studentized * Math.Sqrt(scale * (1 - hat));
            Near($"residual {r}", residual, rows.Residuals[r]);
            Near($"fitted {r}", fixture.Y[r] - residual, rows.Fitted[r]);
            Near($"leverage {r}", hat, rows.Leverage![r]);
            Near($"standardized {r}", studentized, rows.Standardized![r]);
            Near($"cooks {r}", cooks, rows.CooksDistance![r]);
            Near($"root |standardized| {r}", Math.Sqrt(Math.Abs(studentized)), root[r]);

            // The contour at this row's Cook's distance passes through the row: R's curve is Cook's formula solved for r.
            var (h, upper) = Diagnostics.CookContour(cooks, rank, hat, Math.Min(1, 2 * hat));
            Near($"contour leverage {r}", hat, h[0]);
            Near($"contour through {r}", Math.Abs(studentized), upper[0]);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Qq_puts_the_rows_in_order_of_their_residuals_on_the_normal_quantiles()
    {
        var fixture = StatisticsFixture.Load("statistics", "longley");
        var rows = Diagnostics.Compute(ExactModel(fixture), [.. fixture.X.SelectMany(x => x)], fixture.Y);
        var theoretical = Diagnostics.NormalQuantiles(rows.Standardized!);
        var byResidual = Enumerable.Range(0, fixture.Rows).OrderBy(r => rows.Standardized![r]).ToArray();
        var positions = Diagnostics.PlottingPositions(fixture.Rows);
        for (var rank = 0; rank < fixture.Rows; rank++)
        {
            Assert.Equal(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, positions[rank]), theoretical[byResidual[rank]]);
        }
    }

    [Fact]
    public void Plotting_positions_are_rs_ppoints()
    {
        // (i − 3/8) / (n + 1/4) up to ten points, (i − 1/2) / n beyond: for n = 6 the first is 0.625 / 6.25.
        Assert.Equal([0.1, 0.26, 0.42, 0.58, 0.74, 0.9], Diagnostics.PlottingPositions(6), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(0.625 / 10.25, Diagnostics.PlottingPositions(10)[0], 1e-15);
        Assert.Equal(0.5 / 11, Diagnostics.PlottingPositions(11)[0], 1e-15);
        Assert.Equal([0.5], Diagnostics.PlottingPositions(1));
        Assert.Empty(Diagnostics.PlottingPositions(0));
    }

    [Fact]
    public void Theoretical_quantiles_are_the_normal_tables_at_the_plotting_positions()
    {
        // ppoints(6)[1] = 0.1, ppoints(20)[1] = 0.025, ppoints(14)[4] = 3.5/14 = 0.25; the middle of an odd count is 0.
        var six = Diagnostics.NormalQuantiles([.. Enumerable.Range(0, 6).Select(i => (double)i)]);
        Assert.Equal(-Z90, six[0], 1e-12);
        Assert.Equal(Z90, six[5], 1e-12);
        Assert.Equal(-Z975, Diagnostics.NormalQuantiles([.. Enumerable.Range(0, 20).Select(i => (double)i)])[0], 1e-12);
        Assert.Equal(-Z75, Diagnostics.NormalQuantiles([.. Enumerable.Range(0, 14).Select(i => (double)i)])[3], 1e-12);
        Assert.Equal(0, Diagnostics.NormalQuantiles([5, -1, 9, 2, 7])[0], 1e-15);
    }

    [Fact]
    public void Theoretical_quantiles_go_by_rank_skip_what_is_not_finite_and_break_ties_in_row_order()
    {
        var q = Diagnostics.NormalQuantiles([2, double.NaN, -1, 2, 0, -3, 1]);
        Assert.True(double.IsNaN(q[1]));
        // Six finite values: ranks -3, -1, 0, 1, 2 (row 0), 2 (row 3), on ppoints(6) = 0.1, 0.26, ..., 0.9.
        Assert.Equal(-Z90, q[5], 1e-12);
        Assert.Equal(Z90, q[3], 1e-12);
        Assert.True(q[0] < q[3] && q[6] < q[0] && q[4] < q[6] && q[2] < q[4] && q[5] < q[2]);
    }

    [Fact]
    public void The_qq_line_passes_through_the_quartiles_as_rs_qqline()
    {
        // Sorted 1 1 2 3 4 5 6 9: R's type-7 quartiles are 1.75 and 5.25, the normal's ∓Z75.
        var (slope, intercept) = Diagnostics.QuartileLine([3, 1, 4, 1, 5, 9, 2, 6, double.NaN])!.Value;
        Assert.Equal(3.5 / (2 * Z75), slope, 1e-12);
        Assert.Equal(3.5, intercept, 1e-12);
        Assert.Null(Diagnostics.QuartileLine([double.NaN]));
        Assert.Equal((0.0, 4.0), Diagnostics.QuartileLine([4])!.Value);
    }

    [Fact]
    public void The_labelled_rows_are_the_most_extreme_ties_in_row_order()
    {
        Assert.Equal([1, 4, 2], Diagnostics.MostExtreme([0.5, -3, 2, double.NaN, 3, 1]));
        Assert.Equal([0], Diagnostics.MostExtreme([1, double.NaN]));
    }

    [Fact]
    public void Cook_contours_leave_out_leverages_where_no_residual_reaches_them()
    {
        var (h, r) = Diagnostics.CookContour(1, 2, 0, 1.5, points: 4);
        Assert.Equal([0.5, 1.0], h);
        Assert.Equal([Math.Sqrt(2), 0], r);
    }

    [Fact]
    public void A_gradient_descent_model_has_residuals_but_no_influence()
    {
        var rows = Diagnostics.Compute(new LinearModel(["x"], "y", [2], 1), [1, 2, 3], [3.5, 5, 6.5]);
        Assert.Equal([3, 5, 7], rows.Fitted);
        Assert.Equal([0.5, 0, -0.5], rows.Residuals);
        Assert.Null(rows.Leverage);
        Assert.Null(rows.Standardized);
        Assert.Null(rows.CooksDistance);
    }

    /// <summary>The model <c>train --solver lstsq</c> writes for the fixture's data.</summary>
    private static LinearModel ExactModel(StatisticsFixture fixture)
    {
        var data = new Dataset(fixture.Json.GetProperty("csv").GetString()!, fixture.Features, fixture.Json.GetProperty("target").GetString()!, [.. fixture.X.SelectMany(x => x)], fixture.Y);
        var exact = Solvers.ExactLeastSquares.Fit(data, fixture.HasIntercept, CovarianceType.NonRobust, 0.95, CancellationToken.None);
        return ExactReport.Model(exact, data.FeatureNames, data.TargetName);
    }
}
