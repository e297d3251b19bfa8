namespace QirenGan.Generator.Projection;

/// <summary>
/// The settings of a projection (finding the w that reproduces a target image), with StyleGAN2-ADA's
/// <c>projector.py</c> defaults.
/// </summary>
/// <param name="Steps">Optimisation steps (projector.py's num_steps, 1000).</param>
/// <param name="Seed">Seed of the w noise (each target draws its own stream from it, so a target's result does not
/// depend on which other targets share its batch).</param>
/// <param name="WPlus">false: one w for every slot (projector.py); true: one w per slot (W+, [num_ws, w_dim] free values).</param>
/// <param name="WAvgSamples">Latents z mapped to estimate the mean and spread of W (projector.py's w_avg_samples, 10,000).</param>
/// <param name="WAvgSeed">Seed of those latents (projector.py: np.random.RandomState(123)).</param>
/// <param name="InitialLearningRate">Peak Adam learning rate (projector.py's initial_learning_rate, 0.1).</param>
/// <param name="InitialNoiseFactor">w noise at step 0, as a fraction of W's spread (initial_noise_factor, 0.05).</param>
/// <param name="LrRampdownLength">Fraction of the steps over which the learning rate ramps down to 0 by a half cosine (0.25).</param>
/// <param name="LrRampupLength">Fraction of the steps over which it ramps up linearly from 0 (0.05).</param>
/// <param name="NoiseRampLength">Fraction of the steps after which the w noise is 0 (quadratic decay, 0.75).</param>
/// <param name="Beta1">Adam β₁ (0.9, projector.py).</param>
/// <param name="Beta2">Adam β₂ (0.999, projector.py).</param>
public sealed record ProjectionOptions(
    int Steps = 1000,
    ulong Seed = 303,
    bool WPlus = false,
    int WAvgSamples = 10_000,
    ulong WAvgSeed = 123,
    double InitialLearningRate = 0.1,
    double InitialNoiseFactor = 0.05,
    double LrRampdownLength = 0.25,
    double LrRampupLength = 0.05,
    double NoiseRampLength = 0.75,
    double Beta1 = 0.9,
    double Beta2 = 0.999)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot project.</summary>
    public void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentException($"projection: --steps must be at least 1, got {Steps}");
        }
        if (WAvgSamples < 2)
        {
            throw new ArgumentException($"projection: the mean of W needs at least 2 samples, got {WAvgSamples}");
        }
        if (!(InitialLearningRate > 0) || !double.IsFinite(InitialLearningRate))
        {
            throw new ArgumentException($"projection: --lr must be a positive number, got {InitialLearningRate}");
        }
        if (!(InitialNoiseFactor >= 0) || !double.IsFinite(InitialNoiseFactor))
        {
            throw new ArgumentException($"projection: --noise-factor must be ≥ 0, got {InitialNoiseFactor}");
        }
        foreach (var (name, v) in new[] { ("lr ramp-down", LrRampdownLength), ("lr ramp-up", LrRampupLength), ("noise ramp", NoiseRampLength) })
        {
            if (!(v > 0) || !double.IsFinite(v))
            {
                throw new ArgumentException($"projection: the {name} length must be positive, got {v}");
            }
        }
    }
}
