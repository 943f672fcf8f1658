using Linreg.Core.Runtime;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class NativeLibraryDiagnosisTests
{
    [Fact]
    public void The_missing_symbol_version_from_the_loader_is_named()
    {
        var failure = new DllNotFoundException(
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies.\n"
            + "/x/runtimes/linux-x64/native/LibTorchSharp.so: cannot open shared object file: No such file or directory\n"
            + "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/runtimes/linux-x64/native/libLibTorchSharp.so)\n");
        var message = NativeLibraryDiagnosis.Explain(failure, libstdcxxPath: null);
        Assert.StartsWith("TorchSharp's native library cannot load: libstdc++.so.6 lacks GLIBCXX_3.4.32 (needed by libLibTorchSharp.so).", message, StringComparison.Ordinal);
        Assert.Contains("eng/setup.sh", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void An_old_libstdcxx_on_disk_is_named_when_the_message_does_not_say()
    {
        using var temp = new TempFolder();
        var old = temp.Write("libstdc++.so.6", "GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0");
        var message = NativeLibraryDiagnosis.Explain(new NotSupportedException("doesn't contain a reference to libtorch-cpu-linux-x64"), old);
        Assert.Contains($"{old} lacks GLIBCXX_3.4.32", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Otherwise_the_loaders_first_line_is_given()
    {
        using var temp = new TempFolder();
        var current = temp.Write("libstdc++.so.6", "GLIBCXX_3.4.32\0");
        var message = NativeLibraryDiagnosis.Explain(new DllNotFoundException("LibTorchSharp.so: cannot open\nsecond line"), current);
        Assert.Contains("(LibTorchSharp.so: cannot open)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", message, StringComparison.Ordinal);
    }
}
