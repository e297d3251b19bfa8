using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using D = QirenGan.Discriminator.Discriminator;

namespace QirenGan.Training.Loop;

/// <summary>
/// StyleGAN2-ADA's StyleGAN2Loss.accumulate_gradients (loss.py), one function per phase's loss term and without
/// path-length regularisation: <see cref="GMain"/> (non-saturating logistic), <see cref="DFake"/> and
/// <see cref="DReal"/> (logistic), the latter with lazy R1 on the reals when it is due. Each takes one round's rows and
/// the number of rounds, and returns its loss and statistics divided by it, so the rounds add up to one pass.
/// </summary>
internal sealed class GanLoss(QirenGenerator g, D d)
{
    /// <summary>G main: softplus(−D(G(w))) on mapped latents <paramref name="ws"/> (style mixing already applied).</summary>
    public RoundLoss GMain(Tensor ws, int rounds, LazyRegularizer? _)
    {
        var fakeLogits = d.Forward(g.Synthesize(ws));
        var loss = Losses.Generator(fakeLogits).Div(rounds);
        return new(loss, [new(StatNames.LossG, loss.ToDouble()), new(StatNames.ScoreFake, fakeLogits.Mean().ToDouble() / rounds)]);
    }

    /// <summary>D main, fake half: softplus(D(G(z))) on images generated without gradients.</summary>
    public RoundLoss DFake(Tensor fakes, int rounds, LazyRegularizer? _)
    {
        var loss = Losses.DiscriminatorFake(d.Forward(fakes)).Div(rounds);
        return new(loss, [new(StatNames.LossD, loss.ToDouble())]);
    }

    /// <summary>
    /// D main, real half: softplus(−D(x)); with <paramref name="r1"/> due, D reg folded into the same pass:
    /// + gain · ‖∇_x D(x)‖² (mean over images), gain = γ/2 · interval.
    /// </summary>
    public RoundLoss DReal(Tensor reals, int rounds, LazyRegularizer? r1)
    {
        var input = r1 is not null ? reals.Detach().RequiresGrad_() : reals;
        var logits = d.Forward(input);
        var loss = Losses.DiscriminatorReal(logits).Div(rounds);
        Statistic lossD = new(StatNames.LossD, loss.ToDouble()), score = new(StatNames.ScoreReal, logits.Mean().ToDouble() / rounds);
        if (r1 is null)
        {
            return new(loss, [lossD, score]);
        }
        var penalty = Losses.R1(logits, input).Mean().Div(rounds);
        return new(loss.Add(penalty.Mul(r1.Gain)), [lossD, score, new(StatNames.R1, penalty.ToDouble())]);
    }
}
