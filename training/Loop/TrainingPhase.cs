using QirenGan.Torch;
using QirenGan.Torch.Distributed;
using QirenGan.Torch.Nn;
using QirenGan.Torch.Optim;

namespace QirenGan.Training.Loop;

/// <summary>A statistic one step reports (StyleGAN2-ADA's training_stats.report): its name and value.</summary>
public readonly record struct Statistic(string Name, double Value);

/// <summary>
/// What one round of a pass gives: the loss to backpropagate and its statistics, both already divided by the number
/// of rounds, so the rounds add up to the values of one pass over the whole share.
/// </summary>
internal readonly record struct RoundLoss(Tensor Loss, Statistic[] Stats);

/// <summary>
/// A lazy regulariser (StyleGAN2 §B): due on every <paramref name="Interval"/>-th step, its penalty weighted by
/// <paramref name="Gain"/> (γ/2 · interval for R1, which makes up for the steps it skips).
/// </summary>
/// <param name="Name">What it is, for messages (R1).</param>
/// <param name="Interval">Steps between applications (0 = never).</param>
/// <param name="Gain">Weight of its penalty in the loss (0 = never).</param>
internal sealed record LazyRegularizer(string Name, int Interval, double Gain)
{
    public bool Due(long step) => Interval > 0 && Gain > 0 && step % Interval == 0;
}

/// <summary>
/// One forward+backward term of a phase: its inputs are drawn once per step (all of this process's rows), then it
/// runs in rounds of rows whose gradients add up.
/// </summary>
/// <param name="Name">Profile label.</param>
/// <param name="Inputs">This process's rows for the step.</param>
/// <param name="Loss">(rows of the round, number of rounds, the regulariser when it is due) → the round's loss and statistics.</param>
/// <param name="Regularizer">A lazy regulariser folded into this pass (R1 into the reals pass), or null.</param>
/// <param name="RegularizedRounds">Rounds on a step where the regulariser is due (its double-backward graph is the largest).</param>
/// <param name="SharedGraph">The rounds share a graph built before them (G's mapping network): keep it until the last backward.</param>
internal sealed record PhasePass(
    string Name,
    Func<Tensor> Inputs,
    Func<Tensor, int, LazyRegularizer?, RoundLoss> Loss,
    LazyRegularizer? Regularizer = null,
    int? RegularizedRounds = null,
    bool SharedGraph = false);

/// <summary>
/// One optimizer step of an iteration (StyleGAN2-ADA's phases: G main, D main, D regularisation): the network it
/// trains, the passes whose gradients add up before the step, and the statistic that stops the run when it is not
/// finite. The loop runs every phase the same way — rounds, all-reduce of the gradients and statistics, the
/// divergence check, profiling — so a phase holds only what is its own.
/// </summary>
/// <param name="Name">Profile prefix ("G step").</param>
/// <param name="Network">What the optimizer trains.</param>
/// <param name="Optimizer">Its Adam.</param>
/// <param name="Bucketer">Gradient all-reduce across processes (null = one process).</param>
/// <param name="Passes">Forward+backward terms, in order.</param>
/// <param name="Statistics">Every statistic name the phase reports (a tick has a value, maybe null, for each).</param>
/// <param name="Divergence">The statistic checked for NaN/∞ before the step, and how messages call it.</param>
/// <param name="Frozen">A network only passed through (no weight gradients), or null.</param>
/// <param name="Advance">The training state after the step (counters).</param>
internal sealed record TrainingPhase(
    string Name,
    Module Network,
    Adam Optimizer,
    GradientBucketer? Bucketer,
    IReadOnlyList<PhasePass> Passes,
    IReadOnlyList<string> Statistics,
    (string Statistic, string Label) Divergence,
    Module? Frozen,
    Func<TrainingState, TrainingState> Advance);
