using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// K-fold cross-validation's folds, as scikit-learn's <c>KFold(n_splits=K)</c> cuts them: the first n mod K folds
/// hold ⌊n/K⌋ + 1 rows, the others ⌊n/K⌋, each a contiguous run of the file's rows in order. Shuffled, the same cuts
/// are made in the seeded order of <see cref="DatasetSplit.Permutation"/> (torch.randperm with the seed), so fold i
/// is rows order[start_i:end_i] and a PyTorch user can rebuild it.
/// </summary>
public sealed class Folds
{
    private readonly long[] _order;
    private readonly int[] _starts;

    private Folds(long[] order, int[] starts)
    {
        _order = order;
        _starts = starts;
    }

    public int Count => _starts.Length - 1;

    public int Rows => _order.Length;

    /// <param name="shuffleSeed">Null: contiguous folds in file order; else folds of the seeded permutation.</param>
    public static Folds Cut(int rows, int count, long? shuffleSeed)
    {
        if (count > rows)
        {
            throw new LinregException(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"--cv {count}: {rows} row(s) cannot make {count} folds of at least one row; give a smaller --cv"));
        }

        var order = shuffleSeed is { } seed ? DatasetSplit.Permutation(rows, seed) : [.. Enumerable.Range(0, rows).Select(i => (long)i)];
        var starts = new int[count + 1];
        for (var f = 0; f < count; f++)
        {
            starts[f + 1] = starts[f] + (rows / count) + (f < rows % count ? 1 : 0);
        }

        return new Folds(order, starts);
    }

    /// <summary>Fold <paramref name="fold"/>'s held-out rows, and the others to fit on, each in file order.</summary>
    public (Dataset Train, Dataset Test) Split(Dataset data, int fold)
    {
        ArgumentNullException.ThrowIfNull(data);
        var test = _order[_starts[fold].._starts[fold + 1]].Order().ToArray();
        var train = _order[.._starts[fold]].Concat(_order[_starts[fold + 1]..]).Order().ToArray();
        return (DatasetSplit.Take(data, train), DatasetSplit.Take(data, test));
    }
}
