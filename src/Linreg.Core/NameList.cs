using System.Globalization;

namespace Linreg.Core;

/// <summary>
/// Names as one line of a message: all of them when they are few, else the first ones and how many more. A wide
/// file's 5 million column names once made a single error line of 108 MB.
/// </summary>
public static class NameList
{
    public const int MostShown = 12;

    public static string Join(IEnumerable<string> names, Func<string, string>? format = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        format ??= name => name;
        var shown = new List<string>(MostShown);
        long more = 0;
        foreach (var name in names)
        {
            if (shown.Count < MostShown)
            {
                shown.Add(format(name));
            }
            else
            {
                more++;
            }
        }

        return more == 0 ? string.Join(", ", shown) : string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", shown)}, … ({more:N0} more)");
    }
}
