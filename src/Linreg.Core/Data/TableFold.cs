namespace Linreg.Core.Data;

/// <summary>
/// Folds rows into one state per chunk of a plain file, on every core in constant memory, and returns the states in
/// file order. From the first line that is not plain, CsvHelper reads on alone and its rows go into that chunk's
/// state; the chunks after it are not used. A source CsvHelper reads is one chunk.
/// </summary>
internal static class TableFold
{
    public static (TState[] Chunks, long Dropped) Fold<TState>(TableReader table, int[] columns, Func<TState> create, Action<TState, ReadOnlySpan<double>> add, CancellationToken cancellationToken)
    {
        TState[] states;
        RowCursor cursor;
        if (table.PlainPass() is var (file, start))
        {
            var cuts = ChunkedScan.Cut(file, start);
            var layout = PlainCsvLayout.For(table, columns);
            states = new TState[cuts.Length - 1];
            var consumed = new long[states.Length];
            var taken = new long[states.Length];
            var refused = ChunkedScan.Run(states.Length, (c, buffer) =>
            {
                var state = states[c] = create();
                bool Add(ReadOnlySpan<double> values)
                {
                    add(state, values);
                    return true;
                }

                return ChunkedScan.ReadRows(file, start, cuts, c, layout, buffer, Add, cancellationToken, out taken[c], out consumed[c]);
            });
            cancellationToken.ThrowIfCancellationRequested();
            if (refused < 0)
            {
                return (states, 0);
            }

            var rowsBefore = 0L;
            for (var c = 0; c <= refused; c++)
            {
                rowsBefore += taken[c];
            }

            states = states[..(refused + 1)];
            cursor = new RowCursor(table, table.RecordsFrom(start.Offset + cuts[refused] + consumed[refused], rowsBefore));
        }
        else
        {
            states = [create()];
            cursor = table.OpenRows();
        }

        using (cursor)
        {
            var last = states[^1];
            var values = new double[columns.Length];
            long dropped = 0;
            long rows = 0;
            while (cursor.ReadRow(columns, values, ref dropped))
            {
                if ((++rows & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                add(last, values);
            }

            return (states, dropped);
        }
    }
}
