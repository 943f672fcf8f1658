using System.CommandLine;

namespace Linreg.Cli.Commands;

/// <summary>
/// Options that each set one property of a Core settings record, each declared once together with what it sets;
/// <see cref="Bind"/> applies them all. Declaring one adds it to the command, so the help lists options in the
/// order they are declared.
/// </summary>
internal sealed class OptionBindings<TSettings>(Command command)
{
    private readonly List<Func<ParseResult, TSettings, TSettings>> _setters = [];

    public Option<TValue> Add<TValue>(Option<TValue> option, Func<TSettings, TValue, TSettings> set)
    {
        command.Options.Add(option);
        _setters.Add((parseResult, settings) => set(settings, parseResult.GetValue(option)!));
        return option;
    }

    public void Add<TValue>(IOptionGroup<TValue> group, Func<TSettings, TValue, TSettings> set)
    {
        group.AddTo(command);
        _setters.Add((parseResult, settings) => set(settings, group.Bind(parseResult)));
    }

    /// <summary><paramref name="settings"/> with every declared option's value set on it.</summary>
    public TSettings Bind(ParseResult parseResult, TSettings settings) =>
        _setters.Aggregate(settings, (current, set) => set(parseResult, current));
}
