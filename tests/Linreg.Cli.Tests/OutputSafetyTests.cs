using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>Every file a run reads is safe from its outputs, however it is named; what the user had is never lost.</summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--model", "{validation}", "--validation", "{validation}")]
    [InlineData("--log", "{validation}", "--validation", "{validation}")]
    [InlineData("--plot", "{validation}", "--validation", "{validation}")]
    [InlineData("--checkpoint", "{validation}", "--validation", "{validation}")]
    [InlineData("--model", "{link}")]
    [InlineData("--model", "{data}", "--validation", "{link}")]
    public void An_output_naming_an_input_is_refused_before_anything_is_written(params string[] options)
    {
        var data = _temp.Write("data.csv", "x,y\n1,2\n2,4\n3,6\n");
        var validation = _temp.Write("validation.csv", "x,y\n4,8\n");
        var link = _temp.File("link.csv");
        File.CreateSymbolicLink(link, data);
        var arguments = options.Select(o => o.Replace("{validation}", validation, StringComparison.Ordinal).Replace("{link}", link, StringComparison.Ordinal).Replace("{data}", data, StringComparison.Ordinal));
        var result = CliRunner.Run(["train", options[1] == "{link}" ? data : link, "--epochs", "5", .. arguments]);
        Assert.Equal((int)ExitCode.OutputError, result.ExitCode);
        Assert.Contains("is this run's input; refusing to overwrite it", result.Error, StringComparison.Ordinal);
        Assert.Equal("x,y\n1,2\n2,4\n3,6\n", File.ReadAllText(data));
        Assert.Equal("x,y\n4,8\n", File.ReadAllText(validation));
    }

    [Fact]
    public void An_argument_starting_with_at_is_a_file_name_not_a_response_file()
    {
        // As a response file this would be "--lr 0.5" and a usage error (no DATA); as a name it is a missing file.
        var result = CliRunner.Run("train", "@" + _temp.Write("args.txt", "--lr\n0.5\n"));
        Assert.Equal((int)ExitCode.DataError, result.ExitCode);
        Assert.Contains("file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_resumed_from_is_not_overwritten_by_the_model()
    {
        var data = _temp.Write("data.csv", "x,y\n1,2\n2,4\n3,6\n");
        var checkpoint = _temp.File("ck.json");
        Assert.Equal(0, CliRunner.Run("train", data, "--epochs", "10", "--checkpoint", checkpoint, "--checkpoint-every", "5", "-q").ExitCode);
        var saved = File.ReadAllText(checkpoint);
        var result = CliRunner.Run("train", data, "--epochs", "20", "--resume", checkpoint, "-o", checkpoint);
        Assert.Equal((int)ExitCode.OutputError, result.ExitCode);
        Assert.Equal(saved, File.ReadAllText(checkpoint));
    }
}

/// <summary>Endless devices given as inputs are told apart at their first bytes, in bounded memory.</summary>
public sealed class EndlessInputTests
{
    [SkippableFact]
    public void Dev_zero_as_data_or_model_is_refused_at_once()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "/dev/zero");
        var data = CliRunner.Run("train", "/dev/zero");
        Assert.Equal((int)ExitCode.DataError, data.ExitCode);
        Assert.Contains("/dev/zero:1: this is not CSV text (it contains binary bytes)", data.Error, StringComparison.Ordinal);
        var model = CliRunner.Run("predict", "--model", "/dev/zero", RepoPaths.Examples("seed.csv"));
        Assert.Equal((int)ExitCode.ModelError, model.ExitCode);
        Assert.Contains("/dev/zero: not a linreg model file (it is binary, not JSON)", model.Error, StringComparison.Ordinal);
    }
}
