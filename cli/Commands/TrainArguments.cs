using System.CommandLine;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Training.Distributed;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `train`'s options, declared once with their documentation, and what they bind to: the
/// <see cref="TrainingOptions"/> of a new run (a generator preset, then single overrides), the overrides a resumed run
/// accepts, and the data-parallel settings. Values are checked by <see cref="TrainingOptions.Validate"/>, so
/// `--dry-run` and training see the same rules.
/// </summary>
public sealed class TrainArguments
{
    public Option<string?> Data { get; } = new("--data") { Description = "Training images: a folder (recursive PNG/JPEG/BMP/WebP/GIF) or a dataset zip." };
    public Option<string> OutDir { get; } = new("--outdir") { Description = "Parent folder of run directories.", DefaultValueFactory = _ => "runs" };
    public Option<double?> Kimg { get; } = new("--kimg") { Description = "Training length in thousands of real images (fractional allowed; default 1000)." };
    public Option<int> Batch { get; } = new("--batch") { Description = "Total batch size: a multiple of 4, the discriminator's minibatch-std group (or 1–3).", DefaultValueFactory = _ => 32 };
    public Option<int?> BatchGpu { get; } = new("--batch-gpu") { Description = "Images per forward pass: each process's share of the batch runs in rounds of this many, gradients adding up (less memory, same gradients; default: one pass, except on the CPU the R1 pass in rounds of at most 16)." };
    public Option<int> Resolution { get; } = new("--resolution") { Description = "Training resolution (power of two ≥ 16).", DefaultValueFactory = _ => 32 };
    public Option<string> Inr { get; } = new("--inr") { Description = "Coordinate encoder: qiren, siren, relu, tanh or rff.", DefaultValueFactory = _ => "qiren" };
    public Option<string?> Circuit { get; } = new("--circuit") { Description = "shared (official: one learned circuit) or generated (per-image circuits from the hypernet); default: the preset's." };
    public Option<string> Mapping { get; } = new("--mapping") { Description = "Mapping network layers: dense (official), tt (tensor train) or mera (binary MERA); see tensornet/README.md.", DefaultValueFactory = _ => "dense" };
    public Option<int> MappingBond { get; } = new("--mapping-bond") { Description = "TT rank (--mapping tt) or MERA bond dimension χ (--mapping mera) of every mapping layer.", DefaultValueFactory = _ => 4 };
    public Option<string?> Noise { get; } = new("--noise") { Description = "Train a noise-aware QIREN: circuits simulated with density matrices under depol1=P,depol2=P,amp=γ,phase=λ,readout=ε (slow: ~25× the exact circuits). Stored in the snapshot; rendering runs on it unless generate's own --noise says otherwise (--noise none: noiseless; --shots alone samples the trained noisy device)." };
    public Option<string> Preset { get; } = new("--preset") { Description = $"Generator configuration: {GeneratorPresets.Default} (default: the official network with per-image circuits and affine coordinate styles and a slower encoder, the configuration the README measures best on real faces) or {GeneratorPresets.Official} (the official QIREN GAN, exactly). The options below override single values.", DefaultValueFactory = _ => GeneratorPresets.Default };
    public Option<int?> Features { get; } = new("--features") { Description = "Coordinate features C (= circuits for qiren; official 8)." };
    public Option<bool?> CoordInputs { get; } = new("--coord-inputs") { Description = "Feed the raw pixel coordinates beside the circuit features to the first per-pixel layer (true/false; official false)." };
    public Option<CoordinateStyle?> CoordStyles { get; } = new("--coord-styles") { Description = "Per-image offsets of every encoding angle (QIREN) or first-layer pre-activation, made by the hypernet: none (official), phase (each feature grating shifted per image) or affine (shifted, turned and rescaled); default: the preset's." };
    public Option<double?> EncoderLr { get; } = new("--encoder-lr-mult") { Description = "Learning-rate multiplier of the coordinate projection F and its BatchNorm (official 1)." };
    public Option<double?> Jitter { get; } = new("--jitter") { Description = "Training passes sample each pixel at its own random offset in ±this many pixels (0–1; official 0)." };
    public Option<int> Snap { get; } = new("--snap") { Description = "Snapshot every this many ticks (and always at the end).", DefaultValueFactory = _ => 50 };
    public Option<double> Tick { get; } = new("--tick") { Description = "Thousands of images per progress tick.", DefaultValueFactory = _ => 4 };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of every random stream.", DefaultValueFactory = _ => 0 };
    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue from a snapshot file, or 'latest' (the newest snapshot under --outdir, in its run directory)." };
    public Option<double?> Gamma { get; } = new("--gamma") { Description = "R1 weight (default 0.0002·R²/batch)." };
    public Option<int> R1Interval { get; } = new("--r1-interval") { Description = "Lazy R1 every this many D steps (0 = off).", DefaultValueFactory = _ => 16 };
    public Option<double> Lr { get; } = new("--lr") { Description = "Adam learning rate of G and D.", DefaultValueFactory = _ => 0.0025 };
    public Option<int> DChannels { get; } = new("--dchannels") { Description = "Discriminator channels per layer (official 32×32: 128).", DefaultValueFactory = _ => 128 };
    public Option<bool> Mirror { get; } = new("--mirror") { Description = "Random x-flips of reals (default: on; --mirror false turns them off).", DefaultValueFactory = _ => true };
    public Option<double> StyleMixing { get; } = new("--style-mixing") { Description = "Style mixing probability.", DefaultValueFactory = _ => 0.9 };
    public Option<bool> Strict { get; } = new("--strict") { Description = "Fail on unreadable images instead of skipping them." };
    public Option<string?> Metrics { get; } = new("--metrics") { Description = "Metrics at each snapshot, comma separated (e.g. fid50k_full, spectrum)." };
    public Option<int?> MetricsNumGen { get; } = new("--metrics-num-gen") { Description = "Generated images per snapshot metric (default: each metric's own; e.g. 2048 for a quick spectrum)." };
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print the options and network sizes, then exit." };
    public Option<int> Nproc { get; } = new("--nproc") { Description = "Data-parallel: start this many local worker processes (the batch is split among them).", DefaultValueFactory = _ => 1 };
    public Option<int?> Rank { get; } = new(DistributedOptions.RankOption) { Description = "Multi-machine data-parallel: this process's rank (with --world-size and --master)." };
    public Option<int?> WorldSize { get; } = new(DistributedOptions.WorldSizeOption) { Description = "Multi-machine data-parallel: total number of processes." };
    public Option<string?> Master { get; } = new(DistributedOptions.MasterOption) { Description = "Multi-machine data-parallel: HOST:PORT of rank 0's rendezvous." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[]
                 {
                     Data, OutDir, Kimg, Batch, BatchGpu, Resolution, Inr, Circuit, Mapping, MappingBond, Noise, Preset, Features,
                     CoordInputs, CoordStyles, EncoderLr, Jitter, Snap, Tick, Seed, Device, Resume, Gamma, R1Interval, Lr, DChannels,
                     Mirror, StyleMixing, Strict, Metrics, MetricsNumGen, DryRun, Nproc, Rank, WorldSize, Master,
                 })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>A new run: the preset's generator with every option given on the command line applied over it.</summary>
    public TrainingOptions NewRun(ParseResult result)
    {
        var dataPath = result.GetValue(Data) ?? throw new CliException("--data is required (a folder of images or a dataset zip)");
        GeneratorOptions basis;
        try
        {
            basis = GeneratorPresets.Get(result.GetValue(Preset)!, result.GetValue(Resolution));
        }
        catch (ArgumentException e)
        {
            throw new CliException("--preset: " + e.Message);
        }
        var circuit = result.GetValue(Circuit) switch
        {
            // only QIREN has circuits: a baseline under the default preset keeps every other choice of it
            null => result.GetValue(Inr) == "qiren" ? basis.Circuit : CircuitMode.Shared,
            "shared" => CircuitMode.Shared,
            "generated" => CircuitMode.Generated,
            var other => throw new CliException($"--circuit must be shared or generated, got '{other}'"),
        };
        var generator = basis with
        {
            Inr = result.GetValue(Inr)!,
            Circuit = circuit,
            Seed = result.GetValue(Seed),
            MappingKind = result.GetValue(Mapping)!,
            MappingBond = result.GetValue(MappingBond),
            Noise = ParseNoise(result.GetValue(Noise)),
            Features = result.GetValue(Features) ?? basis.Features,
            CoordinateInputs = result.GetValue(CoordInputs) ?? basis.CoordinateInputs,
            EncoderLrMultiplier = result.GetValue(EncoderLr) ?? basis.EncoderLrMultiplier,
            CoordinateJitter = result.GetValue(Jitter) ?? basis.CoordinateJitter,
            CoordinateStyles = result.GetValue(CoordStyles) ?? basis.CoordinateStyles,
        };
        var lr = result.GetValue(Lr);
        return Checked(new TrainingOptions(dataPath, result.GetValue(OutDir)!, result.GetValue(Kimg) ?? 1000, result.GetValue(Batch),
            generator, result.GetValue(DChannels), result.GetValue(Gamma), result.GetValue(R1Interval), GLr: lr, DLr: lr,
            Mirror: result.GetValue(Mirror), StyleMixing: result.GetValue(StyleMixing), KimgPerTick: result.GetValue(Tick),
            SnapTicks: result.GetValue(Snap), Seed: result.GetValue(Seed), Device: result.GetValue(Device)!,
            Metrics: SplitMetrics(result.GetValue(Metrics)), Strict: result.GetValue(Strict), BatchGpu: result.GetValue(BatchGpu),
            MetricsNumGen: result.GetValue(MetricsNumGen)));
    }

    /// <summary>
    /// A resumed run: the snapshot's options, with the values that may change between sessions (--kimg, --data,
    /// --batch-gpu, --metrics, --metrics-num-gen) taken from the command line where given.
    /// </summary>
    public TrainingOptions Resumed(ParseResult result, TrainingOptions stored) => Checked(stored with
    {
        Kimg = result.GetValue(Kimg) ?? stored.Kimg,
        Data = result.GetValue(Data) ?? stored.Data,
        BatchGpu = result.GetValue(BatchGpu) ?? stored.BatchGpu,
        Metrics = SplitMetrics(result.GetValue(Metrics)) ?? stored.Metrics,
        MetricsNumGen = result.GetValue(MetricsNumGen) ?? stored.MetricsNumGen,
    });

    /// <summary>
    /// The processes: &gt; 1 when this process is to start --nproc local workers; else this process's own rank, which
    /// is the single process unless --rank, --world-size and --master are all given.
    /// </summary>
    public (int LocalWorkers, DistributedOptions Self) Processes(ParseResult result)
    {
        var processes = result.GetValue(Nproc);
        if (processes < 1)
        {
            throw new CliException($"--nproc must be at least 1, got {processes}");
        }
        var (rank, worldSize, master) = (result.GetValue(Rank), result.GetValue(WorldSize), result.GetValue(Master));
        if (processes > 1)
        {
            return rank is null && worldSize is null && master is null
                ? (processes, DistributedOptions.Single)
                : throw new CliException("--nproc starts its own workers: do not combine it with --rank, --world-size or --master");
        }
        if (rank is null && worldSize is null && master is null)
        {
            return (1, DistributedOptions.Single);
        }
        if (rank is null || worldSize is null || master is null)
        {
            throw new CliException("multi-process training needs all of --rank, --world-size and --master HOST:PORT");
        }
        try
        {
            return (1, DistributedOptions.Parse(rank.Value, worldSize.Value, master));
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static NoiseModel? ParseNoise(string? text)
    {
        try
        {
            return text is null ? null : NoiseModel.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static TrainingOptions Checked(TrainingOptions options)
    {
        try
        {
            options.Validate();
            return options;
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static string[]? SplitMetrics(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
