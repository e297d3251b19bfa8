using System.CommandLine;
using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Distributed;
using QirenGan.Training.Distributed;
using QirenGan.Training.Evaluation;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>`qirengan train`: StyleGAN2-ADA's train.py for the QIREN generator.</summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var data = new Option<string?>("--data") { Description = "Training images: a folder (recursive PNG/JPEG/BMP/WebP/GIF) or a dataset zip." };
        var outdir = new Option<string>("--outdir") { Description = "Parent folder of run directories.", DefaultValueFactory = _ => "runs" };
        var kimg = new Option<double?>("--kimg") { Description = "Training length in thousands of real images (fractional allowed; default 1000)." };
        var batch = new Option<int>("--batch") { Description = "Total batch size: a multiple of 4, the discriminator's minibatch-std group (or 1–3).", DefaultValueFactory = _ => 32 };
        var batchGpu = new Option<int?>("--batch-gpu") { Description = "Images per forward pass: each process's share of the batch runs in rounds of this many, gradients adding up (less memory, same gradients; default: one pass, except on the CPU the R1 pass in rounds of at most 16)." };
        var resolution = new Option<int>("--resolution") { Description = "Training resolution (power of two ≥ 16).", DefaultValueFactory = _ => 32 };
        var inr = new Option<string>("--inr") { Description = "Coordinate encoder: qiren, siren, relu, tanh or rff.", DefaultValueFactory = _ => "qiren" };
        var circuit = new Option<string?>("--circuit") { Description = "shared (official: one learned circuit) or generated (per-image circuits from the hypernet); default: the preset's." };
        var mapping = new Option<string>("--mapping") { Description = "Mapping network layers: dense (official), tt (tensor train) or mera (binary MERA); see tensornet/README.md.", DefaultValueFactory = _ => "dense" };
        var noise = new Option<string?>("--noise") { Description = "Train a noise-aware QIREN: circuits simulated with density matrices under depol1=P,depol2=P,amp=γ,phase=λ,readout=ε (slow: ~25× the exact circuits). Stored in the snapshot; rendering uses it unless generate's own --noise/--shots are given." };
        var mappingBond = new Option<int>("--mapping-bond") { Description = "TT rank (--mapping tt) or MERA bond dimension χ (--mapping mera) of every mapping layer.", DefaultValueFactory = _ => 4 };
        var preset = new Option<string>("--preset") { Description = $"Generator configuration: {GeneratorPresets.Default} (default: the official network with per-image circuits and affine coordinate styles and a slower encoder, the configuration the README measures best on real faces) or {GeneratorPresets.Official} (the official QIREN GAN, exactly). The options below override single values.", DefaultValueFactory = _ => GeneratorPresets.Default };
        var features = new Option<int?>("--features") { Description = "Coordinate features C (= circuits for qiren; official 8)." };
        var coordInputs = new Option<bool?>("--coord-inputs") { Description = "Feed the raw pixel coordinates beside the circuit features to the first per-pixel layer (true/false; official false)." };
        var encoderLr = new Option<double?>("--encoder-lr-mult") { Description = "Learning-rate multiplier of the coordinate projection F and its BatchNorm (official 1)." };
        var coordStyles = new Option<CoordinateStyle?>("--coord-styles") { Description = "Per-image offsets of every encoding angle (QIREN) or first-layer pre-activation, made by the hypernet: none (official), phase (each feature grating shifted per image) or affine (shifted, turned and rescaled); default: the preset's." };
        var jitter = new Option<double?>("--jitter") { Description = "Training passes sample each pixel at its own random offset in ±this many pixels (0–1; official 0)." };
        var snap = new Option<int>("--snap") { Description = "Snapshot every this many ticks (and always at the end).", DefaultValueFactory = _ => 50 };
        var tick = new Option<double>("--tick") { Description = "Thousands of images per progress tick.", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random stream.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var resume = new Option<string?>("--resume") { Description = "Continue from a snapshot file, or 'latest' (the newest snapshot under --outdir, in its run directory)." };
        var gamma = new Option<double?>("--gamma") { Description = "R1 weight (default 0.0002·R²/batch)." };
        var r1Interval = new Option<int>("--r1-interval") { Description = "Lazy R1 every this many D steps (0 = off).", DefaultValueFactory = _ => 16 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate of G and D.", DefaultValueFactory = _ => 0.0025 };
        var dChannels = new Option<int>("--dchannels") { Description = "Discriminator channels per layer (official 32×32: 128).", DefaultValueFactory = _ => 128 };
        var mirror = new Option<bool>("--mirror") { Description = "Random x-flips of reals (default: on; --mirror false turns them off).", DefaultValueFactory = _ => true };
        var mixing = new Option<double>("--style-mixing") { Description = "Style mixing probability.", DefaultValueFactory = _ => 0.9 };
        var strict = new Option<bool>("--strict") { Description = "Fail on unreadable images instead of skipping them." };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics at each snapshot, comma separated (e.g. fid50k_full, spectrum)." };
        var metricsNumGen = new Option<int?>("--metrics-num-gen") { Description = "Generated images per snapshot metric (default: each metric's own; e.g. 2048 for a quick spectrum)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the options and network sizes, then exit." };
        var nproc = new Option<int>("--nproc") { Description = "Data-parallel: start this many local worker processes (the batch is split among them).", DefaultValueFactory = _ => 1 };
        var rankOpt = new Option<int?>(DistributedOptions.RankOption) { Description = "Multi-machine data-parallel: this process's rank (with --world-size and --master)." };
        var worldSize = new Option<int?>(DistributedOptions.WorldSizeOption) { Description = "Multi-machine data-parallel: total number of processes." };
        var master = new Option<string?>(DistributedOptions.MasterOption) { Description = "Multi-machine data-parallel: HOST:PORT of rank 0's rendezvous." };
        var command = new Command("train", "Train a QIREN GAN; writes runs/NNNNN-desc/ with snapshots, sample grids and statistics.");
        foreach (var o in new Option[] { data, outdir, kimg, batch, batchGpu, resolution, inr, circuit, mapping, mappingBond, noise, preset, features, coordInputs, coordStyles, encoderLr, jitter, snap, tick, seed, device, resume, gamma, r1Interval, lr, dChannels, mirror, mixing, strict, metrics, metricsNumGen, dryRun, nproc, rankOpt, worldSize, master })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var processes = result.GetValue(nproc);
            if (processes < 1)
            {
                throw new CliException($"--nproc must be at least 1, got {processes}");
            }
            if (processes > 1)
            {
                if (result.GetValue(rankOpt) is not null || result.GetValue(worldSize) is not null || result.GetValue(master) is not null)
                {
                    throw new CliException("--nproc starts its own workers: do not combine it with --rank, --world-size or --master");
                }
                return Launch(result, processes);
            }
            var dist = ParseDistributed(result.GetValue(rankOpt), result.GetValue(worldSize), result.GetValue(master));
            LoadedSnapshot? snapshot = null;
            string? runDir = null;
            TrainingOptions options;
            var resumeArg = result.GetValue(resume);
            if (resumeArg is not null)
            {
                var path = resumeArg == "latest"
                    ? RunDirectory.FindLatestSnapshot(result.GetValue(outdir)!, m => Console.Error.WriteLine("warning: " + m))
                    : resumeArg;
                snapshot = Snapshot.Read(path);
                options = snapshot.Options with
                {
                    Kimg = result.GetValue(kimg) ?? snapshot.Options.Kimg,
                    Data = result.GetValue(data) ?? snapshot.Options.Data,
                    BatchGpu = result.GetValue(batchGpu) ?? snapshot.Options.BatchGpu,
                    Metrics = SplitMetrics(result.GetValue(metrics)) ?? snapshot.Options.Metrics,
                    MetricsNumGen = result.GetValue(metricsNumGen) ?? snapshot.Options.MetricsNumGen,
                };
                if (resumeArg == "latest")
                {
                    runDir = Path.GetDirectoryName(Path.GetFullPath(path));
                }
                if (dist.IsMain)
                {
                    Console.WriteLine($"resuming from {path} at kimg {snapshot.State.CurNimg / 1000.0:F3}");
                }
            }
            else
            {
                var dataPath = result.GetValue(data) ?? throw new CliException("--data is required (a folder of images or a dataset zip)");
                GeneratorOptions basis;
                try
                {
                    basis = GeneratorPresets.Get(result.GetValue(preset)!, result.GetValue(resolution));
                }
                catch (ArgumentException e)
                {
                    throw new CliException("--preset: " + e.Message);
                }
                var circuitMode = result.GetValue(circuit) switch
                {
                    // only QIREN has circuits: a baseline under the default preset keeps every other choice of it
                    null => result.GetValue(inr) == "qiren" ? basis.Circuit : CircuitMode.Shared,
                    "shared" => CircuitMode.Shared,
                    "generated" => CircuitMode.Generated,
                    var other => throw new CliException($"--circuit must be shared or generated, got '{other}'"),
                };
                var generator = basis with
                {
                    Inr = result.GetValue(inr)!,
                    Circuit = circuitMode,
                    Seed = result.GetValue(seed),
                    MappingKind = result.GetValue(mapping)!,
                    MappingBond = result.GetValue(mappingBond),
                    Noise = result.GetValue(noise) is { } noiseText ? Generator.Quantum.NoiseModel.Parse(noiseText) : null,
                    Features = result.GetValue(features) ?? basis.Features,
                    CoordinateInputs = result.GetValue(coordInputs) ?? basis.CoordinateInputs,
                    EncoderLrMultiplier = result.GetValue(encoderLr) ?? basis.EncoderLrMultiplier,
                    CoordinateJitter = result.GetValue(jitter) ?? basis.CoordinateJitter,
                    CoordinateStyles = result.GetValue(coordStyles) ?? basis.CoordinateStyles,
                };
                options = new TrainingOptions(dataPath, result.GetValue(outdir)!, result.GetValue(kimg) ?? 1000,
                    result.GetValue(batch), generator, result.GetValue(dChannels), result.GetValue(gamma),
                    result.GetValue(r1Interval), result.GetValue(lr), result.GetValue(lr), Mirror: result.GetValue(mirror),
                    StyleMixing: result.GetValue(mixing), KimgPerTick: result.GetValue(tick), SnapTicks: result.GetValue(snap),
                    Seed: result.GetValue(seed), Device: result.GetValue(device)!,
                    Metrics: SplitMetrics(result.GetValue(metrics)),
                    Strict: result.GetValue(strict), BatchGpu: result.GetValue(batchGpu), MetricsNumGen: result.GetValue(metricsNumGen));
            }
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            if (result.GetValue(dryRun))
            {
                using var g = new QirenGenerator(options.Generator);
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(options, Snapshot.Json));
                Console.WriteLine($"generator parameters: {g.ParameterCount:N0} ({g.NumWs} parameter slots)");
                ParameterReport.Print(g, options, Console.Out);
                return 0;
            }
            return Run(options, snapshot, runDir, dist);
        });
        return command;
    }

    /// <summary>
    /// Trains. The run directory is made only once the run can start (data opened, networks built, detector found),
    /// so a failed start leaves nothing behind; after that, a fatal error is also written to its log.txt.
    /// </summary>
    private static int Run(TrainingOptions options, LoadedSnapshot? snapshot, string? existingRun, DistributedOptions dist)
    {
        var desc = $"{Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(options.Data))}-{options.Generator.Inr}-{options.Generator.Circuit.ToString().ToLowerInvariant()}-r{options.Resolution}";
        if (options.Generator.MappingKind != GeneratorOptions.DefaultMapping)
        {
            desc += $"-{options.Generator.MappingKind}{options.Generator.MappingBond}";
        }
        if (options.Generator.Noise is not null)
        {
            desc += "-noisy";
        }
        StreamWriter? logFile = null;
        var early = new List<string>(); // lines logged before log.txt exists
        void Log(string line)
        {
            Console.WriteLine(line);
            if (logFile is not null)
            {
                logFile.WriteLine(line);
            }
            else if (dist.IsMain)
            {
                early.Add(line);
            }
        }
        string? created = null;
        TorchScriptDetector? detector = null;
        try
        {
            if (dist.IsMain && existingRun is not null && snapshot is not null)
            {
                RunDirectory.RemoveStaleTemporaries(existingRun, Log);
                // Ticks a killed run logged after this snapshot are trained (and logged) again.
                RunDirectory.TruncateHistory(existingRun, snapshot.State.Tick, snapshot.State.CurNimg);
            }
            using var group = dist.IsDistributed ? dist.Join(Device.Parse(options.Device)) : null;
            // Only rank 0 creates and writes the run directory; the other ranks write nothing at all.
            var runDir = existingRun ?? (dist.IsMain ? RunDirectory.NextPath(options.OutDir, desc) : Path.Combine(options.OutDir, "(rank 0's run)"));
            using var loop = new TrainingLoop(options, runDir, Log, snapshot, group);
            FaultInjection(loop, dist.Rank);
            if (dist.IsMain && options.Metrics is { Length: > 0 } requested)
            {
                // Fail now, not at the first snapshot, on an unknown metric or a missing detector (which only the
                // detector metrics need: `spectrum` alone never looks for it). The metrics run in this process on
                // G_ema, through the evaluator the metrics verb uses, so the numbers agree.
                var definitions = MetricDefinition.ParseList(string.Join(',', requested));
                detector = definitions.Any(m => m.NeedsDetector)
                    ? TorchScriptDetector.Load(TorchScriptDetector.Locate(), Device.Parse(options.Device), FeatureExtraction.DefaultBatchSize)
                    : null;
                var runner = new MetricRunner(detector, null, new StatisticsCache(StatisticsCache.DefaultFolder),
                    new MetricRunOptions(options.MetricsNumGen), message => Console.Error.WriteLine(message),
                    EvalOptions.Progress(definitions.Any(m => m.NeedsDetector) ? "features" : "spectra"));
                loop.Evaluator = new SnapshotEvaluator(definitions, runner, options.Data, log: Log);
            }
            if (dist.IsMain)
            {
                OptionChecks.OutputFolder(options.OutDir, "--outdir");
                if (!Directory.Exists(runDir))
                {
                    Directory.CreateDirectory(runDir);
                    created = runDir;
                }
                TrainingLoop.WriteOptions(runDir, options);
                logFile = new StreamWriter(RunLayout.Log(runDir), append: true) { AutoFlush = true };
                early.ForEach(logFile.WriteLine);
                Log($"run directory {Path.GetFullPath(runDir)}");
            }
            snapshot?.Dispose();
            var last = loop.Run();
            Log($"done: {last}");
            return 0;
        }
        catch (TrainingDivergedException e)
        {
            Log("error: " + e.Message);
            return 3;
        }
        catch (Exception e)
        {
            logFile?.WriteLine($"error: {e.Message}");
            logFile?.Dispose();
            logFile = null;
            if (created is not null && RunLayout.Snapshots(created).Count == 0 && !File.Exists(RunLayout.Stats(created)))
            {
                // Nothing trained yet: a directory with only options and a log would use up a run number for nothing.
                Directory.Delete(created, recursive: true);
            }
            if (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or TorchException)
            {
                throw new CliException(e.Message);
            }
            throw;
        }
        finally
        {
            logFile?.Dispose();
            detector?.Dispose();
        }
    }

    private static string[]? SplitMetrics(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static DistributedOptions ParseDistributed(int? rank, int? worldSize, string? master)
    {
        if (rank is null && worldSize is null && master is null)
        {
            return DistributedOptions.Single;
        }
        if (rank is null || worldSize is null || master is null)
        {
            throw new CliException("multi-process training needs all of --rank, --world-size and --master HOST:PORT");
        }
        try
        {
            return DistributedOptions.Parse(rank.Value, worldSize.Value, master);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>--nproc N: this process becomes torchrun, starting N copies of itself as ranks 0 … N−1.</summary>
    private static int Launch(ParseResult result, int processes)
    {
        var tokens = result.Tokens.Select(t => t.Value).ToList();
        if (tokens.Count == 0 || tokens[0] != "train")
        {
            tokens.Insert(0, "train");
        }
        var command = WorkerCommand.CurrentProcess(WorkerCommand.WithoutOption(tokens, "--nproc"));
        try
        {
            WorkerLauncher.Run(command, new LauncherOptions(processes));
            return 0;
        }
        catch (WorkerFailedException e)
        {
            throw new CliException($"distributed training failed (rank {e.Rank}): {e.Message}");
        }
    }

    /// <summary>
    /// Test hook: QIRENGAN_FAIL_RANK=R:T makes rank R exit with code 17 after tick T, as a crashed worker would.
    /// </summary>
    private static void FaultInjection(TrainingLoop loop, int rank)
    {
        var spec = Environment.GetEnvironmentVariable("QIRENGAN_FAIL_RANK");
        if (spec is null || spec.Split(':') is not [var r, var t] || !int.TryParse(r, out var failRank) ||
            !int.TryParse(t, out var failTick) || failRank != rank)
        {
            return;
        }
        loop.Ticked += s =>
        {
            if (s.Tick >= failTick)
            {
                Console.Error.WriteLine($"QIRENGAN_FAIL_RANK: rank {rank} exits after tick {s.Tick}");
                Environment.Exit(17);
            }
        };
    }
}
