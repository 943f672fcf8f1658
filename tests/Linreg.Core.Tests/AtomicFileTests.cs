using Linreg.Core;
using Linreg.Core.IO;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class AtomicFileTests
{
    [Fact]
    public void Nothing_appears_until_commit_and_an_abandoned_write_leaves_the_old_file()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.json", "old");
        using (var file = AtomicFile.Create(path, "--model", []))
        {
            file.Writer.Write("new, half-written");
            Assert.Equal("old", File.ReadAllText(path));
        }

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Commit_replaces_the_file_whole()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.json", "old");
        using (var file = AtomicFile.Create(path, "--model", []))
        {
            file.Writer.Write("new");
            file.Commit();
        }

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Bad_destinations_are_refused_before_any_work()
    {
        using var temp = new TempFolder();
        var input = temp.Write("data.csv", "x,y\n");
        Assert.Contains("does not exist", Refuse(temp.File("no/such/model.json"), []).Message, StringComparison.Ordinal);
        Assert.Contains("is a folder", Refuse(temp.Path, []).Message, StringComparison.Ordinal);
        Assert.Contains("refusing to overwrite", Refuse(input, [Path.GetFullPath(input)]).Message, StringComparison.Ordinal);
        Assert.Equal("x,y\n", File.ReadAllText(input));
    }

    private static LinregException Refuse(string path, string?[] inputs)
    {
        var error = Assert.Throws<LinregException>(() => AtomicFile.CheckDestination(path, "--model", inputs));
        Assert.Equal(ExitCode.OutputError, error.Code);
        return error;
    }
}
