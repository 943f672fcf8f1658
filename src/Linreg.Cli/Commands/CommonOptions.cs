using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Linreg.Core;
using Linreg.Core.Data;

namespace Linreg.Cli.Commands;

/// <summary>Options shared by several commands, and parsers whose errors say what a good value looks like.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On errors, also print the details behind the one-line message",
        Recursive = true,
    };

    public static Option<string> ModelOption(string description = "Model file written by 'linreg train --model'") =>
        new("--model", "-m") { Description = description, Required = true, HelpName = "PATH" };

    public static Option<Enum> MissingOption() => Choice(
        "--missing", "Rows with an empty or non-numeric cell: error (stop, naming line and column) or drop (skip and count them)", typeof(MissingValuePolicy));

    public static Argument<string> DataArgument(string description, bool optional) => new("DATA")
    {
        Description = description,
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        DefaultValueFactory = optional ? _ => DataSource.StandardInputName : null!,
    };

    /// <summary>DATA for a command that reads one table from any number of files (train, stats): paths, quoted patterns, or -.</summary>
    public static Argument<string[]> DataFilesArgument(string description, bool required)
    {
        var argument = new Argument<string[]>("DATA")
        {
            Description = description,
            Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        };

        // An argument that takes any number of tokens also takes a mistyped option ('--learning-rate 0.1') as two
        // file names; a path that starts with '-' can still be given as ./-name.
        argument.Validators.Add(result =>
        {
            var option = result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-') && t.Value != DataSource.StandardInputName);
            if (option is not null)
            {
                result.AddError($"unknown option '{option.Value}'");
            }
        });
        return argument;
    }

    /// <summary>--weights COLUMN: a header name or 0-based index, never a feature.</summary>
    public static Option<string?> WeightsOption(string description) => new("--weights") { Description = description, HelpName = "COLUMN" };

    public static Option<bool> NoIntercept(string description) => new("--no-intercept") { Description = description };

    // The number parsers only turn text into values: what range a value must lie in is Core's to say
    // (TrainSettings.Validate and the jobs), once, in words that name the option.

    /// <summary>A finite number; NaN and infinities are no more a learning rate than "abc" is.</summary>
    public static Option<double> Number(string name, double defaultValue, string description, string example) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseFinite(result, name, $"a number such as {example}") ?? defaultValue,
    };

    /// <summary>What <see cref="NumberOrAuto"/> gives for the word auto: no finite number is it, and the parser lets none through.</summary>
    public const double Auto = double.PositiveInfinity;

    /// <summary>A finite number, or the word auto (<see cref="Auto"/>); absent, <paramref name="defaultValue"/>.</summary>
    public static Option<double?> NumberOrAuto(string name, double? defaultValue, string description, string example) => new(name)
    {
        Description = description,
        HelpName = "NUMBER|auto",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => string.Equals(Token(result), "auto", StringComparison.OrdinalIgnoreCase)
            ? Auto
            : ParseFinite(result, name, $"a number such as {example}, or auto") ?? defaultValue,
    };

    public static Option<double?> OptionalNumber(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => ParseFinite(result, name, "a number"),
    };

    public static Option<int> WholeNumber(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Token(result);
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"{name} expects a whole number, not '{text}'");
            }

            return value;
        },
    };

    /// <summary>
    /// One of an enum's values, given by its word (the member's name in lower case) in any case, parsed straight to
    /// the value. Typed <c>Option&lt;Enum&gt;</c> rather than <c>Option&lt;TEnum&gt;</c>: an option over a value type
    /// declared in Core is generic code no ReadyToRun image holds, so each was JIT-compiled at every start (nine of
    /// them: 70 → 137 ms for <c>linreg --version</c>, measured). Absent, the value is null, and binding it with
    /// <c>v is TEnum e ? e : default</c> gives the enum's first member, which Core's enums keep as their default; the
    /// help names it by its word, which a DefaultValueFactory cannot do (System.CommandLine prints "Cpu"). A custom
    /// parser rather than AcceptOnlyFromAmong, which lets an option-looking token (e.g. "--device --model") through.
    /// </summary>
    /// <param name="values">The choices in the order the help lists them; none: all of <paramref name="type"/>'s, in declaration order.</param>
    public static Option<Enum> Choice(string name, string description, Type type, params Enum[] values) =>
        Choice(name, description, type, Word, values);

    /// <summary>The same, for an enum whose words Core spells (e.g. "scale-location", where a lower-cased name would run the words together).</summary>
    public static Option<Enum> Choice(string name, string description, Type type, Func<Enum, string> word, params Enum[] values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(word);
        var choices = values.Length > 0 ? values : [.. Enum.GetValues(type).Cast<Enum>()];
        var words = choices.Select(word).ToArray();
        var option = new Option<Enum>(name)
        {
            Description = $"{description} [default: {word((Enum)Enum.ToObject(type, 0))}]",
            HelpName = string.Join('|', words),
            CustomParser = result =>
            {
                var text = Token(result);
                var index = Array.FindIndex(words, word => string.Equals(word, text, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return choices[index];
                }

                result.AddError($"{name} must be one of {string.Join(", ", words)} (got '{text}')");
                return choices[0];
            },
        };

        // System.CommandLine offers an enum's member names ("Cpu"); the words are what the parser takes.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(words);
        return option;
    }

    private static string Word(Enum value) => value.ToString().ToLowerInvariant();

    public static Option<long> Seed(string description) => new("--seed")
    {
        Description = description,
        DefaultValueFactory = _ => 1,
        CustomParser = result =>
        {
            var text = Token(result);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"--seed expects a whole number such as 1, not '{text}'");
            }

            return value;
        },
    };

    /// <summary>How the CSV is read: shared by every command that reads data.</summary>
    internal sealed class CsvFormatOptions : IOptionGroup<CsvFormat>
    {
        public Option<string?> Delimiter { get; } = new("--delimiter", "-d")
        {
            Description = "Field delimiter: ',' ';' 'tab' '|' or 'space' (runs of spaces and tabs) [default: detected from the first lines; ';' with --decimal ,]",
            CustomParser = result =>
            {
                var text = Token(result);
                var value = text switch
                {
                    "tab" or "\\t" or "\t" => "\t",
                    "space" or "whitespace" or " " => " ",
                    "," or ";" or "|" => text,
                    _ => null,
                };
                if (value is null)
                {
                    result.AddError($"--delimiter must be one of , ; tab | space (got '{text}')");
                }

                return value;
            },
        };

        public Option<bool> Header { get; } = new("--header") { Description = "The first row is a header [default: detected: a first row with a non-number is a header]" };

        public Option<bool> NoHeader { get; } = new("--no-header") { Description = "The first row is data; columns are named x1…xk and y" };

        public Option<char> Decimal { get; } = new("--decimal")
        {
            Description = "Decimal mark in numbers: '.' or ',' (European CSV, with ';' between fields)",
            HelpName = ".|,",
            DefaultValueFactory = _ => '.',
            CustomParser = result =>
            {
                var text = Token(result);
                if (text is not ("." or ","))
                {
                    result.AddError($"--decimal must be . or , (got '{text}')");
                }

                return text.Length == 1 ? text[0] : '.';
            },
        };

        public Option<int> SkipRows { get; } = WholeNumber("--skip-rows", 0, "Lines to skip before the header (a title, metadata); errors still name the file's own line numbers");

        public CsvFormatOptions() => SkipRows.HelpName = "N";

        public Option<char?> Comment { get; } = new("--comment")
        {
            Description = "Ignore text from this character to the end of the line, outside quotes; lines that are only a comment are skipped (e.g. '#')",
            HelpName = "CHAR",
            CustomParser = result =>
            {
                var text = Token(result);
                if (text.Length != 1)
                {
                    result.AddError($"--comment expects one character such as '#', not '{text}'");
                    return null;
                }

                return text[0];
            },
        };

        public Option<string?> NaValues { get; } = new("--na-values")
        {
            Description = "Comma-separated cell texts that mean a missing value, replacing the default set (case is ignored; an empty cell is always missing) [default: NA,N/A,NaN,null,None,?]",
            HelpName = "TOKENS",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Delimiter);
            command.Options.Add(Header);
            command.Options.Add(NoHeader);
            command.Options.Add(Decimal);
            command.Options.Add(SkipRows);
            command.Options.Add(Comment);
            command.Options.Add(NaValues);
            command.Validators.Add(result =>
            {
                if (result.GetValue(Header) && result.GetValue(NoHeader))
                {
                    result.AddError("--header and --no-header contradict each other; give one");
                }
            });
        }

        public CsvFormat Bind(ParseResult parseResult)
        {
            var delimiter = parseResult.GetValue(Delimiter);
            var header = parseResult.GetValue(Header) ? HeaderMode.Present : parseResult.GetValue(NoHeader) ? HeaderMode.Absent : HeaderMode.Auto;
            var naValues = parseResult.GetValue(NaValues)?.Split(',', StringSplitOptions.TrimEntries);
            return new CsvFormat(delimiter is null ? null : delimiter[0], header, parseResult.GetValue(Decimal), parseResult.GetValue(SkipRows), parseResult.GetValue(Comment), naValues);
        }
    }

    /// <summary>Which columns are the target and the features: shared by every command that reads training data.</summary>
    internal sealed class ColumnOptions : IOptionGroup<ColumnSelection>
    {
        public Option<string?> Target { get; } = new("--target") { Description = "Target column: a header name or 0-based index [default: the last column]", HelpName = "COLUMN" };

        public Option<string?> Features { get; } = new("--features") { Description = "Feature columns, comma-separated names or 0-based indices; quote a name holding a comma: '\"a,b\",c' [default: all but the target]", HelpName = "COLUMNS" };

        public Option<string?> Weights { get; } = WeightsOption("Weigh each row by this column (finite, ≥ 0; not a feature): --solver lstsq fits weighted least squares with statsmodels WLS's inference (rows of weight 0 count in n and df_resid, as statsmodels counts them), gradient descent minimises the weighted MSE Σ w e² / Σ w, and the metrics are weighted likewise. A penalty takes weights with --solver lstsq, as scikit-learn's sample_weight (not with --standardize or --alpha auto)");

        public void AddTo(Command command)
        {
            command.Options.Add(Target);
            command.Options.Add(Features);
            command.Options.Add(Weights);
        }

        public ColumnSelection Bind(ParseResult parseResult) => ColumnSelection.Default with
        {
            Target = parseResult.GetValue(Target),
            Features = parseResult.GetValue(Features) is { } features ? ColumnList.Parse(features, "--features") : null,
            Weights = parseResult.GetValue(Weights),
        };
    }

    private static double? ParseFinite(ArgumentResult result, string name, string what)
    {
        var text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name} expects {what}, not '{text}'");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
