namespace QirenGan.Generator.Projection;

/// <summary>
/// The learning-rate and w-noise schedules of StyleGAN2-ADA's <c>projector.py</c>, in closed form. With t = step/steps:
/// <code>
/// noise(t) = w_std · initial_noise_factor · max(0, 1 − t/noise_ramp_length)²
/// ramp(t)  = min(1, (1 − t)/lr_rampdown_length);  ramp ← ½ − ½·cos(π·ramp);  ramp ← ramp · min(1, t/lr_rampup_length)
/// lr(t)    = initial_learning_rate · ramp(t)
/// </code>
/// so step 0 has learning rate 0 (as in projector.py: its first Adam step moves nothing but the moments).
/// </summary>
public static class ProjectionSchedule
{
    /// <summary>The Adam learning rate of step <paramref name="step"/> (0-based) of <paramref name="options"/>.Steps.</summary>
    public static double LearningRate(int step, ProjectionOptions options)
    {
        var t = (double)step / options.Steps;
        var ramp = Math.Min(1.0, (1.0 - t) / options.LrRampdownLength);
        ramp = 0.5 - 0.5 * Math.Cos(ramp * Math.PI);
        ramp *= Math.Min(1.0, t / options.LrRampupLength);
        return options.InitialLearningRate * ramp;
    }

    /// <summary>The standard deviation of the noise added to w at step <paramref name="step"/>, for W's spread <paramref name="wStd"/>.</summary>
    public static double NoiseScale(int step, double wStd, ProjectionOptions options)
    {
        var t = (double)step / options.Steps;
        var decay = Math.Max(0.0, 1.0 - t / options.NoiseRampLength);
        return wStd * options.InitialNoiseFactor * decay * decay;
    }
}
