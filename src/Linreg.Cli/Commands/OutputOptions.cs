using System.CommandLine;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary>--json and --quiet, and the streams a command's job writes to under them.</summary>
internal static class OutputOptions
{
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print nothing on stderr but errors (no summaries, warnings or progress)",
        Recursive = true,
    };

    public static Option<bool> Json(string what, string? note = null) =>
        new("--json") { Description = $"Print {what} as one JSON document on stdout{(note is null ? string.Empty : "; " + note)}" };

    /// <summary>
    /// Under --json, stdout carries the JSON document alone: what the job prints for people (the lesson's log)
    /// moves to stderr. --quiet drops stderr's chatter; errors still reach it through the command boundary.
    /// </summary>
    public static JobIO JobStreams(CliContext context, ParseResult parseResult, bool json)
    {
        var diagnostics = parseResult.GetValue(Quiet) ? TextWriter.Null : context.Error;
        return new JobIO(json ? diagnostics : context.Output, diagnostics, context.OpenStandardInput);
    }
}
