using System.CommandLine;
using System.Globalization;
using Linreg.Core.Demos;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg grad-demo</c>: the lesson's section on why <c>optimizer.zero_grad()</c> is needed.</summary>
internal sealed class GradDemoCommand : LinregCommand
{
    /// <summary>The lesson's own line, "the derivative of the expression with respect to w", so stdout matches it exactly.</summary>
    private const string LessonLine = "수식을 w로 미분한 값 : ";

    public GradDemoCommand(CliContext context)
        : base(context, "grad-demo", "Show that gradients accumulate: z = 2*w, z.backward() repeatedly, printing w.grad (2.0, 4.0 … 42.0).\n"
            + "Example: linreg grad-demo --steps 5 --zero-grad")
    {
        var steps = Declare(CommonOptions.WholeNumber("--steps", 21, "How many times to call z.backward()"));
        var zeroGrad = Declare(new Option<bool>("--zero-grad") { Description = "Zero w.grad before each backward(), as optimizer.zero_grad() does: every value is then 2.0" });
        Runs(run =>
        {
            var zeroing = run.ParseResult.GetValue(zeroGrad);
            var gradients = GradientAccumulationDemo.Run(run.ParseResult.GetValue(steps), zeroing);
            run.Streams.Diagnostics.WriteLine(zeroing
                ? "z = 2*w; w.grad is zeroed before each z.backward(), so each pass reports dz/dw = 2 alone:"
                : "z = 2*w; z.backward() without zero_grad(): each pass adds dz/dw = 2 to w.grad, which accumulates:");
            foreach (var gradient in gradients)
            {
                run.Streams.Output.WriteLine(LessonLine + PythonFloat(gradient));
            }
        });
    }

    /// <summary>Python's str() of a float: the shortest round-trip digits, with ".0" on whole numbers.</summary>
    internal static string PythonFloat(float value)
    {
        var text = ((double)value).ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) || !double.IsFinite(value) ? text : text + ".0";
    }
}
