using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>How well a model fits a data set. R² is 1 - SSE/SST; it is NaN when every target is the same.</summary>
public sealed record RegressionMetrics(double Mse, double Rmse, double Mae, double R2, int Rows)
{
    public static RegressionMetrics Compute(LinearModel model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        double meanTarget = 0;
        for (var i = 0; i < data.RowCount; i++)
        {
            meanTarget += data.Targets[i];
        }

        meanTarget /= data.RowCount;
        double squared = 0, absolute = 0, total = 0;
        for (var i = 0; i < data.RowCount; i++)
        {
            var error = (double)model.Predict(data.Row(i)) - data.Targets[i];
            squared += error * error;
            absolute += Math.Abs(error);
            var spread = data.Targets[i] - meanTarget;
            total += spread * spread;
        }

        var mse = squared / data.RowCount;
        return new RegressionMetrics(mse, Math.Sqrt(mse), absolute / data.RowCount, total > 0 ? 1 - (squared / total) : double.NaN, data.RowCount);
    }
}
