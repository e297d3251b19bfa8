using QirenGan.Generator.Inr;

namespace QirenGan.Generator.Tests.Inr;

public sealed class LearningRateScheduleTests
{
    [Theory]
    // lr·(1 + cos(π t/T))/2 at T = 300: t = 0 → 1, t = 100 → (1 + ½)/2, t = 150 → ½, t = 200 → (1 − ½)/2
    [InlineData(0, 0.03)]
    [InlineData(100, 0.0225)]
    [InlineData(150, 0.015)]
    [InlineData(200, 0.0075)]
    // below lr/10 the floor holds: t = 270 → (1 + cos 0.9π)/2 ≈ 0.0245 < 0.1; t = 300 → 0
    [InlineData(270, 0.003)]
    [InlineData(300, 0.003)]
    public void Cosine_decays_as_the_official_scheduler_with_a_floor_of_a_tenth(int step, double expected)
    {
        Assert.Equal(expected, LearningRates.At(LearningRateSchedule.Cosine, 0.03, step, 300), 12);
    }

    [Fact]
    public void Cosine_reaches_the_floor_where_the_half_cosine_crosses_a_tenth()
    {
        // (1 + cos x)/2 = 0.1 ⇔ x = arccos(−0.8) ≈ 2.4981 rad, i.e. t/T ≈ 0.7952
        Assert.True(LearningRates.At(LearningRateSchedule.Cosine, 1, 238, 300) > 0.1);
        Assert.Equal(0.1, LearningRates.At(LearningRateSchedule.Cosine, 1, 239, 300), 12);
    }

    [Fact]
    public void Constant_keeps_the_base_rate_and_steps_outside_the_run_are_rejected()
    {
        Assert.Equal(1e-3, LearningRates.At(LearningRateSchedule.Constant, 1e-3, 250, 301));
        Assert.Throws<ArgumentException>(() => LearningRates.At(LearningRateSchedule.Cosine, 1, 302, 301));
    }
}
