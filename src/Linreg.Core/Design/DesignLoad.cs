using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Training;

namespace Linreg.Core.Design;

/// <summary>
/// Training data through a design: which table columns to read and which as categories (before reading), then the
/// levels sorted, the left-hand side applied and every row expanded into the design's columns (after), so the
/// solvers, inference, descent and cross-validation see an ordinary <see cref="Dataset"/> of features.
/// </summary>
internal sealed class DesignLoad
{
    private readonly Formula _formula;
    private readonly bool _explicit;
    private readonly int[] _inputs;
    private readonly CategoryColumns _categories;

    private DesignLoad(Formula formula, bool isExplicit, int[] inputs, CategoryColumns categories)
    {
        _formula = formula;
        _explicit = isExplicit;
        _inputs = inputs;
        _categories = categories;
    }

    /// <summary>The design the run used; null until <see cref="Apply"/>, and null after it when the columns were all numbers and no formula was given.</summary>
    public ModelDesign? Design { get; private set; }

    /// <summary>
    /// A formula chooses the columns and says whether there is an intercept; what needs rows in memory is refused
    /// here, before any reading. Categories need every level before the first row is expanded: a stream or
    /// statistics files would need a pass of their own, which linreg does not make yet.
    /// </summary>
    public static TrainJobSettings Check(TrainJobSettings settings, Formula? formula)
    {
        if (formula is null)
        {
            if (settings.Categorical.Count > 0 && settings.FromStats.Count > 0)
            {
                throw new LinregException(ExitCode.UsageError, "--categorical is not available with --from-stats: the statistics files hold their categories; give --categorical to 'linreg stats'");
            }

            return settings.Categorical.Count > 0 ? CheckStream(settings, "--categorical") : settings;
        }

        if (settings.Columns.Target is not null || settings.Columns.Features is not null)
        {
            throw new LinregException(ExitCode.UsageError, "--formula names the target and the features itself; leave out --target and --features");
        }

        if (settings.FromStats.Count > 0)
        {
            throw new LinregException(ExitCode.UsageError, "--formula is not available with --from-stats: the statistics files hold their design; give --formula to 'linreg stats'");
        }

        settings = CheckStream(settings, "--formula");
        // The table is opened before the formula chooses its columns: its default target (the last column) could be
        // the --weights column, so the formula's target column is the one the table opens with.
        if (formula.Target.Columns.Distinct().ToList() is [var target])
        {
            settings = settings with { Columns = settings.Columns with { Target = target } };
        }

        return formula.Intercept ? settings : settings with { Training = settings.Training with { Intercept = false } };
    }

    /// <summary>
    /// A stream takes a design with the exact solver alone (penalised or not): it reads the levels in a pass of their
    /// own, then folds the design's rows. Descent would expand every block of every epoch; it is refused until it
    /// does.
    /// </summary>
    private static TrainJobSettings CheckStream(TrainJobSettings settings, string option) =>
        !settings.Stream || settings.Training.Solver == SolverKind.Lstsq
            ? settings
            : throw new LinregException(ExitCode.UsageError, $"{option} with --stream needs --solver lstsq: a design is expanded from the rows in memory otherwise; add --solver lstsq, or train without --stream");

    /// <summary>
    /// Chooses the columns (a formula's, or the plain selection's) and tells every file which to read as categories:
    /// those in C() or --categorical always, and a plain column (a bare name in a formula, or any selected feature)
    /// when its first non-missing cell is text.
    /// </summary>
    public static DesignLoad Plan(Formula? formula, IReadOnlyList<string> categorical, bool intercept, TableSet tables)
    {
        var table = tables.Tables[0];
        if (formula is not null)
        {
            formula = formula.ExpandDot([.. table.ColumnNames.Where(c => c != tables.WeightName)]);
            formula = intercept && formula.Intercept ? formula : formula.WithoutIntercept();
            var targetColumns = formula.Target.Columns.Distinct().ToList();
            if (targetColumns.Count != 1)
            {
                throw new LinregException(ExitCode.UsageError, $"--formula '{formula.Text}': the target must read one column (it reads {targetColumns.Count})");
            }

            var used = formula.Terms.SelectMany(t => t.Factors).SelectMany(f => f.Columns).Distinct().ToList();
            foreach (var column in used.Append(targetColumns[0]).Where(c => !table.ColumnNames.Contains(c)))
            {
                throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: --formula '{formula.Text}' names column '{column}', which it does not have; its columns are {table.DescribeColumns()} (names are case-sensitive; Q(\"a name\") quotes one with spaces)");
            }

            if (formula.Terms.Count == 0)
            {
                throw new LinregException(ExitCode.UsageError, $"--formula '{formula.Text}' has no terms besides the intercept; give at least one column");
            }

            tables.Select(new ColumnSelection(targetColumns[0], [.. used.OrderBy(c => IndexOf(table, c))], tables.WeightName));
        }

        var inputs = tables.Columns[..tables.FeatureNames.Count];
        var names = inputs.Select(i => table.ColumnNames[i]).ToList();
        formula ??= Formula.OfColumns(tables.TargetName, names, intercept);
        var forced = categorical.Select(c => table.ResolveColumn(c, "--categorical")).ToList();
        if (forced.FirstOrDefault(c => !inputs.Contains(c), -1) is var outside and >= 0)
        {
            throw new LinregException(ExitCode.UsageError, $"--categorical names column '{table.ColumnNames[outside]}', which is not a feature of this run (the features are {NameList.Join(names)})");
        }

        var factors = formula.Terms.SelectMany(t => t.Factors).ToList();
        forced.AddRange(factors.Where(f => f.ForcedCategorical).Select(f => IndexOf(table, f.Column!)));
        // Arithmetic's columns too: one that turns out to hold text is then named by the design, not the reader.
        var auto = factors.Where(f => !f.ForcedCategorical).SelectMany(f => f.Columns).Select(c => IndexOf(table, c));
        var categories = CategoryColumns.ForTraining(forced.Distinct(), auto.Distinct());
        foreach (var each in tables.Tables)
        {
            each.ReadCategories(categories);
        }

        return new DesignLoad(formula, formula.Text.Length > 0, inputs, categories);
    }

    /// <summary>The rows as read (a category as its level's order of appearance) into the design's rows.</summary>
    public Dataset Apply(Dataset raw, TableSet tables, MissingValuePolicy missing, TextWriter diagnostics)
    {
        var remaps = Build(tables, raw.TargetName, raw.SourceName, diagnostics);
        if (remaps is null)
        {
            return raw;
        }

        var k = _inputs.Length;
        var features = raw.Features;
        foreach (var (at, remap) in remaps)
        {
            for (var r = 0; r < raw.RowCount; r++)
            {
                features[(r * k) + at] = remap[(int)features[(r * k) + at]];
            }
        }

        var targetName = _explicit ? _formula.Target.Name : raw.TargetName;
        var width = Design!.FeatureNames.Count;
        var rows = new double[(long)raw.RowCount * width];
        var targets = new double[raw.RowCount];
        var weights = raw.Weights is null ? null : (double[])raw.Weights.Clone();
        var kept = 0;
        Span<double> one = stackalloc double[1];
        for (var r = 0; r < raw.RowCount; r++)
        {
            var row = rows.AsSpan(kept * width, width);
            Design.Expand(raw.Row(r), row);
            one[0] = raw.Targets[r];
            var target = Design.Target(one);
            var bad = !double.IsFinite(target) ? -1 : FirstNotFinite(row);
            if (bad == -2)
            {
                if (weights is not null)
                {
                    weights[kept] = weights[r];
                }

                targets[kept++] = target;
                continue;
            }

            if (missing != MissingValuePolicy.Drop)
            {
                var what = bad == -1 ? targetName : Design.FeatureNames[bad];
                throw new LinregException(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"{raw.SourceName}: data row {r + 1}: {what} is {(bad == -1 ? target : row[bad])}, not a finite number; fix the data or the formula, or pass --missing drop to skip such rows"));
            }
        }

        var dropped = raw.RowCount - kept;
        if (kept == 0)
        {
            throw new LinregException(ExitCode.DataError, $"{raw.SourceName}: nothing to train on: every row's design has a value that is not a finite number");
        }

        Array.Resize(ref rows, kept * width);
        Array.Resize(ref targets, kept);
        if (weights is not null)
        {
            Array.Resize(ref weights, kept);
        }

        return new Dataset(raw.SourceName, Design.FeatureNames, targetName, rows, targets, raw.DroppedRows + dropped, weights);
    }

    /// <summary>
    /// For rows folded without being held (linreg stats, --stream): the design from the levels a first pass over the
    /// files has read, and each streamed row [inputs | target | weight] made into the design's row. Null when the
    /// columns are all numbers and no formula was given: the rows are then the features as read.
    /// </summary>
    /// <summary>
    /// A pass that only reads the cells, so every level is known (a fold of level codes would be no statistic), then
    /// <see cref="Streamed"/>: what a folded fit of a formula or of --categorical columns reads first.
    /// </summary>
    public StreamedDesign? ReadLevels(TableSet tables, TextWriter diagnostics, CancellationToken cancellationToken)
    {
        _ = tables.Fold(() => 0, (_, _) => { }, cancellationToken);
        return Streamed(tables, diagnostics);
    }

    public StreamedDesign? Streamed(TableSet tables, TextWriter diagnostics)
    {
        var remaps = Build(tables, tables.TargetName, tables.DisplayName, diagnostics);
        return remaps is null ? null : new StreamedDesign(Design!, _explicit ? _formula.Target.Name : tables.TargetName, _inputs.Length, remaps);
    }

    /// <summary>Checks the files agree on which columns are categories, sorts the levels and makes <see cref="Design"/>; null when no design is needed.</summary>
    private (int At, int[] Remap)[]? Build(TableSet tables, string rawTarget, string sourceName, TextWriter diagnostics)
    {
        var table = tables.Tables[0];
        var sorted = _categories.Sorted();
        foreach (var each in tables.Tables.Skip(1))
        {
            if (sorted.Keys.FirstOrDefault(c => each.CategoryCells?.IsText(c) != true && !_categories.IsForced(c), -1) is var differs and >= 0)
            {
                throw new LinregException(ExitCode.DataError, $"{each.Source.DisplayName}: column '{table.ColumnNames[differs]}' holds numbers here but text in another file; pass --categorical {table.ColumnNames[differs]} to read it as categories in every file");
            }
        }

        if (sorted.Count == 0 && !_explicit)
        {
            return null;
        }

        var names = _inputs.Select(i => table.ColumnNames[i]).ToList();
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var remaps = new List<(int, int[])>();
        foreach (var (column, (levelNames, remap)) in sorted)
        {
            var at = Array.IndexOf(_inputs, column);
            levels[names[at]] = levelNames;
            remaps.Add((at, remap));
            diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: column '{names[at]}' is categorical: {levelNames.Count} level(s), treatment-coded against the first, '{(levelNames.Count > 0 ? levelNames[0] : string.Empty)}'"));
        }

        Design = new ModelDesign(_formula.Text, rawTarget, names, levels, _formula.Intercept);
        return Design.FeatureNames.Count == 0
            ? throw new LinregException(ExitCode.DataError, $"{sourceName}: the design has no columns (a categorical with one level and no other term); give the model something to fit")
            : [.. remaps];
    }

    private static int FirstNotFinite(ReadOnlySpan<double> row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (!double.IsFinite(row[i]))
            {
                return i;
            }
        }

        return -2;
    }

    private static int IndexOf(TableReader table, string column) => table.ColumnNames.ToList().IndexOf(column);
}
