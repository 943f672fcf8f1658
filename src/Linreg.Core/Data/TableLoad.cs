namespace Linreg.Core.Data;

/// <summary>
/// Every row of a table into one <see cref="Dataset"/>, allocated once at its final size where the size can be
/// known: a plain file's chunks count their lines (memory speed) and then parse straight into their own slice of
/// the arrays, on every core. From the first line that is not plain, CsvHelper reads on alone, and words any error.
/// </summary>
internal static class TableLoad
{
    private const int InitialRows = 1024;

    /// <param name="weightColumn">--weights' column, read after the target; null without it.</param>
    public static Dataset Load(TableReader table, int[] featureColumns, int targetColumn, int? weightColumn, CancellationToken cancellationToken)
    {
        var k = featureColumns.Length;
        int[] wanted = weightColumn is { } w ? [.. featureColumns, targetColumn, w] : [.. featureColumns, targetColumn];
        var names = featureColumns.Select(i => table.ColumnNames[i]).ToArray();
        var limit = Array.MaxLength / Math.Max(1, k);
        Rows rows;
        RowCursor? cursor;
        if (table.PlainPass() is var (file, start))
        {
            var cuts = ChunkedScan.Cut(file, start);
            var chunks = cuts.Length - 1;
            var lineCounts = new long[chunks];
            _ = ChunkedScan.Run(chunks, (c, buffer) =>
            {
                lineCounts[c] = ChunkedScan.CountLines(file, start, cuts, c, buffer);
                return true;
            });
            var rowsBefore = new long[chunks + 1];
            for (var c = 0; c < chunks; c++)
            {
                rowsBefore[c + 1] = rowsBefore[c] + lineCounts[c];
            }

            // Lines bound the rows from above (a blank line or a quoted line break makes fewer), except for the
            // bare-CR line ends of old Macs, which CsvHelper reads as more: the arrays grow then.
            rows = new Rows(k, (int)Math.Clamp(rowsBefore[chunks], 1, limit), weightColumn is not null);
            long taken = 0;
            long consumed = 0;
            var refused = rowsBefore[chunks] > limit ? 0 : Parse(file, start, cuts, rowsBefore, table, wanted, rows, cancellationToken, out taken, out consumed);
            cancellationToken.ThrowIfCancellationRequested();
            rows.Count = (int)(refused < 0 ? rowsBefore[chunks] : rowsBefore[refused] + taken);
            cursor = refused < 0 ? null : new RowCursor(table, table.RecordsFrom(start.Offset + cuts[refused] + consumed, rows.Count));
        }
        else
        {
            rows = new Rows(k, (int)Math.Clamp(table.RowCount ?? InitialRows, 1, limit), weightColumn is not null);
            cursor = table.OpenRows();
        }

        long dropped = 0;
        if (cursor is not null)
        {
            using (cursor)
            {
                var row = new double[wanted.Length];
                while (cursor.ReadRow(wanted, row, ref dropped))
                {
                    if ((rows.Count & 0xFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    rows.Add(row, table, limit);
                }
            }
        }

        if (rows.Count == 0)
        {
            var why = dropped > 0 ? $"all {dropped} data row(s) had missing or non-numeric values" : table.HasHeader ? "it has a header but no data rows" : "it has no data rows";
            throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: nothing to train on: {why}");
        }

        var data = rows.ToDataset(table, names, targetColumn, dropped);
        if (data.Weights is { } weights)
        {
            CheckWeights(weights, table.Source.DisplayName, table.ColumnNames[weightColumn!.Value]);
        }

        return data;
    }

    /// <summary>Every weight finite and ≥ 0: a bad one named by its data row (lines differ from rows by the header and any dropped rows).</summary>
    private static void CheckWeights(double[] weights, string source, string column)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            RowWeights.Check(weights[i], source, column, i + 1);
        }
    }

    /// <summary>Parses every chunk into its slice; the first chunk that refused a line, or -1, and how far it got.</summary>
    private static int Parse(
        TableFile file, PlainStart start, long[] cuts, long[] rowsBefore, TableReader table, int[] wanted, Rows rows, CancellationToken cancellationToken, out long taken, out long consumed)
    {
        var k = rows.FeatureCount;
        var weighted = rows.Weights is not null;
        var layout = PlainCsvLayout.For(table, wanted);
        var takenIn = new long[cuts.Length - 1];
        var consumedIn = new long[cuts.Length - 1];
        var refused = ChunkedScan.Run(cuts.Length - 1, (c, buffer) =>
        {
            var row = rowsBefore[c];
            var end = rowsBefore[c + 1];
            bool Store(ReadOnlySpan<double> values)
            {
                if (row == end)
                {
                    return false;
                }

                values[..k].CopyTo(rows.Features.AsSpan((int)(row * k), k));
                rows.Targets[row] = values[k];
                if (weighted)
                {
                    rows.Weights![row] = values[k + 1];
                }

                row++;
                return true;
            }

            return ChunkedScan.ReadRows(file, start, cuts, c, layout, buffer, Store, cancellationToken, out takenIn[c], out consumedIn[c]) && row == end;
        });
        taken = refused < 0 ? 0 : takenIn[refused];
        consumed = refused < 0 ? 0 : consumedIn[refused];
        return refused;
    }

    /// <summary>The growing arrays rows land in.</summary>
    private sealed class Rows(int k, int capacity, bool weighted)
    {
        public double[]? Weights { get; private set; } = weighted ? new double[capacity] : null;

        public int FeatureCount => k;

        public double[] Features { get; private set; } = new double[(long)capacity * k];

        public double[] Targets { get; private set; } = new double[capacity];

        public int Count { get; set; }

        public void Add(double[] row, TableReader table, int limit)
        {
            if (Count == Targets.Length)
            {
                var doubled = (long)Count * 2;
                var capacity = doubled <= limit ? (int)doubled : Count < limit ? limit
                    : throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: more than {limit} rows do not fit in memory at once; train with --stream");
                var targets = Targets;
                var features = Features;
                var weights = Weights;
                Array.Resize(ref targets, capacity);
                Array.Resize(ref features, checked(capacity * k));
                if (weights is not null)
                {
                    Array.Resize(ref weights, capacity);
                }

                Targets = targets;
                Features = features;
                Weights = weights;
            }

            row.AsSpan(0, k).CopyTo(Features.AsSpan(Count * k));
            Targets[Count] = row[k];
            Weights?[Count] = row[k + 1];
            Count++;
        }

        public Dataset ToDataset(TableReader table, string[] names, int targetColumn, long dropped)
        {
            var targets = Targets;
            var features = Features;
            var weights = Weights;
            if (Count != targets.Length)
            {
                Array.Resize(ref targets, Count);
                Array.Resize(ref features, Count * k);
                if (weights is not null)
                {
                    Array.Resize(ref weights, Count);
                }
            }

            return new Dataset(table.Source.DisplayName, names, table.ColumnNames[targetColumn], features, targets, dropped, weights);
        }
    }
}
