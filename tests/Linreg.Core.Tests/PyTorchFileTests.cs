using System.Text;
using Linreg.Core.Interop;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class PyTorchFileTests
{
    /// <summary>nn.Linear(2, 1) with weight [[2.5, -1.25]] and bias [0.75], saved by PyTorch 2.6.</summary>
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static readonly LinearModel Model = new(["a", "b", "c"], "y", [0.1f, -2.7182817f, 3.4028235e38f], -1.1754944e-38f);

    [Fact]
    public void A_pt_file_that_would_inflate_past_the_bound_is_refused_before_anything_is_inflated()
    {
        // A real state_dict plus a storage of zeros that deflates to a few hundred KB and inflates past the bound.
        using var temp = new TempFolder();
        var bomb = temp.File("bomb.pt");
        File.Copy(Fixture("linear2.pt"), bomb);
        using (var archive = System.IO.Compression.ZipFile.Open(bomb, System.IO.Compression.ZipArchiveMode.Update))
        {
            var prefix = archive.Entries[0].FullName.Split('/')[0];
            using var entry = archive.CreateEntry($"{prefix}/data/99", System.IO.Compression.CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i <= PtArchive.MaxInflatedBytes >> 20; i++)
            {
                entry.Write(zeros);
            }
        }

        Assert.InRange(new FileInfo(bomb).Length, 1, 4 << 20);
        var error = Assert.Throws<LinregException>(() => PyTorchFile.Load(bomb));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.Contains("inflates to more than 256 MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.pt", TensorFileFormat.Pt)]
    [InlineData("model.safetensors", TensorFileFormat.Safetensors)]
    public void Export_then_import_gives_the_same_weights_exactly(string name, TensorFileFormat format)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        PyTorchFile.Save(Model, PyTorchFile.FormatFor(path)!.Value, path, "--output", []);
        var read = PyTorchFile.Load(path);
        Assert.Equal(format, read.Format);
        Assert.Equal(Model.Weights, read.Weights);
        Assert.Equal(Model.Bias, read.Bias);
        Assert.Equal("float32", read.DataType);
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData("linear2.pt", TensorFileFormat.Pt, "", "float32")]
    [InlineData("linear2.safetensors", TensorFileFormat.Safetensors, "", "float32")]
    [InlineData("sequential-float64.pt", TensorFileFormat.Pt, "0.", "float64")]
    public void PyTorchs_own_files_import_with_their_known_weights(string name, TensorFileFormat format, string prefix, string type)
    {
        var read = PyTorchFile.Load(Fixture(name));
        Assert.Equal(format, read.Format);
        Assert.Equal(prefix + "weight", read.WeightKey);
        Assert.Equal([2.5f, -1.25f], read.Weights);
        Assert.Equal(0.75f, read.Bias);
        Assert.Equal(type, read.DataType);
    }

    [Fact]
    public void The_format_is_told_by_content_not_by_name()
    {
        using var temp = new TempFolder();
        var misnamed = temp.File("really-safetensors.pt");
        File.Copy(Fixture("linear2.safetensors"), misnamed);
        Assert.Equal(TensorFileFormat.Safetensors, PyTorchFile.Load(misnamed).Format);
    }

    [Theory]
    [InlineData("linear2x3.pt", "has bias [3], weight [3, 2]")]
    [InlineData("{missing}", "file not found")]
    [InlineData("{folder}", "is a folder")]
    [InlineData("{csv}", "is neither a PyTorch state_dict file")]
    [InlineData("{truncated}", "is damaged or not a PyTorch (torch.save) state_dict")]
    [InlineData("{legacy}", "legacy (pre-1.6) format")]
    [InlineData("{weight-only}", "holds weight [1, 2]; linreg reads the state_dict of one nn.Linear(k, 1)")]
    [InlineData("{int-weights}", "the weights must be floating point")]
    public void Files_that_are_not_one_linear_layer_are_model_errors(string name, string message)
    {
        using var temp = new TempFolder();
        var path = name switch
        {
            "{missing}" => temp.File("missing.pt"),
            "{folder}" => temp.Path,
            "{csv}" => temp.Write("data.csv", "x,y\n1,2\n"),
            "{truncated}" => Write(temp, "cut.pt", File.ReadAllBytes(Fixture("linear2.pt"))[..300]),
            "{legacy}" => Write(temp, "old.pt", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20]),
            "{weight-only}" => Write(temp, "w.safetensors", Safetensors("""{"weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""", 8)),
            "{int-weights}" => Write(temp, "i.safetensors", Safetensors("""{"weight":{"dtype":"I32","shape":[1,2],"data_offsets":[0,8]},"bias":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}""", 12)),
            _ => Fixture(name),
        };
        var error = Assert.Throws<LinregException>(() => PyTorchFile.Load(path));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("m.pt", TensorFileFormat.Pt)]
    [InlineData("dir.v2/m.PTH", TensorFileFormat.Pt)]
    [InlineData("m.safetensors", TensorFileFormat.Safetensors)]
    [InlineData("m.onnx", null)]
    [InlineData("m.bin", null)]
    [InlineData("m", null)]
    [InlineData("m.pt.json", null)]
    public void A_file_name_asks_for_a_format_only_by_an_extension_export_writes(string path, TensorFileFormat? expected) =>
        Assert.Equal(expected, PyTorchFile.FormatFor(path));

    [Fact]
    public void Export_refuses_to_overwrite_the_model_it_reads()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "test"), model, []);
        var before = File.ReadAllText(model);
        var error = Assert.Throws<LinregException>(() => ExportJob.Run(new ExportJobSettings { ModelPath = model, OutputPath = model }, Quiet()));
        Assert.Equal(ExitCode.OutputError, error.Code);
        Assert.Equal(before, File.ReadAllText(model));
    }

    [Fact]
    public void Import_names_features_x1_to_xk_and_the_target_y_by_default_and_checks_given_names()
    {
        using var temp = new TempFolder();
        var output = temp.File("model.json");
        var model = ImportJob.Run(new ImportJobSettings { InputPath = Fixture("linear2.pt"), OutputPath = output }, Quiet(), "test");
        Assert.Equal(["x1", "x2"], model.FeatureNames);
        Assert.Equal("y", model.TargetName);
        var saved = ModelFile.Load(output);
        Assert.Equal([2.5f, -1.25f], saved.Model.Weights);
        Assert.Equal(0.75f, saved.Model.Bias);
        Assert.Null(saved.Training);

        var named = ImportJob.Run(new ImportJobSettings { InputPath = Fixture("linear2.safetensors"), OutputPath = output, Features = ["hours", "score"], Target = "grade" }, Quiet(), "test");
        Assert.Equal(["hours", "score"], ModelFile.Load(output).Model.FeatureNames);
        Assert.Equal("grade", named.TargetName);

        var count = Assert.Throws<LinregException>(() => ImportJob.Run(new ImportJobSettings { InputPath = Fixture("linear2.pt"), OutputPath = output, Features = ["a"] }, Quiet(), "test"));
        Assert.Equal(ExitCode.UsageError, count.Code);
        Assert.Contains("--features names 1 feature(s) (a) but", count.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<LinregException>(() => ImportJob.Run(new ImportJobSettings { InputPath = Fixture("linear2.pt"), OutputPath = output, Features = ["a", "y"] }, Quiet(), "test"));
        Assert.Equal(ExitCode.UsageError, twice.Code);
    }

    private static JobIO Quiet() => new(TextWriter.Null, TextWriter.Null, () => Stream.Null);

    private static string Write(TempFolder temp, string name, byte[] bytes)
    {
        var path = temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Safetensors(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
