using System.CommandLine;

namespace Linreg.Cli.Commands;

/// <summary>Options that together make one value, such as how a CSV is read.</summary>
internal interface IOptionGroup
{
    /// <summary>Adds the group's options (and any rule between them) to the command.</summary>
    void AddTo(Command command);
}

/// <inheritdoc cref="IOptionGroup"/>
internal interface IOptionGroup<out T> : IOptionGroup
{
    T Bind(ParseResult parseResult);
}
