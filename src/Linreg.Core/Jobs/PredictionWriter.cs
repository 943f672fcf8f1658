using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Linreg.Core.Jobs;

/// <summary>
/// The text of <c>predict</c>'s rows in one of its formats, gathered in a buffer that goes out in large writes: a
/// row's numbers in shortest round-trip form (null in JSON, which has no Infinity or NaN) and the <c>--keep</c>
/// columns' text, quoted as CSV or escaped as JSON strings where the format needs it.
/// </summary>
internal sealed class PredictionWriter(TextWriter output, PredictionFormat format, bool objects, string[] keptNames)
{
    /// <summary>The names <c>--interval</c> adds; with the prediction's own name, the output's columns.</summary>
    public const string Lower = "lower";
    public const string Upper = "upper";
    public const string Prediction = "prediction";

    private readonly char[] _text = new char[1 << 16];
    private int _length;

    /// <summary>Predictions that were infinite or NaN, written as null in JSON.</summary>
    public long NotFinite { get; private set; }

    /// <summary>
    /// The names the kept columns are written under: a name the output already has (the target's name or
    /// <c>lower</c>/<c>upper</c> in csv; <c>prediction</c>, <c>lower</c>, <c>upper</c> in JSON objects) gets
    /// <c>_kept</c> appended, as many times as it takes to be unique.
    /// </summary>
    public static string[] KeptNames(IEnumerable<string> columns, IEnumerable<string> outputNames)
    {
        var taken = new HashSet<string>(outputNames, StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var column in columns)
        {
            var name = column;
            while (!taken.Add(name))
            {
                name += "_kept";
            }

            names.Add(name);
        }

        return [.. names];
    }

    /// <summary>A CSV cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.</summary>
    public static string CsvCell(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>One row: the prediction, its bounds when there are any, then the kept columns' text.</summary>
    public void Row(long index, double prediction, (double Lower, double Upper)? bounds, ReadOnlySpan<string> kept)
    {
        var json = format == PredictionFormat.Json;
        if (json)
        {
            Append(index == 0 ? "\n  " : ",\n  ");
        }

        if (!objects)
        {
            // The common row, a bare number: Number leaves room for the longest double and this line break, and a
            // char store instead of Append's string copy per row (measured 0.89-0.93 of predict's wall on 1M rows).
            Number(prediction);
            if (!json)
            {
                _text[_length++] = '\n';
            }

            return;
        }

        var separator = format == PredictionFormat.Csv ? "," : " ";
        Append(json ? "{\"prediction\": " : string.Empty);
        Number(prediction);
        if (bounds is var (lower, upper))
        {
            Append(json ? ", \"lower\": " : separator);
            Number(lower);
            Append(json ? ", \"upper\": " : separator);
            Number(upper);
        }

        for (var i = 0; i < kept.Length; i++)
        {
            if (json)
            {
                Append(", ");
                Append(JsonString(keptNames[i]));
                Append(": ");
                Append(JsonString(kept[i]));
            }
            else
            {
                Append(separator);
                Append(format == PredictionFormat.Csv ? CsvCell(kept[i]) : kept[i]);
            }
        }

        Append(json ? "}" : "\n");
    }

    public void Append(string text)
    {
        if (_length + text.Length > _text.Length)
        {
            Flush();
            if (text.Length > _text.Length)
            {
                output.Write(text);
                return;
            }
        }

        text.CopyTo(_text.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Hands what is gathered to the output.</summary>
    public void Flush()
    {
        output.Write(_text, 0, _length);
        _length = 0;
    }

    private static string JsonString(string text) => "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";

    private void Number(double value)
    {
        if (_length > _text.Length - 32)
        {
            Flush();
        }

        if (format == PredictionFormat.Json && !double.IsFinite(value))
        {
            NotFinite++;
            Append("null");
            return;
        }

        value.TryFormat(_text.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }
}
