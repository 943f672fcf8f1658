using System.Globalization;
using System.Text;

namespace Linreg.Core.Training;

/// <summary>
/// The lesson's log line, <c>'Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'</c>, and its multivariate
/// chapter's form with w1, w2 … for several features. Python formats float32 values widened to double with
/// correct rounding; .NET's fixed-point formatting of the same double gives the same digits, so a float32 run's
/// values, carried as doubles, print as the lesson's, and a float64 run's print the same way. Mini-batches use the
/// DataLoader chapter's <c>'Epoch {:4d}/{} Batch {}/{} Cost: {:.6f}'</c>.
/// </summary>
public static class LessonLogFormat
{
    public static string Line(in StepReport report)
    {
        var text = new StringBuilder(96);
        text.Append("Epoch ")
            .Append(report.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(4))
            .Append('/')
            .Append((report.Epochs - 1).ToString(CultureInfo.InvariantCulture));
        if (report.BatchCount > 1)
        {
            return text.Append(" Batch ").Append((report.Batch + 1).ToString(CultureInfo.InvariantCulture))
                .Append('/').Append(report.BatchCount.ToString(CultureInfo.InvariantCulture))
                .Append(" Cost: ").Append(Fixed(report.Cost, 6))
                .ToString();
        }

        return text.Append(' ').Append(Parameters(report.Weights.Span, report.Bias, report.Cost)).ToString();
    }

    /// <summary>The lesson's "W: …, b: … Cost: …", or "w1: … w2: … b: … Cost: …" for several features.</summary>
    public static string Parameters(ReadOnlySpan<double> weights, double bias, double cost)
    {
        var text = new StringBuilder(64);
        if (weights.Length == 1)
        {
            text.Append("W: ").Append(Fixed(weights[0], 3)).Append(',');
        }
        else
        {
            for (var i = 0; i < weights.Length; i++)
            {
                text.Append(i == 0 ? "w" : " w").Append(i + 1).Append(": ").Append(Fixed(weights[i], 3));
            }
        }

        return text.Append(" b: ").Append(Fixed(bias, 3))
            .Append(" Cost: ").Append(Fixed(cost, 6))
            .ToString();
    }

    /// <summary>
    /// Python's <c>'{:.Nf}'</c> of a value (a float32 one widened, as Python widens it): nan, inf and -inf spelled as
    /// Python spells them.
    /// </summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
