using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>The tutorial commands against the lesson's printed output (../shared/reference, copied to Approved/).</summary>
public class LessonApprovalTests
{
    [Fact]
    public void Train_on_the_seed_data_prints_the_lessons_log()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"));
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify("train-seed", result.Output);
    }

    [Fact]
    public void Train_reads_standard_input()
    {
        var result = CliRunner.RunWithInput(File.ReadAllText(RepoPaths.Examples("seed.csv")), "train", "-");
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify("train-seed", result.Output);
    }

    [Fact]
    public void Grad_demo_prints_the_accumulating_gradients()
    {
        var result = CliRunner.Run("grad-demo");
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify("grad-demo", result.Output);
    }

    [Fact]
    public void Seed_demo_prints_the_lessons_draws()
    {
        var result = CliRunner.Run("seed-demo");
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify("seed-demo", result.Output);
    }

    [SkippableTheory]
    [InlineData("train-seed", "train-seed.expected.txt")]
    [InlineData("grad-demo", "grad-demo.expected.txt")]
    [InlineData("seed-demo", "seed-demo.values.txt")]
    public void Approved_files_are_the_lessons_reference_files(string approved, string reference)
    {
        // The reference folder sits beside the checkout on developer machines and in CI; the approved copies
        // travel with the repository, and must never drift from it.
        var referencePath = RepoPaths.SharedReference(reference);
        Skip.If(referencePath is null, "../shared/reference is not beside this checkout");
        Assert.Equal(File.ReadAllText(referencePath!), File.ReadAllText(Approvals.VerifiedPath(approved)));
    }
}
