using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Linreg.Bench.DataGen;

/// <summary>
/// Writes a synthetic regression CSV, <c>x1..xK,y</c> with x ~ N(0, 1) and y = X·w + b + N(0, noise²), as float32
/// values in the shortest round-trip form (invariant culture). The true w and b are fixed by the seed and printed on
/// stderr. Rows are made in blocks on all cores, each block with its own seeded generator, so the output is the same
/// byte for byte for the same arguments whatever the number of cores.
/// </summary>
internal static class Program
{
    private const int BlockRows = 8192;
    private const int MaxCellBytes = 16; // "-1.2345678E-05" is 14, plus the separator

    private const string Usage = """
        usage: linreg-datagen --rows N [--features K] [--noise S] [--seed N] [--no-header] [-o out.csv]
          --rows N       data rows (default 1000)
          --features K   feature columns x1..xK (default 10)
          --noise S      standard deviation of the Gaussian noise added to y (default 0.1)
          --seed N       fixes the true weights, the bias and every value (default 42)
          --no-header    write no header row
          -o PATH        output file, or - for standard output (default -)
        The true w and b go to stderr, then rows, bytes, seconds and MB/s.
        """;

    public static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"linreg-datagen: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        var (weights, bias) = TrueParameters(options.Seed, options.Features);
        var inv = CultureInfo.InvariantCulture;
        Console.Error.WriteLine(string.Create(inv, $"linreg-datagen: true w = [{string.Join(", ", weights.Select(w => w.ToString("R", inv)))}], b = {bias.ToString("R", inv)}, noise sd = {options.Noise.ToString("R", inv)}, seed {options.Seed}"));

        var stopwatch = Stopwatch.StartNew();
        long bytes = 0;
        using (var output = options.Output == "-"
            ? Console.OpenStandardOutput()
            : new FileStream(options.Output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            if (options.Header)
            {
                var header = Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(1, options.Features).Select(i => $"x{i}").Append("y")) + "\n");
                output.Write(header);
                bytes += header.Length;
            }

            var blocks = (options.Rows + BlockRows - 1) / BlockRows;
            var parallel = Math.Max(2, Environment.ProcessorCount * 2);
            var buffers = new byte[parallel][];
            var lengths = new int[parallel];
            for (var i = 0; i < parallel; i++)
            {
                buffers[i] = new byte[BlockRows * (options.Features + 1) * MaxCellBytes];
            }

            for (long first = 0; first < blocks; first += parallel)
            {
                var count = (int)Math.Min(parallel, blocks - first);
                var start = first;
                Parallel.For(0, count, i => lengths[i] = FillBlock(start + i, options, weights, bias, buffers[i]));
                for (var i = 0; i < count; i++)
                {
                    output.Write(buffers[i], 0, lengths[i]);
                    bytes += lengths[i];
                }
            }
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.Error.WriteLine(string.Create(inv, $"linreg-datagen: wrote {options.Rows} rows x {options.Features} features, {bytes} bytes to {options.Output} in {seconds:F2} s ({bytes / 1e6 / Math.Max(seconds, 1e-9):F0} MB/s)"));
        return 0;
    }

    /// <summary>w_i in [-3, 3] and b in [-2, 2], rounded to two decimals so they read well.</summary>
    private static (double[] Weights, double Bias) TrueParameters(long seed, int features)
    {
        var rng = new Xoshiro256(seed, stream: ulong.MaxValue);
        var weights = new double[features];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Round((rng.NextDouble() * 6) - 3, 2);
        }

        return (weights, Math.Round((rng.NextDouble() * 4) - 2, 2));
    }

    private static int FillBlock(long block, Options options, double[] weights, double bias, byte[] buffer)
    {
        var rng = new Xoshiro256(options.Seed, (ulong)block);
        var firstRow = block * BlockRows;
        var rows = (int)Math.Min(BlockRows, options.Rows - firstRow);
        var k = options.Features;
        var span = buffer.AsSpan();
        var at = 0;
        for (var r = 0; r < rows; r++)
        {
            var y = bias;
            for (var j = 0; j < k; j++)
            {
                var x = (float)rng.NextGaussian();
                y += x * weights[j];
                at += Format(x, span[at..]);
                span[at++] = (byte)',';
            }

            y += options.Noise * rng.NextGaussian();
            at += Format((float)y, span[at..]);
            span[at++] = (byte)'\n';
        }

        return at;
    }

    private static int Format(float value, Span<byte> destination)
    {
        // The default float format is the shortest string that parses back to the same float32 ("R").
        if (!value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("cell buffer too small");
        }

        return written;
    }

    private sealed record Options(long Rows, int Features, double Noise, long Seed, bool Header, string Output, bool Help)
    {
        public static Options Parse(string[] args)
        {
            long rows = 1000;
            var features = 10;
            var noise = 0.1;
            long seed = 42;
            var header = true;
            var output = "-";
            var help = false;
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
                switch (arg)
                {
                    case "--rows": rows = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--features": features = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--noise": noise = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--no-header": header = false; break;
                    case "-o" or "--output": output = Value(); break;
                    case "-h" or "--help": help = true; break;
                    default: throw new ArgumentException($"unknown argument '{arg}'");
                }
            }

            if (rows < 1 || features < 1 || features > 10_000 || noise < 0 || !double.IsFinite(noise))
            {
                throw new ArgumentException("need --rows >= 1, 1 <= --features <= 10000 and a finite --noise >= 0");
            }

            return new Options(rows, features, noise, seed, header, output, help);
        }
    }

    /// <summary>xoshiro256** seeded through SplitMix64 from (seed, stream): fast, and the same on every runtime.</summary>
    private struct Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;
        private double _spare;
        private bool _hasSpare;

        public Xoshiro256(long seed, ulong stream)
        {
            var sm = unchecked((ulong)seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL);
            _s0 = SplitMix(ref sm);
            _s1 = SplitMix(ref sm);
            _s2 = SplitMix(ref sm);
            _s3 = SplitMix(ref sm);
            _spare = 0;
            _hasSpare = false;
        }

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Standard normal by the polar Box–Muller method (two values per accepted pair).</summary>
        public double NextGaussian()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }

            double u, v, s;
            do
            {
                u = (NextDouble() * 2) - 1;
                v = (NextDouble() * 2) - 1;
                s = (u * u) + (v * v);
            }
            while (s >= 1 || s == 0);

            var factor = Math.Sqrt(-2 * Math.Log(s) / s);
            _spare = v * factor;
            _hasSpare = true;
            return u * factor;
        }

        private ulong NextUInt64()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
