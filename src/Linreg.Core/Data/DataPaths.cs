namespace Linreg.Core.Data;

/// <summary>
/// The files a command reads, from the paths and patterns the user gave: patterns (<c>*</c>, <c>?</c>,
/// <c>[abc]</c>, <c>[a-z]</c>, <c>[!abc]</c>, in any part of the path) are expanded by linreg itself, so
/// <c>'parts/*.csv'</c> quoted works where a shell would hit its argument limit, and on shells that do not expand
/// them. The result is sorted by name (ordinal), whatever order the user typed: the same files give the same bits.
/// </summary>
public static class DataPaths
{
    /// <param name="what">How messages name the paths: DATA, or an option such as --from-stats.</param>
    /// <param name="allowStandardInput">Whether <c>-</c> may stand for standard input (alone).</param>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> arguments, string what, bool allowStandardInput = true)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument.Length == 0)
            {
                throw new LinregException(ExitCode.DataError, $"{what}: a path is empty: give a file{(allowStandardInput ? ", or - for standard input" : string.Empty)}");
            }

            // A file whose name holds a wildcard character is itself, as a shell would take it too.
            if (argument == DataSource.StandardInputName || !HasWildcard(argument) || File.Exists(argument) || Directory.Exists(argument))
            {
                paths.Add(argument);
                continue;
            }

            var matches = Match(argument);
            if (matches.Count == 0)
            {
                throw new LinregException(ExitCode.DataError, $"{what} {argument}: no file matches this pattern (linreg expands *, ? and [...]; files whose names start with '.' match only a pattern that starts with '.'); check the folder and the pattern");
            }

            paths.AddRange(matches);
        }

        if (paths.Contains(DataSource.StandardInputName) && (paths.Count > 1 || !allowStandardInput))
        {
            throw new LinregException(ExitCode.UsageError, allowStandardInput
                ? $"{what}: - (standard input) cannot be read together with other files; give files only, or - alone"
                : $"{what}: takes files, not - (standard input); save the input to a file first");
        }

        paths.Sort(StringComparer.Ordinal);
        var twice = paths.GroupBy(p => p == DataSource.StandardInputName ? p : Path.GetFullPath(p), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new LinregException(ExitCode.UsageError, $"{what}: {twice.First()} is given more than once (directly or through a pattern), so its rows would count twice; give each file once");
        }

        return paths;
    }

    public static bool HasWildcard(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>The files (not folders) a pattern names, each written as the pattern's own prefix continues it.</summary>
    private static List<string> Match(string pattern)
    {
        var rooted = Path.IsPathRooted(pattern);
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<string>();
        void Walk(string folder, string shown, int part)
        {
            var last = part == parts.Length - 1;
            var segment = parts[part];
            if (!HasWildcard(segment))
            {
                var path = Path.Combine(folder, segment);
                var next = shown.Length == 0 ? segment : $"{shown}/{segment}";
                if (last ? File.Exists(path) : Directory.Exists(path))
                {
                    if (last)
                    {
                        found.Add(next);
                    }
                    else
                    {
                        Walk(path, next, part + 1);
                    }
                }

                return;
            }

            if (!Directory.Exists(folder))
            {
                return;
            }

            var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false };
            var entries = last ? Directory.EnumerateFiles(folder, "*", options) : Directory.EnumerateDirectories(folder, "*", options);
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);

                // As shells do, and so a temporary file an unfinished writer left beside the others (linreg's own
                // start with '.') is never read as data.
                if (name.StartsWith('.') && !segment.StartsWith('.'))
                {
                    continue;
                }

                if (Matches(segment, name))
                {
                    var next = shown.Length == 0 ? name : $"{shown}/{name}";
                    if (last)
                    {
                        found.Add(next);
                    }
                    else
                    {
                        Walk(entry, next, part + 1);
                    }
                }
            }
        }

        if (parts.Length > 0)
        {
            Walk(rooted ? "/" : ".", string.Empty, 0);
        }

        return rooted ? [.. found.Select(p => "/" + p)] : found;
    }

    /// <summary>Whether a file name matches one part of a pattern: * any run, ? one character, [...] one of a set.</summary>
    internal static bool Matches(string pattern, string name)
    {
        // Backtracking to the last * only: linear for the patterns people write.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && SetOrChar(pattern, p, name[n], out var width))
            {
                p += width;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the pattern's element at <paramref name="at"/> (a character, ?, or a [...] set) takes <paramref name="c"/>.</summary>
    private static bool SetOrChar(string pattern, int at, char c, out int width)
    {
        width = 1;
        if (pattern[at] == '?')
        {
            return true;
        }

        if (pattern[at] != '[' || pattern.IndexOf(']', at + 2) < 0)
        {
            // A [ without its ] is a plain character, as in shells.
            return pattern[at] == c;
        }

        var i = at + 1;
        var negate = pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        var end = pattern.IndexOf(']', i + 1);
        var hit = false;
        for (var j = i; j < end; j++)
        {
            if (j + 2 < end && pattern[j + 1] == '-')
            {
                hit |= c >= pattern[j] && c <= pattern[j + 2];
                j += 2;
            }
            else
            {
                hit |= pattern[j] == c;
            }
        }

        width = end - at + 1;
        return hit != negate;
    }
}
