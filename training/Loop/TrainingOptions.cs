using System.Text.Json.Serialization;
using QirenGan.Discriminator;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Training.Loop;

/// <summary>Everything a training run needs; written to options.json and stored in every snapshot.</summary>
/// <param name="Data">Folder or dataset zip of training images.</param>
/// <param name="OutDir">Parent of the run directories (runs/NNNNN-desc).</param>
/// <param name="Kimg">Length of training in thousands of real images shown (fractional allowed).</param>
/// <param name="Batch">Total batch size.</param>
/// <param name="Generator">Generator architecture.</param>
/// <param name="DChannels">Discriminator channels at every resolution (official QIREN 32×32: 128).</param>
/// <param name="Gamma">R1 weight; null = 0.0002·R²/batch (StyleGAN2-ADA's heuristic).</param>
/// <param name="R1Interval">Lazy regularisation: R1 every this many D steps (0 = never).</param>
/// <param name="GLr">Generator Adam learning rate.</param>
/// <param name="DLr">Discriminator Adam learning rate.</param>
/// <param name="EmaKimg">Half-life of the generator EMA, thousands of images.</param>
/// <param name="EmaRampup">EMA ramp-up ratio (null = none).</param>
/// <param name="StyleMixing">Probability of style mixing regularisation.</param>
/// <param name="Mirror">Random x-flips of real images.</param>
/// <param name="KimgPerTick">Progress and statistics every this many thousand images.</param>
/// <param name="SnapTicks">Snapshot, sample grid and report every this many ticks (and always at the end).</param>
/// <param name="Seed">Seed of every random stream of the run.</param>
/// <param name="Device">cpu, cuda or cuda:N.</param>
/// <param name="Metrics">Metrics evaluated at each snapshot (e.g. fid50k_full, spectrum); empty = none.</param>
/// <param name="Strict">Fail on unreadable images instead of skipping them.</param>
/// <param name="BatchGpu">Images per forward pass (StyleGAN2-ADA's --batch-gpu): each process's share of the batch runs
/// in rounds of this many rows whose gradients add up, which bounds activation memory; null = one pass, except on the CPU
/// the reals pass of an R1 step, which runs in rounds of at most 16 (<see cref="TrainingLoop.AutoR1Rounds"/>). Rounds take strided rows, so
/// the minibatch-std groups, and with them every gradient, equal one pass's.</param>
/// <param name="MetricsNumGen">Generated images per snapshot metric (`metrics --num-gen`); null = each metric's own
/// (50,000 for FID/KID/PR, 10,000 for spectrum).</param>
public sealed record TrainingOptions(
    string Data,
    string OutDir,
    double Kimg,
    int Batch,
    GeneratorOptions Generator,
    int DChannels = 128,
    double? Gamma = null,
    int R1Interval = 16,
    double GLr = 0.0025,
    double DLr = 0.0025,
    double EmaKimg = 10,
    double? EmaRampup = 0.05,
    double StyleMixing = 0.9,
    bool Mirror = true,
    double KimgPerTick = 4,
    int SnapTicks = 50,
    ulong Seed = 0,
    string Device = "cpu",
    string[]? Metrics = null,
    bool Strict = false,
    int? BatchGpu = null,
    int? MetricsNumGen = null)
{
    public int Resolution => Generator.Resolution;

    public double EffectiveGamma => Gamma ?? Losses.AutoGamma(Resolution, Batch);

    /// <summary>The discriminator these options build (its channels from <see cref="DChannels"/>); the one place that says how.</summary>
    [JsonIgnore]
    public DiscriminatorOptions Discriminator => new(Resolution, ChannelBase: DChannels * Resolution, ChannelMax: DChannels);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the option when a value cannot train (before anything is built).
    /// <paramref name="processes"/> &gt; 1 also checks that the batch splits over that many data-parallel processes
    /// with every process's passes keeping the discriminator's minibatch-std groups.
    /// </summary>
    public void Validate(int processes = 1)
    {
        Positive(Kimg, "--kimg", "the training length in thousands of images");
        if (MetricsNumGen is < 1)
        {
            throw new ArgumentException($"--metrics-num-gen must be positive, got {MetricsNumGen}");
        }
        if (Batch < 1)
        {
            throw new ArgumentException($"--batch must be at least 1, got {Batch}");
        }
        var d = Discriminator;
        var group = d.PassGroup;
        if (!d.KeepsGroups(Batch, Batch))
        {
            throw new ArgumentException(
                $"--batch {Batch} is not a multiple of the discriminator's minibatch-std group size {group}: use " +
                $"{Batch / group * group} or {(Batch / group + 1) * group} (or 1–{group - 1}, one group)");
        }
        if (processes > 1)
        {
            if (Batch % processes != 0)
            {
                throw new ArgumentException($"batch {Batch} does not split evenly over {processes} processes: use a multiple of {processes}");
            }
            if (!d.KeepsGroups(Batch / processes, Batch))
            {
                throw new ArgumentException(
                    $"batch {Batch} over {processes} processes gives {Batch / processes} per process, which the discriminator's minibatch-std " +
                    $"group size {group} must divide: use a batch that is a multiple of {processes * group}");
            }
        }
        if (BatchGpu is { } rows && (rows < 1 || Batch % rows != 0))
        {
            throw new ArgumentException($"--batch-gpu must be a positive divisor of --batch {Batch}, got {rows}");
        }
        var share = Batch / processes;
        if (BatchGpu is { } r && r < share && share % r != 0)
        {
            throw new ArgumentException($"--batch-gpu {r} does not divide the {share} images each process runs per step");
        }
        if (BatchGpu is { } pass && pass < share && !d.KeepsGroups(pass, share))
        {
            throw new ArgumentException($"--batch-gpu {pass} splits the minibatch-std groups of {group}: use a multiple of {group}");
        }
        if (Resolution < 16 || (Resolution & (Resolution - 1)) != 0)
        {
            throw new ArgumentException($"--resolution must be a power of two ≥ 16, got {Resolution}");
        }
        Positive(KimgPerTick, "--tick", "thousands of images per progress tick");
        if (SnapTicks < 1)
        {
            throw new ArgumentException($"--snap must be at least 1 (snapshot every N ticks), got {SnapTicks}");
        }
        Positive(GLr, "--lr", "Adam's learning rate; 0 would never change the networks");
        Positive(DLr, "--lr", "Adam's learning rate; 0 would never change the networks");
        if (Gamma is { } gamma && !(double.IsFinite(gamma) && gamma >= 0))
        {
            throw new ArgumentException($"--gamma must be a finite number ≥ 0 (0 = no R1), got {gamma}");
        }
        if (R1Interval < 0)
        {
            throw new ArgumentException($"--r1-interval must be ≥ 0 (0 = no R1), got {R1Interval}");
        }
        if (!(StyleMixing >= 0 && StyleMixing <= 1))
        {
            throw new ArgumentException($"--style-mixing is a probability in [0, 1], got {StyleMixing}");
        }
        if (DChannels < 1)
        {
            throw new ArgumentException($"--dchannels must be at least 1, got {DChannels}");
        }
        if (!(double.IsFinite(EmaKimg) && EmaKimg >= 0) || EmaRampup is { } ramp && !(double.IsFinite(ramp) && ramp >= 0))
        {
            throw new ArgumentException($"the EMA half-life and ramp-up must be finite and ≥ 0, got {EmaKimg} and {EmaRampup}");
        }
        Generator.Validate();
    }

    private static void Positive(double value, string option, string meaning)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            throw new ArgumentException($"{option} must be a finite number > 0 ({meaning}), got {value}");
        }
    }
}
