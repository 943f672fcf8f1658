using System.Globalization;
using Linreg.Core.Data;

namespace Linreg.Core.Training;

/// <summary>
/// Gradient descent trains on float32 tensors by default, as the lesson's PyTorch does. A value beyond float32's range
/// would become infinity there and pass for a divergence, so a float32 run names it before training instead.
/// </summary>
internal static class Float32Data
{
    public static void Check(Dataset data)
    {
        var k = data.FeatureCount;
        for (var i = 0; i < data.Features.Length; i++)
        {
            if (float.IsInfinity((float)data.Features[i]))
            {
                throw OutOfRange(data.SourceName, i / k, data.FeatureNames[i % k], data.Features[i]);
            }
        }

        for (var r = 0; r < data.Targets.Length; r++)
        {
            if (float.IsInfinity((float)data.Targets[r]))
            {
                throw OutOfRange(data.SourceName, r, data.TargetName, data.Targets[r]);
            }
        }
    }

    /// <param name="row">The value's data row, counted from 0.</param>
    public static LinregException OutOfRange(string source, long row, string column, double value) => new(
        ExitCode.DataError,
        string.Create(CultureInfo.InvariantCulture, $"{source}: data row {row + 1}, column '{column}': {value:R} is beyond float32's range (about ±3.4e38), in which gradient descent trains; train with --dtype float64, or fit it with --solver lstsq, which works in float64"));
}
