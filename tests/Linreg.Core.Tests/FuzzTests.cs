using System.Text;
using CsCheck;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>
/// Random bytes and random CSV-like text at the loader, and random bytes and JSON-like text at the model and
/// checkpoint readers: each either succeeds or refuses with a <see cref="LinregException"/>; nothing else escapes.
/// </summary>
public class FuzzTests
{
    /// <summary>Iterations per property; the note on the issue reports the total.</summary>
    internal const int Iterations = 20_000;

    private static readonly Gen<string> CsvLikeText = Gen.Char[",;|\t\"\r\n 0123456789.-+eExyNaInf\u00ef\u00bb\u00bf\0"].Array[0, 160].Select(chars => new string(chars));

    private static readonly Gen<CsvFormat> Formats = Gen.Select(
        Gen.OneOf<char?>(null, ',', ';', '\t', '|'),
        Gen.OneOf(HeaderMode.Auto, HeaderMode.Present, HeaderMode.Absent),
        (delimiter, header) => new CsvFormat(delimiter, header));

    private static void LoadOrRefuse(byte[] bytes, CsvFormat format, MissingValuePolicy missing)
    {
        try
        {
            var data = TableReader.LoadAll(DataSource.From("-", () => new MemoryStream(bytes)), format, ColumnSelection.Default, missing, CancellationToken.None);
            Assert.True(data.RowCount > 0);
            Assert.All(data.Features, v => Assert.True(double.IsFinite(v)));
            Assert.All(data.Targets, v => Assert.True(double.IsFinite(v)));
        }
        catch (LinregException e)
        {
            Assert.Equal(ExitCode.DataError, e.Code);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void Random_bytes_never_crash_the_loader() =>
        Gen.Select(Gen.Byte.Array[0, 300], Formats).Sample((bytes, format) => LoadOrRefuse(bytes, format, MissingValuePolicy.Error), iter: Iterations, threads: 1);

    [Fact]
    public void Random_csv_like_text_never_crashes_the_loader() =>
        Gen.Select(CsvLikeText, Formats, Gen.OneOf(MissingValuePolicy.Error, MissingValuePolicy.Drop))
            .Sample((text, format, missing) => LoadOrRefuse(Encoding.UTF8.GetBytes(text), format, missing), iter: Iterations, threads: 1);

    [Fact]
    public void Random_model_and_checkpoint_files_are_read_or_refused()
    {
        var valid = ModelFile.ToJson(new ModelDocument(new LinearModel(["x"], "y", [2f], 0.5f), null, null, "fuzz"));
        var mutated = Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 40], Gen.Char["{}[]\":,0123456789.-eE truefalsnul"].Array[0, 12])
            .Select((at, cut, insert) => Encoding.UTF8.GetBytes(valid[..at] + new string(insert) + valid[Math.Min(valid.Length, at + cut)..]));
        Gen.OneOf(Gen.Byte.Array[0, 200], mutated).Sample(
            bytes =>
            {
                try
                {
                    var model = ModelFile.Parse(bytes, "fuzz.json").Model;
                    Assert.Equal(model.FeatureCount, model.Weights.Count);
                }
                catch (LinregException e)
                {
                    Assert.Equal(ExitCode.ModelError, e.Code);
                }
            },
            iter: Iterations,
            threads: 1);
    }
}
