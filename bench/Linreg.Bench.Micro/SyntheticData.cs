using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Linreg.Bench.Micro;

/// <summary>
/// The micro-benchmarks' data, made in memory and the same in every process (BenchmarkDotNet's host computes the
/// MB/s column from the same bytes its child process parsed): x ~ N(0, 1), y = X·w + b + N(0, 0.1²), float32 values
/// in their shortest round-trip form, header x1..xK,y, like bench/Linreg.Bench.DataGen writes.
/// </summary>
public static class SyntheticData
{
    public const int Features = 10;

    private static readonly ConcurrentDictionary<(int Rows, int Features), byte[]> CsvCache = new();

    public static byte[] Csv(int rows, int features = Features) => CsvCache.GetOrAdd((rows, features), key => MakeCsv(key.Rows, key.Features));

    public static (float[] Features, float[] Targets) Floats(int rows, int features = Features)
    {
        var x = new float[rows * features];
        var y = new float[rows];
        Fill(rows, features, (r, j, v) => x[(r * features) + j] = v, (r, v) => y[r] = v);
        return (x, y);
    }

    public static string[] FeatureNames(int features = Features) => [.. Enumerable.Range(1, features).Select(i => $"x{i}")];

    private static byte[] MakeCsv(int rows, int features)
    {
        var text = new StringBuilder(rows * (features + 1) * 12);
        text.AppendJoin(',', FeatureNames(features)).Append(",y\n");
        Fill(
            rows,
            features,
            (_, _, v) => text.Append(v.ToString(CultureInfo.InvariantCulture)).Append(','),
            (_, v) => text.Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n'));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Fill(int rows, int features, Action<int, int, float> feature, Action<int, float> target)
    {
        var random = new Random(42);
        var weights = Enumerable.Range(0, features).Select(_ => Math.Round((random.NextDouble() * 6) - 3, 2)).ToArray();
        var bias = Math.Round((random.NextDouble() * 4) - 2, 2);
        for (var r = 0; r < rows; r++)
        {
            var y = bias;
            for (var j = 0; j < features; j++)
            {
                var x = (float)Gaussian(random);
                y += x * weights[j];
                feature(r, j, x);
            }

            target(r, (float)(y + (0.1 * Gaussian(random))));
        }
    }

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
