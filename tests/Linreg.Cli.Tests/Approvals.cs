using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// The approval ("snapshot") seam. Verify.Xunit cannot be restored here (its core package is not served), so this
/// does the same job: output is compared with Approved/NAME.verified.txt beside the tests; on a difference the
/// actual output is written to NAME.received.txt next to it and the test fails with the first differing line.
/// Accept a change by moving the received file over the verified one.
/// </summary>
internal static class Approvals
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Approved");

    public static string VerifiedPath(string name) => Path.Combine(Folder, name + ".verified.txt");

    public static void Verify(string name, string actual)
    {
        var verifiedPath = VerifiedPath(name);
        var receivedPath = Path.Combine(Folder, name + ".received.txt");
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"no approved output for '{name}': review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)}"
            : $"output differs from {verifiedPath} ({FirstDifference(verified, actual)}); the actual output is in {receivedPath}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a)
            {
                return $"line {i + 1}: expected '{e}', got '{a}'";
            }
        }

        return "line endings or trailing text";
    }
}
