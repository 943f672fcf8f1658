using System.Text;

namespace Linreg.Cli.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string ErrorLine => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
}

/// <summary>Runs the real command tree in-process with captured writers, as Program does with the console.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    public static CliResult RunWithInput(string? standardInput, params string[] args) =>
        RunWithBytes(Encoding.UTF8.GetBytes(standardInput ?? string.Empty), args);

    /// <summary>Standard input as bytes: a compressed or Parquet file piped in.</summary>
    public static CliResult RunWithBytes(byte[] input, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(output, error, () => new MemoryStream(input));
        var code = LinregCli.RunAsync(args, context).GetAwaiter().GetResult();
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
