using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// Which columns of a table hold categories, and their levels. The reader delivers a category cell as a number, the
/// index of its level, so every view of the rows stays doubles. For training, levels are collected as the cells
/// are read (in the order they appear) and sorted afterwards (<see cref="Sorted"/>); for predict and evaluate they
/// are the model's, fixed, and a level the model never saw is an error naming its line.
/// <para>The rule for a column that no one forced either way: its first non-missing cell decides. Text there makes
/// it categorical (every later cell is a level, numbers included); a number makes it numeric, and a later text cell
/// is then a data error naming the cell, with the hint to pass <c>--categorical</c>.</para>
/// </summary>
public sealed class CategoryColumns
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Dictionary<string, int>> _codes = [];
    private readonly Dictionary<int, List<string>> _texts = [];
    private readonly HashSet<int> _forced;
    private readonly HashSet<int> _auto;
    private readonly Dictionary<int, Func<string, int>>? _fixed;
    private readonly IReadOnlyDictionary<int, IReadOnlyList<string>>? _fixedLevels;

    private CategoryColumns(IEnumerable<int> forced, IEnumerable<int> auto, Dictionary<int, Func<string, int>>? fixedLookup, IReadOnlyDictionary<int, IReadOnlyList<string>>? fixedLevels)
    {
        _forced = [.. forced];
        _auto = [.. auto.Except(_forced)];
        _fixed = fixedLookup;
        _fixedLevels = fixedLevels;
        foreach (var column in _forced)
        {
            _codes[column] = new(StringComparer.Ordinal);
            _texts[column] = [];
        }
    }

    /// <param name="forced">Columns read as categories whatever they hold (--categorical, C()).</param>
    /// <param name="auto">Columns that are categorical when their first non-missing cell is text.</param>
    public static CategoryColumns ForTraining(IEnumerable<int> forced, IEnumerable<int> auto) => new(forced, auto, null, null);

    /// <summary>A model's levels by column: a cell is its level's index.</summary>
    public static CategoryColumns Fixed(IReadOnlyDictionary<int, IReadOnlyList<string>> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return new(levels.Keys, [], levels.ToDictionary(p => p.Key, p => Lookup(p.Value)), levels);
    }

    /// <summary>Whether some column is read as categories whatever it holds: then no row takes the numbers-only fast path.</summary>
    internal bool AnyForced => _forced.Count > 0;

    internal bool IsForced(int column) => _forced.Contains(column);

    internal bool IsAuto(int column) => _auto.Contains(column);

    /// <summary>The level index of a cell's text (trimmed, not missing); -1 for a level a fixed set lacks.</summary>
    internal int Code(int column, string text)
    {
        if (_fixed is not null)
        {
            return _fixed[column](text);
        }

        lock (_gate)
        {
            if (!_codes.TryGetValue(column, out var codes))
            {
                codes = _codes[column] = new(StringComparer.Ordinal);
                _texts[column] = [];
            }

            if (!codes.TryGetValue(text, out var code))
            {
                code = codes[text] = codes.Count;
                _texts[column].Add(text);
            }

            return code;
        }
    }

    /// <summary>A fixed set's levels of a column, for a message.</summary>
    internal IReadOnlyList<string> KnownLevels(int column) => _fixedLevels is { } levels ? levels[column] : _texts[column];

    /// <summary>
    /// Each categorical column's levels, sorted as pandas and patsy sort them, and for each code given while reading,
    /// its level's index in that order. Levels that are all numbers (zip codes, years) sort by value and are named as
    /// pandas reads them (1936, or 1936.0 when the file writes a decimal point); text sorts by code point.
    /// </summary>
    public IReadOnlyDictionary<int, (IReadOnlyList<string> Levels, int[] Remap)> Sorted()
    {
        var sorted = new Dictionary<int, (IReadOnlyList<string>, int[])>();
        foreach (var (column, texts) in _texts)
        {
            var levels = SortLevels(texts);
            var lookup = Lookup(levels);
            sorted[column] = (levels, [.. texts.Select(lookup)]);
        }

        return sorted;
    }

    /// <summary>
    /// Level texts as one sorted list of levels: numbers by value, one level per value (7 and 7.0 are one), named as
    /// pandas names them (7 when every text is an integer, else 7.0); text by code point. In memory and when shards
    /// are merged alike.
    /// </summary>
    internal static IReadOnlyList<string> SortLevels(IReadOnlyCollection<string> texts)
    {
        var numbers = texts.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToArray();
        if (texts.Count > 0 && numbers.All(v => v is not null))
        {
            var integers = texts.All(t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
            return [.. numbers.Select(v => v!.Value).Distinct().Order().Select(v => integers ? ((long)v).ToString(CultureInfo.InvariantCulture) : PythonFloat(v))];
        }

        return [.. texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>A level's index by its text: by value when the levels are numbers (so 7 and 7.0 are one level), else exactly.</summary>
    internal static Func<string, int> Lookup(IReadOnlyList<string> levels)
    {
        var byName = levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var numbers = levels.Select(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToArray();
        if (levels.Count == 0 || numbers.Any(v => v is null))
        {
            return text => byName.TryGetValue(text, out var i) ? i : -1;
        }

        var byValue = numbers.Select((v, i) => (v!.Value, i)).ToDictionary(p => p.Value, p => p.i);
        return text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && byValue.TryGetValue(v, out var i) ? i : -1;
    }

    /// <summary>A number with a decimal comma or thousands separators (1,5 or 1,234.5): a cell to fix, not a level.</summary>
    internal static bool LooksNumeric(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Contains(',', StringComparison.Ordinal)
            && (double.TryParse(trimmed.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                || double.TryParse(trimmed.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    /// <summary>Python's repr of a float, which names pandas' float levels: 1936.0, 1.5, 1e-05.</summary>
    internal static string PythonFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            var at = text.IndexOf('E', StringComparison.Ordinal);
            var exponent = int.Parse(text[(at + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{text[..at]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):D2}");
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}

/// <summary>
/// One table's reading of its category columns: the first non-missing cell of a column that may become categorical
/// decides, so each file decides for itself (and <see cref="Design.DesignLoad"/> requires them to agree).
/// </summary>
internal sealed class CategoryCells
{
    // Per column, as arrays: the CsvHelper path asks for every cell it reads.
    private readonly bool[] _forced;
    private readonly bool[] _auto;
    private readonly bool[] _text;
    private readonly bool[] _numbers;
    private readonly bool _hasHeader;

    public CategoryCells(CategoryColumns columns, int columnCount, bool hasHeader)
    {
        Columns = columns;
        _forced = [.. Enumerable.Range(0, columnCount).Select(columns.IsForced)];
        _auto = [.. Enumerable.Range(0, columnCount).Select(columns.IsAuto)];
        _text = new bool[columnCount];
        _numbers = new bool[columnCount];
        _hasHeader = hasHeader;
    }

    public CategoryColumns Columns { get; }

    /// <summary>Whether this table delivered the column's cells as levels.</summary>
    public bool IsText(int column) => _text[column];

    /// <summary>Whether the column's cells are levels: it is forced, or its first non-missing cell was text.</summary>
    public bool ReadsAsText(int column) => _forced[column] || _text[column];

    /// <summary>A text cell in a column that may become categorical: true when it does (no number came before it).</summary>
    public bool StartText(int column, string text)
    {
        // Without a header a text first row would have been one: a header-less table is numbers unless --categorical
        // says otherwise. A decimal comma ("1,5") or thousands separators are a number written the wrong way, not a level.
        if (!_hasHeader || !_auto[column] || _numbers[column] || CategoryColumns.LooksNumeric(text))
        {
            return false;
        }

        _text[column] = true;
        return true;
    }

    /// <summary>A number in a column that may become categorical: it is numeric from now on.</summary>
    public void SawNumber(int column) => _numbers[column] |= _auto[column];
}
