using Linreg.Core.Training;

namespace Linreg.Core.Tests;

public class LessonLogFormatTests
{
    [Fact]
    public void One_feature_uses_the_lessons_line()
    {
        var line = LessonLogFormat.Line(new StepReport(0, 2000, 18.666666f, new double[] { 0.18666667f }, 0.08f));
        Assert.Equal("Epoch    0/1999 W: 0.187, b: 0.080 Cost: 18.666666", line);
    }

    [Fact]
    public void Several_features_use_the_multivariate_chapters_line()
    {
        var line = LessonLogFormat.Line(new StepReport(100, 1001, 1.5f, new double[] { 0.5f, -0.25f, 1f }, 0.001f));
        Assert.Equal("Epoch  100/1000 w1: 0.500 w2: -0.250 w3: 1.000 b: 0.001 Cost: 1.500000", line);
    }

    [Theory]
    [InlineData(0.0005f, 3, "0.001")] // float32 0.0005 is 0.000500000024…, above the half: rounds up, as Python does.
    [InlineData(0.0625f, 3, "0.062")] // exactly half: round half to even, as Python does.
    [InlineData(-0.0001f, 3, "-0.000")]
    [InlineData(float.NaN, 3, "nan")]
    [InlineData(float.PositiveInfinity, 6, "inf")]
    public void Fixed_formats_like_python(float value, int decimals, string expected) =>
        Assert.Equal(expected, LessonLogFormat.Fixed(value, decimals));
}
