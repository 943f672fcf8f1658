using System.Text.Json;
using Linreg.Core.Interop;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// torch.save files whose tensors are views sharing one storage (offsets, transposed and stepped strides), written
/// by PyTorch 2.6 with Fixtures/make_views.py: import reads what torch.load reads (views-expected.json).
/// </summary>
public class PtViewTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Theory]
    [InlineData("views-transposed.pt", "", "float32")]
    [InlineData("views-sequential-float64.pt", "0.", "float64")]
    [InlineData("views-bfloat16.pt", "", "bfloat16")]
    public void Views_of_one_storage_load_as_pytorch_loads_them(string name, string prefix, string type)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("views-expected.json")));
        var torch = expected.RootElement.GetProperty(name);
        var read = PyTorchFile.Load(Fixture(name));
        Assert.Equal(prefix + "weight", read.WeightKey);
        Assert.Equal(torch.GetProperty("weight").EnumerateArray().Select(w => w.GetDouble()), read.Weights);
        Assert.Equal(torch.GetProperty("bias").GetDouble(), read.Bias);
        Assert.Equal(type, read.DataType);
    }

    [Fact]
    public void An_imported_view_predicts_as_its_weights_say()
    {
        using var temp = new TempFolder();
        var output = temp.File("model.json");
        ImportJob.Run(new ImportJobSettings { InputPath = Fixture("views-transposed.pt"), OutputPath = output }, new JobIO(TextWriter.Null, TextWriter.Null, () => Stream.Null), "test");
        var model = ModelFile.Load(output).Model;
        Assert.Equal([-0.5, 0, 0.5], model.Weights);
        Assert.Equal(0.75, model.Bias);
        Assert.Equal(0.75 - 0.5 + 1.5, model.Predict([1, 2, 3]));
    }

    [Fact]
    public void A_whole_pickled_module_is_refused_with_what_to_save_instead()
    {
        var error = Assert.Throws<LinregException>(() => PyTorchFile.Load(Fixture("module-linear.pt")));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.EndsWith("module-linear.pt: holds a whole pickled module, not a state_dict; in PyTorch save torch.save(model.state_dict(), path) instead", error.Message, StringComparison.Ordinal);
    }
}
