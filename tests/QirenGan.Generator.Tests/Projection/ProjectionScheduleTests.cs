using QirenGan.Generator.Projection;

namespace QirenGan.Generator.Tests.Projection;

public sealed class ProjectionScheduleTests
{
    private static readonly ProjectionOptions Defaults = new();

    // projector.py, 1000 steps, evaluated by hand: t = step/1000;
    // lr = 0.1 · (½ − ½·cos(π·min(1, (1 − t)/0.25))) · min(1, t/0.05)
    [Theory]
    [InlineData(0, 0.0)]                                  // ramp-up factor 0
    [InlineData(10, 0.02)]                                // t = 0.01: 0.1 · 1 · 0.2
    [InlineData(25, 0.05)]                                // t = 0.025: 0.1 · 1 · 0.5
    [InlineData(50, 0.1)]                                 // ramp-up done
    [InlineData(500, 0.1)]                                // plateau
    [InlineData(750, 0.1)]                                // (1 − 0.75)/0.25 = 1: cos π = −1
    [InlineData(875, 0.05)]                               // ramp ½: ½ − ½·cos(π/2) = ½
    [InlineData(999, 3.947789e-6)]                        // ½·(1 − cos(0.004π)) · 0.1
    public void Learning_rate_equals_projector_py_closed_form(int step, double expected)
    {
        Assert.Equal(expected, ProjectionSchedule.LearningRate(step, Defaults), 10);
    }

    // w_noise_scale = w_std · 0.05 · max(0, 1 − t/0.75)²
    [Theory]
    [InlineData(0, 2.0, 0.1)]                             // w_std · 0.05
    [InlineData(25, 2.0, 0.09344444444444444)]            // 0.1 · (1 − 1/30)²
    [InlineData(375, 2.0, 0.025)]                         // 0.1 · ½²
    [InlineData(600, 4.0, 0.008)]                         // 0.2 · (1 − 0.8)²
    [InlineData(750, 2.0, 0.0)]
    [InlineData(900, 2.0, 0.0)]                           // clamped at 0 past the ramp
    public void Noise_scale_equals_projector_py_closed_form(int step, double wStd, double expected)
    {
        Assert.Equal(expected, ProjectionSchedule.NoiseScale(step, wStd, Defaults), 12);
    }

    [Fact]
    public void Schedules_follow_the_options_constants()
    {
        // 200 steps, lr 0.5, ramp-up 0.1, ramp-down 0.5, noise factor 0.2 over 0.5
        var o = new ProjectionOptions(Steps: 200, InitialLearningRate: 0.5, LrRampupLength: 0.1, LrRampdownLength: 0.5,
            InitialNoiseFactor: 0.2, NoiseRampLength: 0.5);
        Assert.Equal(0.5 * 0.5, ProjectionSchedule.LearningRate(10, o), 12);                                // t = 0.05: up ½
        Assert.Equal(0.5 * (0.5 - 0.5 * Math.Cos(Math.PI * 0.8)), ProjectionSchedule.LearningRate(120, o), 12); // t = 0.6: down (0.4/0.5)
        Assert.Equal(3 * 0.2 * 0.25, ProjectionSchedule.NoiseScale(50, 3, o), 12);                           // t = 0.25: (1 − ½)²
    }
}
