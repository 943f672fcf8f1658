using System.CommandLine;
using Linreg.Core.Jobs;
using Linreg.Core.Training;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg export --model PATH -o FILE [--format pt|safetensors|onnx|auto] [--dtype float32|float64]</c>: binds options into <see cref="ExportJobSettings"/>.</summary>
internal sealed class ExportCommand : LinregCommand
{
    public ExportCommand(CliContext context)
        : base(context, "export", "Write a model as the state_dict of PyTorch's nn.Linear(k, 1) (weight [1, k] and bias [1]) or as an ONNX graph (input [N, k], output [N, 1]); float32 unless --dtype float64, features in the model's order.\n"
            + "A model with categories or a formula is exported to ONNX only: one input per column ([N, 1], text as strings), its encoding built in the graph.\n"
            + "Example: linreg export --model model.json --format pt -o model.pt && python3 -c \"import torch; l = torch.nn.Linear(1, 1); l.load_state_dict(torch.load('model.pt', weights_only=True))\"")
    {
        var model = Declare(CommonOptions.ModelOption("Model file written by 'linreg train --model' or 'linreg import'"));
        var output = Declare(new Option<string>(ExportJob.OutputOption, "-o") { Description = "The file to write; never the model itself", Required = true, HelpName = "FILE" });
        var format = Declare(CommonOptions.Choice(
            "--format",
            "pt (torch.save's format, for torch.load(FILE, weights_only=True)), safetensors, onnx (one Gemm, opset 13, for any ONNX runtime; categories and formula terms built before it with ai.onnx.ml's OneHotEncoder and standard ops, while pt and safetensors refuse such a model), or auto: from FILE's extension, .pt or .pth for pt, .safetensors for safetensors and .onnx for onnx (any other is refused)",
            typeof(ExportFormat),
            ExportFormat.Pt,
            ExportFormat.Safetensors,
            ExportFormat.Onnx,
            ExportFormat.Auto));
        var dtype = Declare(CommonOptions.Choice(
            "--dtype",
            "The tensors' type: float32 (nn.Linear's default, what ONNX users expect; the model's doubles are rounded to it) or float64 (kept exactly; ONNX then takes and gives doubles)",
            typeof(DataType)));
        Runs(run => ExportJob.Run(
            new ExportJobSettings
            {
                ModelPath = run.ParseResult.GetRequiredValue(model),
                OutputPath = run.ParseResult.GetRequiredValue(output),
                Format = run.ParseResult.GetValue(format) is ExportFormat chosen ? chosen : default,
                DType = run.ParseResult.GetValue(dtype) is DataType chosenType ? chosenType : default,
                ProducerVersion = VersionInfo.Version,
            },
            run.Streams));
    }
}
