using System.Text;

namespace Linreg.Core;

/// <summary>
/// A list of columns as options take it (<c>--features</c>, <c>--keep</c>, <c>import --features</c>): comma-separated,
/// read as one CSV record, so a name that holds a comma (or a quote) is written as CSV writes it:
/// <c>--features '"height, cm",weight'</c>, with <c>""</c> for a quote inside the quotes. Space around an unquoted name
/// is not part of it.
/// </summary>
public static class ColumnList
{
    /// <param name="keepEmpty">Keep an empty entry (<c>a,,b</c>) as an empty name, for the caller to refuse; else it is skipped.</param>
    public static string[] Parse(string text, string optionName, bool keepEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        var name = new StringBuilder();
        var at = 0;
        while (at <= text.Length)
        {
            // One entry: leading space, then a quoted name or text up to the next comma.
            while (at < text.Length && text[at] == ' ')
            {
                at++;
            }

            name.Clear();
            var quoted = at < text.Length && text[at] == '"';
            if (quoted)
            {
                at++;
                while (true)
                {
                    if (at >= text.Length)
                    {
                        throw new LinregException(ExitCode.UsageError, $"{optionName} '{text}': a quoted name is not closed; write a name holding a comma as \"a,b\" (and a quote inside it as \"\")");
                    }

                    if (text[at] == '"' && at + 1 < text.Length && text[at + 1] == '"')
                    {
                        name.Append('"');
                        at += 2;
                    }
                    else if (text[at] == '"')
                    {
                        at++;
                        break;
                    }
                    else
                    {
                        name.Append(text[at++]);
                    }
                }

                while (at < text.Length && text[at] == ' ')
                {
                    at++;
                }

                if (at < text.Length && text[at] != ',')
                {
                    throw new LinregException(ExitCode.UsageError, $"{optionName} '{text}': text after the quoted name \"{name}\"; separate names with commas, e.g. \"a,b\",c");
                }
            }
            else
            {
                var end = text.IndexOf(',', at);
                end = end < 0 ? text.Length : end;
                name.Append(text.AsSpan(at, end - at).Trim());
                at = end;
            }

            if (quoted || name.Length > 0 || keepEmpty)
            {
                names.Add(name.ToString());
            }

            at++;
        }

        return [.. names];
    }
}
