using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Statistics;

namespace Linreg.Core.Design;

/// <summary>
/// Statistics of shards that saw different levels, brought onto one design exactly. A shard's design is coded with
/// its own levels (its own reference level first); the union's columns are, on any row the shard can hold, a fixed
/// linear combination of the shard's (a level the shard never saw is a column of zeros; a union reference that is
/// not the shard's turns the shard's intercept and dummies into the union's dummies). That combination T is read
/// off the two designs on probe rows, checked to be whole numbers, and applied to the shard's R factor, which is
/// then made triangular again: RᵀR stays the cross-product of the shard's rows, now in the union's columns.
/// </summary>
internal static class DesignRecode
{
    private const int MaxCombinations = 4096;

    /// <summary>The designs' levels joined and sorted as in memory (<see cref="CategoryColumns.SortLevels"/>); the first is the reference.</summary>
    public static ModelDesign Union(IReadOnlyList<ModelDesign> designs, bool intercept)
    {
        var first = designs[0];
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var input in first.Inputs.Where(first.Levels.ContainsKey))
        {
            levels[input] = CategoryColumns.SortLevels([.. designs.SelectMany(d => d.Levels[input])]);
        }

        return new ModelDesign(first.FormulaText, first.TargetColumn, first.Inputs, levels, intercept);
    }

    /// <summary>Whether two designs are of the same formula, inputs and categorical columns (their levels may differ).</summary>
    public static bool SameModel(ModelDesign a, ModelDesign b) =>
        a.FormulaText == b.FormulaText && a.TargetColumn == b.TargetColumn && a.Inputs.SequenceEqual(b.Inputs, StringComparer.Ordinal)
        && a.Levels.Keys.Order(StringComparer.Ordinal).SequenceEqual(b.Levels.Keys.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The factor of <paramref name="qr"/>'s rows in <paramref name="to"/>'s columns; <paramref name="qr"/> itself when the levels are the same.</summary>
    public static QrAccumulator Recode(QrAccumulator qr, ModelDesign from, ModelDesign to, string origin)
    {
        if (from.FeatureNames.SequenceEqual(to.FeatureNames, StringComparer.Ordinal))
        {
            return qr;
        }

        var c = qr.HasIntercept ? 1 : 0;
        var t = Basis(from, to, c, origin);
        var ks = from.FeatureNames.Count;
        var ku = to.FeatureNames.Count;

        // Rows [1 | x_s − s_s | y] become [1 | x_u − s_u | y] with x_u = T₀ + x_s·T_x and s_u = T₀ + s_s·T_x, so the
        // map M is block-diagonal: 1, T_x, 1 (T₀ only moves the shift).
        var shift = new double[ku];
        if (c == 1)
        {
            for (var j = 0; j < ku; j++)
            {
                var s = t[0, 1 + j];
                for (var i = 0; i < ks; i++)
                {
                    s += qr.Shift[i] * t[1 + i, 1 + j];
                }

                shift[j] = s;
            }
        }

        var ws = qr.Width;
        var wu = c + ku + 1;
        var r = qr.CopyFactor();
        var rows = new double[wu * ws];
        for (var i = 0; i < ws; i++)
        {
            // Row i of R·M, stored as columns for the fold.
            if (c == 1)
            {
                rows[i] = r[i * ws];
            }

            for (var j = 0; j < ku; j++)
            {
                var sum = 0.0;
                for (var m = 0; m < ks; m++)
                {
                    sum += r[(i * ws) + c + m] * t[c + m, c + j];
                }

                rows[((c + j) * ws) + i] = sum;
            }

            rows[((wu - 1) * ws) + i] = r[(i * ws) + ws - 1];
        }

        var factor = new double[wu * wu];
        Householder.Fold(factor, wu, rows, ws, ws);
        return new QrAccumulator(ku, qr.HasIntercept, shift, factor, qr.Rows, qr.WeightedRows, qr.SumWeights, qr.SumLogWeights);
    }

    /// <summary>
    /// T with [1 | union row] = [1 | shard row]·T on every row the shard can hold (without an intercept, no leading
    /// 1s), solved by least squares on probe rows (every combination of the shard's levels, numbers drawn from a
    /// fixed seed) and rounded to whole numbers, which treatment coding's combinations are.
    /// </summary>
    private static double[,] Basis(ModelDesign from, ModelDesign to, int c, string origin)
    {
        var ks = from.FeatureNames.Count;
        var ku = to.FeatureNames.Count;
        var categorical = from.Inputs.Select((name, i) => (name, i)).Where(p => from.Levels.ContainsKey(p.name)).ToList();
        var combinations = categorical.Aggregate(1L, (n, p) => n * Math.Max(1, from.Levels[p.name].Count));
        if (combinations > MaxCombinations)
        {
            throw Refuse(origin, string.Create(CultureInfo.InvariantCulture, $"its categorical columns have {combinations} combinations of levels, more than {MaxCombinations}"));
        }

        // By value for number levels, as in memory: one shard's 1936 is another's 1936.0.
        var map = categorical.ToDictionary(p => p.i, p => from.Levels[p.name].Select(CategoryColumns.Lookup(to.Levels[p.name])).ToArray());
        var width = c + ks + c + ku;
        var repeats = (int)Math.Max(2, ((2 * (c + ks)) / combinations) + 2);
        var probes = (int)(combinations * repeats);
        var block = new double[width * probes];
        var random = new Random(20261130);
        var input = new double[from.Inputs.Count];
        var mapped = new double[from.Inputs.Count];
        var shard = new double[ks];
        var union = new double[ku];
        var n = 0;
        for (var p = 0; p < probes; p++)
        {
            var combination = p % combinations;
            for (var i = 0; i < input.Length; i++)
            {
                if (map.TryGetValue(i, out var levels))
                {
                    input[i] = combination % levels.Length;
                    combination /= levels.Length;
                    mapped[i] = levels[(int)input[i]];
                }
                else
                {
                    input[i] = mapped[i] = 1.5 + random.NextDouble();
                }
            }

            from.Expand(input, shard);
            to.Expand(mapped, union);
            if (!shard.All(double.IsFinite) || !union.All(double.IsFinite))
            {
                continue;
            }

            if (c == 1)
            {
                block[p] = 1;
                block[((1 + ks) * probes) + p] = 1;
            }

            for (var j = 0; j < ks; j++)
            {
                block[((c + j) * probes) + p] = shard[j];
            }

            for (var j = 0; j < ku; j++)
            {
                block[((c + ks + c + j) * probes) + p] = union[j];
            }

            n++;
        }

        // R of [S | U]: its top-left block is S's R, its top-right block Qᵀ U, so T = R₁₁⁻¹ R₁₂.
        var r = new double[width * width];
        Householder.Fold(r, width, block, probes, probes);
        var w = c + ks;
        var t = new double[w, c + ku];
        for (var j = 0; j < c + ku; j++)
        {
            for (var i = w - 1; i >= 0; i--)
            {
                var diagonal = r[(i * width) + i];
                if (n < w || Math.Abs(diagonal) < 1e-9)
                {
                    throw Refuse(origin, "its design columns are not independent on its own levels");
                }

                var sum = r[(i * width) + w + j];
                for (var m = i + 1; m < w; m++)
                {
                    sum -= r[(i * width) + m] * t[m, j];
                }

                var value = sum / diagonal;
                var whole = Math.Round(value);
                if (Math.Abs(value - whole) > 1e-6)
                {
                    throw Refuse(origin, $"the union's column '{(j < c ? "(Intercept)" : to.FeatureNames[j - c])}' is not a combination of its own columns");
                }

                t[i, j] = whole;
            }
        }

        return t;
    }

    private static LinregException Refuse(string origin, string why) =>
        new(ExitCode.DataError, $"{origin}: its statistics cannot be re-coded onto the levels of all the files ({why}); make the statistics of all the data in one file, or with every level in every shard");
}
