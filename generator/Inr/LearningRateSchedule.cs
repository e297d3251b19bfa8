namespace QirenGan.Generator.Inr;

/// <summary>How the learning rate of a fit changes over its steps.</summary>
public enum LearningRateSchedule
{
    /// <summary>The base rate at every step.</summary>
    Constant,

    /// <summary>
    /// The official QIREN trainer's CosineDecayScheduler (qinr/train.py, no warm-up, total = the number of steps):
    /// lr(t) = max(lr/10, lr·(1 + cos(π·t/T))/2) — a half cosine from lr that stops at a floor of lr/10.
    /// </summary>
    Cosine,
}

/// <summary>The learning rate of a schedule at a step.</summary>
public static class LearningRates
{
    /// <param name="schedule">The schedule.</param>
    /// <param name="baseRate">The rate at step 0.</param>
    /// <param name="step">t, counted from 0.</param>
    /// <param name="totalSteps">T, the steps of the whole fit (the official trainer passes its epochs).</param>
    public static double At(LearningRateSchedule schedule, double baseRate, int step, int totalSteps)
    {
        if (step < 0 || totalSteps < 1 || step > totalSteps)
        {
            throw new ArgumentException($"learning rate schedule: step {step} outside 0..{totalSteps}");
        }
        return schedule switch
        {
            LearningRateSchedule.Constant => baseRate,
            LearningRateSchedule.Cosine => Math.Max(baseRate / 10, baseRate * (1 + Math.Cos(Math.PI * step / totalSteps)) / 2),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "unknown learning rate schedule"),
        };
    }
}
