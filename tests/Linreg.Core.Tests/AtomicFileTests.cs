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

    [SkippableFact]
    public void An_input_is_recognised_through_links_folders_hard_links_and_proc()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc and stat's layout are Linux's");
        using var temp = new TempFolder();
        var data = temp.Write("data.csv", "x,y\n1,2\n");
        File.CreateSymbolicLink(temp.File("link.csv"), data);
        Directory.CreateSymbolicLink(temp.File("folder"), temp.Path);
        Assert.Equal(0, Link(data, temp.File("hard.csv")));
        foreach (var (output, input) in new[]
        {
            (data, temp.File("link.csv")),
            (temp.File("folder/data.csv"), data),
            (data, temp.File("hard.csv")),
            ($"/proc/{Environment.ProcessId}/root{data}", data),
        })
        {
            var error = Assert.Throws<LinregException>(() => AtomicFile.CheckDestination(output, "--model", [input]));
            Assert.Equal(ExitCode.OutputError, error.Code);
            Assert.Contains("is this run's input; refusing to overwrite it", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("x,y\n1,2\n", File.ReadAllText(data));
        AtomicFile.CheckDestination(temp.File("other.json"), "--model", [data]);
    }

    [SkippableFact]
    public void A_fifo_stays_a_fifo_and_receives_what_is_written()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "mkfifo");
        using var temp = new TempFolder();
        var fifo = temp.File("pipe");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToUInt32("644", 8)));
        var reader = Task.Run(() => File.ReadAllText(fifo));
        using (var file = AtomicFile.Create(fifo, "--log", []))
        {
            file.Writer.Write("epoch,cost\n0,1\n");
            file.Commit();
        }

        Assert.Equal("epoch,cost\n0,1\n", reader.Wait(TimeSpan.FromSeconds(10)) ? reader.Result : "(the reader got nothing)");
        Assert.True(FileIdentity.IsSpecial(fifo));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [SkippableFact]
    public void A_full_device_is_an_output_error_and_stays_a_device()
    {
        Skip.IfNot(File.Exists("/dev/full") && OperatingSystem.IsLinux(), "/dev/full");
        var error = Assert.Throws<LinregException>(() =>
        {
            using var file = AtomicFile.Create("/dev/full", "--model", []);
            file.Writer.Write("{}");
            file.Commit();
        });
        Assert.Equal(ExitCode.OutputError, error.Code);
        Assert.StartsWith("--model /dev/full: cannot write (No space left on device", error.Message, StringComparison.Ordinal);
        Assert.True(FileIdentity.IsSpecial("/dev/full"));
    }

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);

    [SkippableFact]
    public void A_folder_that_cannot_be_written_is_found_before_any_work()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc");
        var error = Assert.Throws<LinregException>(() => AtomicFile.CheckDestination("/proc/model.json", "--model", []));
        Assert.Equal(ExitCode.OutputError, error.Code);
        Assert.StartsWith("--model /proc/model.json: cannot write in /proc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_killed_runs_temporary_file_is_removed_and_a_live_ones_kept()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.json", "old");
        var stale = temp.Write($".model.json.{int.MaxValue}.{Guid.NewGuid():N}.tmp", "half");
        var live = temp.Write($".model.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", "another writer's");
        var unrelated = temp.Write(".model.json.notes.tmp", "the user's");
        using (var file = AtomicFile.Create(path, "--model", []))
        {
            file.Writer.Write("new");
            file.Commit();
        }

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
        Assert.Equal("new", File.ReadAllText(path));
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
