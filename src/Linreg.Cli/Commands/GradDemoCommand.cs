using System.CommandLine;
using System.Globalization;
using Linreg.Core;
using Linreg.Core.Demos;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg grad-demo</c>: the lesson's section on why <c>optimizer.zero_grad()</c> is needed.</summary>
internal static class GradDemoCommand
{
    /// <summary>The lesson's own line, "the derivative of the expression with respect to w", so stdout matches it exactly.</summary>
    private const string LessonLine = "수식을 w로 미분한 값 : ";

    public static Command Create(CliContext context)
    {
        var steps = CommonOptions.WholeNumber("--steps", 21, 1, "How many times to call z.backward()");
        var zeroGrad = new Option<bool>("--zero-grad") { Description = "Zero w.grad before each backward(), as optimizer.zero_grad() does: every value is then 2.0" };
        var command = new Command("grad-demo", "Show that gradients accumulate: z = 2*w, z.backward() repeatedly, printing w.grad (2.0, 4.0 … 42.0).\n"
            + "Example: linreg grad-demo --steps 5 --zero-grad")
        {
            steps, zeroGrad,
        };
        command.SetAction((parseResult, _) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var zeroing = parseResult.GetValue(zeroGrad);
            context.Error.WriteLine(zeroing
                ? "z = 2*w; w.grad is zeroed before each z.backward(), so each pass reports dz/dw = 2 alone:"
                : "z = 2*w; z.backward() without zero_grad(): each pass adds dz/dw = 2 to w.grad, which accumulates:");
            foreach (var gradient in GradientAccumulationDemo.Run(parseResult.GetValue(steps), zeroing))
            {
                context.Output.WriteLine(LessonLine + PythonFloat(gradient));
            }

            return ExitCode.Success;
        })));
        return command;
    }

    /// <summary>Python's str() of a float: the shortest round-trip digits, with ".0" on whole numbers.</summary>
    internal static string PythonFloat(float value)
    {
        var text = ((double)value).ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) || !double.IsFinite(value) ? text : text + ".0";
    }
}
