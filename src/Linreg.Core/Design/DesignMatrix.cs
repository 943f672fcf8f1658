namespace Linreg.Core.Design;

/// <summary>
/// The design columns a formula makes of a row of input columns, named and ordered as patsy makes them, so that a
/// linreg model's coefficients are statsmodels' <c>ols(formula, data)</c>'s one for one:
/// <list type="bullet">
/// <item>Terms are grouped by the set of numeric factors they hold: the group without any first (the intercept and
/// purely categorical terms), then the others in the order the formula first names them; within a group, terms by
/// number of factors.</item>
/// <item>A categorical factor is treatment-coded against its first level (<c>g[T.b]</c>) where a lower-order term of
/// the same group already spans what its full coding would add, and otherwise coded with every level (<c>g[a]</c>,
/// <c>g[b]</c>): patsy's rule for a full-rank design (its <c>pick_contrasts_for_term</c>), which also gives the
/// no-intercept formula every level of its first categorical.</item>
/// <item>A term's columns combine its factors' columns with the left-most varying fastest, as R and patsy do.</item>
/// </list>
/// The intercept is the model's bias, not a column.
/// </summary>
internal sealed class DesignMatrix
{
    private readonly RowFunction?[] _numeric;
    private readonly int[] _categoryInput;
    private readonly (int Factor, int Level)[][] _columns;

    /// <param name="inputs">The input columns a row holds, in order: a categorical one holds its level's index.</param>
    /// <param name="levels">The levels of each categorical input, sorted; the first is the reference.</param>
    public DesignMatrix(Formula formula, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, IReadOnlyList<string>> levels)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var index = (string column) => inputs.ToList().IndexOf(column) is var i and >= 0 ? i : throw new InvalidOperationException($"'{column}' is not an input");
        var factors = formula.Terms.SelectMany(t => t.Factors).DistinctBy(f => f.Name).ToList();
        bool IsCategorical(Factor f) => f.ForcedCategorical || (f.Column is { } c && levels.ContainsKey(c));
        foreach (var factor in factors.Where(f => !IsCategorical(f)))
        {
            if (factor.Expression!.Columns.FirstOrDefault(levels.ContainsKey) is { } text)
            {
                throw new LinregException(ExitCode.DataError, $"--formula: {factor.Name} does arithmetic on column '{text}', which holds categories (text), not numbers; use C({text}) or {text} alone as a term");
            }
        }

        _numeric = [.. factors.Select(f => IsCategorical(f) ? null : f.Expression!.Compile(index))];
        _categoryInput = [.. factors.Select(f => IsCategorical(f) ? index(f.Column!) : -1)];
        Factors = factors;
        Intercept = formula.Intercept;
        Formula = formula;

        var terms = new List<Term>();
        if (formula.Intercept)
        {
            terms.Add(new Term([]));
        }

        terms.AddRange(formula.Terms);
        var buckets = terms.GroupBy(t => string.Join("\u0001", t.Factors.Where(f => !IsCategorical(f)).Select(f => f.Name).Order(StringComparer.Ordinal)))
            .OrderBy(g => g.Key.Length == 0 ? 0 : 1)
            .ToList();
        var names = new List<string>();
        var columns = new List<(int, int)[]>();
        var ordered = new List<Term>();
        foreach (var bucket in buckets)
        {
            var used = new List<HashSet<string>>();
            foreach (var term in bucket.OrderBy(t => t.Factors.Count))
            {
                ordered.Add(term);
                var categorical = term.Factors.Where(IsCategorical).ToList();
                foreach (var subterm in Subterms(categorical, used))
                {
                    AddColumns(term, subterm, factors, levels, names, columns);
                }
            }
        }

        Terms = ordered;
        ColumnNames = names;
        _columns = [.. columns];
    }

    public Formula Formula { get; }

    public bool Intercept { get; }

    /// <summary>The terms in patsy's order, the intercept's (no factors) first when there is one.</summary>
    public IReadOnlyList<Term> Terms { get; }

    /// <summary>The design columns' names, as patsy names them.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public int Width => _columns.Length;

    /// <summary>The formula's factors, each once, as <see cref="Columns"/> numbers them.</summary>
    public IReadOnlyList<Factor> Factors { get; }

    /// <summary>
    /// Each design column as the product of its factors' values: (factor, level), where level -1 is a numeric factor's
    /// value and a level index is 1 where the categorical factor holds that level, else 0. ONNX export builds the same.
    /// </summary>
    public IReadOnlyList<(int Factor, int Level)[]> Columns => _columns;

    /// <summary>Whether the factor is coded by levels (its column holds categories, or C()); otherwise a number.</summary>
    public bool IsCategorical(int factor) => _categoryInput[factor] >= 0;

    /// <summary>One row's design columns from its inputs (a categorical input holding its level's index).</summary>
    public void Expand(ReadOnlySpan<double> inputs, Span<double> design)
    {
        Span<double> values = _numeric.Length <= 64 ? stackalloc double[_numeric.Length] : new double[_numeric.Length];
        for (var f = 0; f < _numeric.Length; f++)
        {
            values[f] = _numeric[f] is { } numeric ? numeric(inputs) : inputs[_categoryInput[f]];
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            var value = 1.0;
            foreach (var (factor, level) in _columns[c])
            {
                value *= level < 0 ? values[factor] : values[factor] == level ? 1 : 0;
            }

            design[c] = value;
        }
    }

    /// <summary>
    /// patsy's subterms of a term: every subset of its categorical factors (shortest first) not yet spanned in its
    /// group, merged where a subset and one more factor make another ("a- + a-:b-" is "a-:b+"). The value says, per
    /// factor in the subterm, whether it is coded with every level (true) or against its reference (false).
    /// </summary>
    private static List<Dictionary<string, bool>> Subterms(List<Factor> categorical, List<HashSet<string>> used)
    {
        var subsets = Enumerable.Range(0, 1 << categorical.Count)
            .Select(mask => Enumerable.Range(0, categorical.Count).Where(i => (mask & (1 << i)) != 0).ToArray())
            .OrderBy(s => s.Length)
            .ThenBy(s => string.Join(",", s.Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal)
            .Select(s => s.Select(i => categorical[i].Name).ToHashSet(StringComparer.Ordinal))
            .ToList();
        var fresh = subsets.Where(s => !used.Any(u => u.SetEquals(s))).ToList();
        used.AddRange(fresh);
        var subterms = fresh.Select(s => s.ToDictionary(name => name, _ => false, StringComparer.Ordinal)).ToList();
        var merged = true;
        while (merged)
        {
            merged = false;
            for (var shortAt = 0; shortAt < subterms.Count && !merged; shortAt++)
            {
                for (var longAt = shortAt + 1; longAt < subterms.Count && !merged; longAt++)
                {
                    var (small, large) = (subterms[shortAt], subterms[longAt]);
                    if (large.Count - small.Count == 1 && small.All(p => large.TryGetValue(p.Key, out var full) && full == p.Value))
                    {
                        var added = large.Keys.Single(k => !small.ContainsKey(k));
                        subterms[longAt] = new Dictionary<string, bool>(small, StringComparer.Ordinal) { [added] = true };
                        subterms.RemoveAt(shortAt);
                        merged = true;
                    }
                }
            }
        }

        return subterms;
    }

    private static void AddColumns(Term term, Dictionary<string, bool> subterm, List<Factor> factors, IReadOnlyDictionary<string, IReadOnlyList<string>> levels, List<string> names, List<(int, int)[]> columns)
    {
        if (term.Factors.Count == 0)
        {
            return; // the intercept: the model's bias
        }

        // Each factor's columns: (name, level index or -1 for a number).
        var parts = new List<(int Factor, (string Name, int Level)[] Columns)>();
        foreach (var factor in term.Factors)
        {
            var slot = factors.FindIndex(f => f.Name == factor.Name);
            if (factor.Column is { } column && subterm.TryGetValue(factor.Name, out var full))
            {
                var names_ = levels[column];
                parts.Add((slot, full
                    ? [.. names_.Select((l, i) => ($"{factor.Name}[{l}]", i))]
                    : [.. names_.Skip(1).Select((l, i) => ($"{factor.Name}[T.{l}]", i + 1))]));
            }
            else if (!subterm.ContainsKey(factor.Name) && (factor.ForcedCategorical || (factor.Column is { } c && levels.ContainsKey(c))))
            {
                continue; // a categorical factor this subterm leaves out
            }
            else
            {
                parts.Add((slot, [(factor.Name, -1)]));
            }
        }

        // Left-most fastest: the last factor's column changes slowest.
        var count = parts.Aggregate(1, (n, p) => n * p.Columns.Length);
        for (var combo = 0; combo < count; combo++)
        {
            var rest = combo;
            var column = new (int, int)[parts.Count];
            var name = new string[parts.Count];
            for (var p = 0; p < parts.Count; p++)
            {
                var (n, level) = parts[p].Columns[rest % parts[p].Columns.Length];
                rest /= parts[p].Columns.Length;
                column[p] = (parts[p].Factor, level);
                name[p] = n;
            }

            names.Add(string.Join(":", name));
            columns.Add(column);
        }
    }
}
