using System.Diagnostics;
using System.Text.Json;
using QirenGan.Discriminator;
using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Distributed;
using QirenGan.Torch.Imaging;
using QirenGan.Torch.Optim;
using QirenGan.Training.Data;
using QirenGan.Training.Evaluation;
using D = QirenGan.Discriminator.Discriminator;

namespace QirenGan.Training.Loop;

/// <summary>
/// StyleGAN2-ADA's training loop (training_loop.py) for the QIREN generator: per iteration one G step
/// (non-saturating loss, style mixing) and one D step (logistic loss, lazy R1 every R1Interval steps folded into
/// the same pass), Adam with the lazy-regularisation correction, G EMA; ticks with statistics, snapshots with
/// sample grids. Everything random comes from seeded streams whose state is saved, so a resumed run equals an
/// uninterrupted one.
/// <para>
/// Data-parallel (StyleGAN2-ADA's multi-GPU loop, PyTorch DDP's gradient averaging): given a
/// <see cref="ProcessGroup"/>, every rank loads the same global batch and draws the same global latents, then keeps
/// its shard of rows; gradients are averaged with one bucketed all-reduce per network after each backward, so N
/// ranks with batch B/N step like one process with batch B. Shards are strided (rows r, r+N, …), not contiguous:
/// the minibatch-std layer groups rows i, i+B/G, … (StyleGAN2's reshape), and strided shards keep exactly the
/// single-process groups. Only rank 0 writes anything.
/// </para>
/// </summary>
public sealed class TrainingLoop : IDisposable
{
    private const int GridSize = 8;
    private readonly TrainingOptions _o;
    private readonly Device _device;
    private readonly Action<string> _log;
    private readonly ImageDataset _dataset;
    private readonly BatchLoader _loader;
    private readonly RandomGenerator _latentRng;
    private readonly Adam _gOpt;
    private readonly Adam _dOpt;
    private readonly StatsWriter? _stats;
    private readonly ProcessGroup? _group;
    private readonly GradientBucketer? _gBucketer;
    private readonly GradientBucketer? _dBucketer;
    private readonly int _rounds;
    private readonly int _r1Rounds;
    private readonly List<TrainingPhase> _phases;
    private Tensor? _reals;
    private TrainingState _state;

    public QirenGenerator G { get; }
    public QirenGenerator GEma { get; }
    public D Dnet { get; }
    public string RunDir { get; }

    /// <summary>Called after each tick with the tick's statistics (progress display, tests).</summary>
    public event Action<TickStats>? Ticked;

    /// <summary>Called after each snapshot (and its metrics) with its path; report.html is regenerated after it.</summary>
    public event Action<string>? Snapshotted;

    /// <summary>
    /// Measures G_ema at each snapshot and records the results in the run directory (rank 0 only); null = no metrics.
    /// A failed measurement is logged as a warning and training continues.
    /// </summary>
    public SnapshotEvaluator? Evaluator { get; set; }

    /// <summary>Builds the networks from <paramref name="options"/>, or restores everything from <paramref name="resume"/>.</summary>
    /// <param name="options">The run's options; <see cref="TrainingOptions.Batch"/> is the global batch.</param>
    /// <param name="runDir">Where rank 0 writes; other ranks write nothing.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="resume">Snapshot to continue from (every rank loads it; rank 0's values are then broadcast).</param>
    /// <param name="group">The data-parallel process group; null = a single process.</param>
    public TrainingLoop(TrainingOptions options, string runDir, Action<string> log, LoadedSnapshot? resume = null,
        ProcessGroup? group = null)
    {
        _group = group is { WorldSize: > 1 } ? group : null;
        options.Validate(WorldSize);
        _o = options;
        _log = log;
        RunDir = runDir;
        _device = Device.Parse(options.Device);
        _dataset = ImageDataset.Open(options.Data, options.Resolution, options.Strict, warn: m => log("warning: " + m));
        if (_dataset.Count == 0)
        {
            throw new InvalidDataException($"{options.Data}: no images");
        }
        G = new QirenGenerator(options.Generator);
        GEma = new QirenGenerator(options.Generator);
        using (var rng = new RandomGenerator(options.Seed + 1))
        {
            Dnet = new D(options.Discriminator, rng);
        }
        using (var scope = DisposeScope.Enter())
        {
            GEma.LoadStateDict(G.StateDict());
        }
        GEma.Eval();
        G.To(_device);
        GEma.To(_device);
        Dnet.To(_device);
        _gOpt = new Adam(G.NamedParameters(), options.GLr, 0, 0.99, 1e-8);
        if (options.Generator.EncoderLrMultiplier != 1)
        {
            foreach (var p in G.FrequencyParameters)
            {
                _gOpt.SetLrMultiplier(p, options.Generator.EncoderLrMultiplier);
            }
        }
        // Lazy regularisation (StyleGAN2 §B): R1 runs every k steps, so D's Adam sees k/(k+1) of the steps' scale.
        var ratio = options.R1Interval > 0 ? options.R1Interval / (options.R1Interval + 1.0) : 1;
        _dOpt = new Adam(Dnet.NamedParameters(), options.DLr * ratio, 0, Math.Pow(0.99, ratio), 1e-8);
        _latentRng = new RandomGenerator(options.Seed + 2, _device.IsCuda ? _device : null);
        _state = new TrainingState(0, 0, 0, 0, 0, 0, 0, "", 0);
        if (resume is not null)
        {
            Restore(resume);
        }
        _loader = new BatchLoader(_dataset, options.Batch, options.Seed, options.Mirror,
            new LoaderState(_state.LoaderEpoch, _state.LoaderPosition));
        if (IsMain)
        {
            _stats = new StatsWriter(RunLayout.Stats(runDir), EncoderStats.Columns(options.Generator));
        }
        if (_group is not null)
        {
            // Replicas were built (or loaded) separately; make them start from rank 0's bits.
            using (var scope = DisposeScope.Enter())
            {
                foreach (var m in new QirenGan.Torch.Nn.Module[] { G, GEma, Dnet })
                {
                    ParameterBroadcast.FromRoot(_group, m.Parameters());
                    var buffers = m.NamedBuffers().Select(b => (Tensor)b.Value).ToList();
                    if (buffers.Count > 0)
                    {
                        ParameterBroadcast.FromRoot(_group, buffers);
                    }
                }
            }
            _gBucketer = new GradientBucketer(_group, G.Parameters());
            _dBucketer = new GradientBucketer(_group, Dnet.Parameters());
        }
        (_rounds, _r1Rounds) = Rounds(options.Discriminator.PassGroup);
        _phases = Phases();
    }

    private int Rank => _group?.Rank ?? 0;

    private int WorldSize => _group?.WorldSize ?? 1;

    /// <summary>Rank 0 (or a single process): the one that writes snapshots, statistics, images and reports.</summary>
    public bool IsMain => Rank == 0;

    /// <summary>
    /// How many rounds the phases run in (<see cref="TrainingOptions.BatchGpu"/>), and the reals pass of an R1 step.
    /// Round k takes rows k, k + R, … of this process's share, for the reason shards are strided: the minibatch-std
    /// groups stay those of one pass.
    /// </summary>
    private (int All, int R1) Rounds(int group)
    {
        var share = Math.Max(1, _o.Batch / WorldSize);
        if (_o.BatchGpu is not { } rows)
        {
            return (1, _device.IsCuda ? 1 : AutoR1Rounds(share, group));
        }
        // TrainingOptions.Validate(WorldSize) has checked that these rows divide the share and keep the groups.
        rows = Math.Min(rows, share);
        return (share / rows, share / rows);
    }

    /// <summary>Images per round of the R1 pass on the CPU when --batch-gpu is not given (see <see cref="AutoR1Rounds"/>).</summary>
    public const int CpuR1RoundImages = 16;

    /// <summary>
    /// The CPU default for the reals pass of an R1 step, whose double-backward graph holds the most memory: the fewest
    /// rounds of at most <see cref="CpuR1RoundImages"/> (and at least 8) whole minibatch-std groups, else one pass.
    /// Measured on 2 cores (32×32, batch 32, R1 every step): rounds of 16 cut the peak RSS from 589 to 452 MiB at the
    /// same iteration time. The other passes stay whole: rounds there save less (448 → 394 MiB) and cost ~4 % in speed.
    /// </summary>
    public static int AutoR1Rounds(int share, int group)
    {
        for (var rounds = 1; share / rounds >= 8; ++rounds)
        {
            var rows = share / rounds;
            if (share % rounds == 0 && rows <= CpuR1RoundImages && rows % group == 0)
            {
                return rounds;
            }
        }
        return 1;
    }

    /// <summary>Round <paramref name="k"/> of <paramref name="rounds"/>: its rows of this process's share.</summary>
    private static Tensor RoundRows(Tensor share, int k, int rounds)
    {
        if (rounds == 1)
        {
            return share;
        }
        var shape = share.Shape;
        long[] split = [shape[0] / rounds, rounds, .. shape[1..]];
        return share.Reshape(split).Select(1, k);
    }

    /// <summary>This rank's rows of a global batch: rows Rank, Rank + WorldSize, … (see the class remarks).</summary>
    private Tensor ShardRows(Tensor global)
    {
        if (_group is null)
        {
            return global;
        }
        var shape = global.Shape;
        long[] split = [shape[0] / WorldSize, WorldSize, .. shape[1..]];
        return global.Reshape(split).Select(1, Rank); // [B/N, ...]
    }

    /// <summary>The mean of per-rank scalars over ranks (the global batch's value); the values themselves in one process.</summary>
    private double[] GlobalMean(params double[] values)
    {
        if (_group is null)
        {
            return values;
        }
        using var scope = DisposeScope.Enter();
        var t = Tensors.FromArray(values).To(_device);
        _group.AllReduceMean(t);
        return t.To(Device.Cpu).ToArray<double>();
    }

    private void Restore(LoadedSnapshot s)
    {
        G.LoadStateDict(s.Part("G."), s.Path);
        GEma.LoadStateDict(s.Part("G_ema."), s.Path);
        Dnet.LoadStateDict(s.Part("D."), s.Path);
        _gOpt.LoadStateDict(s.Part("G_opt."), s.State.GSteps);
        _dOpt.LoadStateDict(s.Part("D_opt."), s.State.DSteps);
        _latentRng.SetState(Convert.FromBase64String(s.State.LatentRngState));
        _state = s.State;
    }

    public long CurNimg => _state.CurNimg;

    /// <summary>Trains until <see cref="TrainingOptions.Kimg"/>, writing ticks and snapshots; returns the last snapshot.</summary>
    public string Run(CancellationToken cancel = default)
    {
        var total = (long)Math.Ceiling(_o.Kimg * 1000);
        var sw = Stopwatch.StartNew();
        var elapsedBefore = _state.ElapsedSeconds;
        var tickStartNimg = _state.CurNimg;
        var tickStartTime = 0.0;
        if (_state.CurNimg == 0 && IsMain)
        {
            WriteReals();
        }
        _log($"training {_o.Generator.Inr} ({_o.Generator.Circuit}) at {_o.Resolution}×{_o.Resolution}, batch {_o.Batch}, " +
             $"{_o.Kimg} kimg on {_device}{(_group is null ? "" : $" × {WorldSize} processes (rank {Rank})")}; G {G.ParameterCount:N0} and D {Dnet.ParameterCount:N0} parameters; γ = {_o.EffectiveGamma:G4}");
        string? last = null;
        var sums = NewAccumulator();
        while (_state.CurNimg < total)
        {
            cancel.ThrowIfCancellationRequested();
            Step(sums);
            var done = _state.CurNimg >= total;
            if (_state.CurNimg - tickStartNimg >= _o.KimgPerTick * 1000 || done)
            {
                var now = sw.Elapsed.TotalSeconds;
                _state = _state with { Tick = _state.Tick + 1, ElapsedSeconds = elapsedBefore + now };
                var tickKimg = (_state.CurNimg - tickStartNimg) / 1000.0;
                var secPerKimg = (now - tickStartTime) / Math.Max(tickKimg, 1e-9);
                var stats = TickStatistics(sums, secPerKimg, total);
                _stats?.Append(stats);
                Ticked?.Invoke(stats);
                _log(stats.ToString());
                tickStartNimg = _state.CurNimg;
                tickStartTime = now;
                if (done || _state.Tick % Math.Max(1, _o.SnapTicks) == 0)
                {
                    last = WriteSnapshot();
                }
            }
        }
        last ??= WriteSnapshot();
        // No rank leaves (and tears down the group) while another still needs it.
        _group?.Barrier();
        return last;
    }

    /// <summary>When set, every iteration adds its phases' wall time here (the bench's profile).</summary>
    public PhaseProfile? Profile { get; set; }

    /// <summary>One training iteration (G step, D step, EMA) without ticks or snapshots: for benchmarks.</summary>
    public void Iterate() => Step(NewAccumulator());

    private TickAccumulator NewAccumulator()
    {
        var sums = new TickAccumulator();
        sums.Declare(_phases.SelectMany(p => p.Statistics));
        return sums;
    }

    /// <summary>The tick's row: progress, the phases' statistics (means over its steps), γ and lr, the encoder's state.</summary>
    private TickStats TickStatistics(TickAccumulator sums, double secPerKimg, long totalNimg)
    {
        var s = _state;
        var encoder = EncoderStats.Columns(_o.Generator).Zip(EncoderStats.Measure(GEma), (c, v) => (c, (double?)v));
        List<(string, double?)> values =
            [.. sums.Finish(), (StatNames.Gamma, _o.EffectiveGamma), (StatNames.LearningRate, _o.GLr), .. encoder];
        return new TickStats(s.Tick, s.CurNimg / 1000.0, s.ElapsedSeconds, secPerKimg, 1000 / Math.Max(secPerKimg, 1e-9),
            (totalNimg - s.CurNimg) / 1000.0 * secPerKimg, ProcessMemory.PeakResidentMiB(), values);
    }

    /// <summary>
    /// The phases of an iteration, in order (StyleGAN2-ADA's training_loop.py phases): G main, then D main with D reg
    /// (lazy R1) folded into its reals pass, so D takes one optimizer step per iteration.
    /// </summary>
    private List<TrainingPhase> Phases()
    {
        var loss = new GanLoss(G, Dnet);
        var b = _o.Batch;
        var zDim = _o.Generator.ZDim;
        var r1 = new LazyRegularizer("R1", _o.R1Interval, _o.EffectiveGamma / 2 * _o.R1Interval);
        return
        [
            // D only passes gradients through here, so its weight gradients (a third of its backward) are not
            // computed (StyleGAN2-ADA's requires_grad_). The mapping network's graph is shared by the rounds.
            new("G step", G, _gOpt, _gBucketer,
                [new("fakes", () => Latents(b, zDim, updateWAvg: true), loss.GMain, SharedGraph: true)],
                [StatNames.LossG, StatNames.ScoreFake], (StatNames.LossG, "G loss"), Frozen: Dnet,
                s => s with { GSteps = s.GSteps + 1 }),
            // The fake and real halves run forward+backward one after the other (gradients add up), so only one graph
            // is alive.
            new("D step", Dnet, _dOpt, _dBucketer,
                [
                    new("fakes", () =>
                    {
                        using var noGrad = Autograd.NoGrad();
                        return G.Synthesize(Latents(b, zDim, updateWAvg: false));
                    }, loss.DFake),
                    new("reals", () => _reals!, loss.DReal, r1, _r1Rounds),
                ],
                [StatNames.LossD, StatNames.ScoreReal, StatNames.R1], (StatNames.LossD, "D loss"), Frozen: null,
                s => s with
                {
                    DSteps = s.DSteps + 1,
                    BatchIndex = s.BatchIndex + 1,
                    CurNimg = s.CurNimg + b,
                    LoaderEpoch = _loader.State.Epoch,
                    LoaderPosition = _loader.State.Position,
                }),
        ];
    }

    private void Step(TickAccumulator sums)
    {
        var profile = Profile;
        using var scope = DisposeScope.Enter();
        profile?.Begin("data");
        _reals = ShardRows(_loader.Next(_device));
        try
        {
            foreach (var phase in _phases)
            {
                RunPhase(phase, sums, profile);
            }
        }
        finally
        {
            _reals = null;
        }
        profile?.Begin("EMA");
        Ema.Update(GEma, G, Ema.Beta(_o.Batch, _state.CurNimg, _o.EmaKimg, _o.EmaRampup));
        profile?.IterationDone();
    }

    /// <summary>
    /// One phase: its passes in rounds (gradients adding up), then one small all-reduce of its statistics (every rank
    /// sees the global values, so all stop together on divergence before the optimizer writes anything), the
    /// gradients' all-reduce and the optimizer step.
    /// </summary>
    private void RunPhase(TrainingPhase phase, TickAccumulator sums, PhaseProfile? profile)
    {
        phase.Optimizer.ZeroGrad();
        var totals = new List<(string Name, double Value)>();
        phase.Frozen?.RequiresGrad_(false);
        try
        {
            using var phaseScope = DisposeScope.Enter(); // frees this phase's graph before the next builds its own
            foreach (var pass in phase.Passes)
            {
                var regularizer = pass.Regularizer is { } r && r.Due(_state.BatchIndex) ? r : null;
                var rounds = regularizer is not null ? pass.RegularizedRounds ?? _rounds : _rounds;
                var label = $"{phase.Name}: {pass.Name}{(regularizer is null ? "" : " with " + regularizer.Name)}";
                profile?.Begin($"{label} inputs");
                var inputs = pass.Inputs();
                var passSums = new List<(string Name, double Value)>();
                for (var k = 0; k < rounds; ++k)
                {
                    using var round = DisposeScope.Enter();
                    profile?.Begin($"{label} forward");
                    var (loss, stats) = pass.Loss(RoundRows(inputs, k, rounds), rounds, regularizer);
                    foreach (var stat in stats)
                    {
                        AddTo(passSums, stat.Name, stat.Value);
                    }
                    profile?.Begin($"{label} backward");
                    Autograd.Backward([loss], retainGraph: pass.SharedGraph && k < rounds - 1);
                }
                foreach (var (name, value) in passSums)
                {
                    AddTo(totals, name, value);
                }
            }
        }
        finally
        {
            phase.Frozen?.RequiresGrad_(true);
        }
        profile?.Begin($"{phase.Name}: optimizer");
        var global = GlobalMean(totals.Select(t => t.Value).ToArray());
        var diverging = totals.FindIndex(t => t.Name == phase.Divergence.Statistic);
        CheckFinite(diverging >= 0 ? global[diverging] : 0, phase.Divergence.Label);
        phase.Bucketer?.AverageGradients();
        phase.Optimizer.Step();
        _state = phase.Advance(_state);
        for (var i = 0; i < totals.Count; ++i)
        {
            sums.Add(totals[i].Name, global[i]);
        }
    }

    /// <summary>Adds <paramref name="value"/> to the entry <paramref name="name"/> (a new one starts from 0).</summary>
    private static void AddTo(List<(string Name, double Value)> sums, string name, double value)
    {
        var i = sums.FindIndex(s => s.Name == name);
        if (i < 0)
        {
            sums.Add((name, 0 + value));
        }
        else
        {
            sums[i] = (name, sums[i].Value + value);
        }
    }

    /// <summary>
    /// W for the global batch (every rank draws the same, so the RNG streams and w_avg stay in step), then this
    /// rank's rows; the mapping network is small next to synthesis, so mapping the whole batch costs little.
    /// </summary>
    private Tensor Latents(int b, int zDim, bool updateWAvg)
    {
        var z = Tensors.Randn([b, zDim], _latentRng, device: _device);
        var ws = MappingNetwork.Broadcast(G.Mapping.Forward(z, 1, updateWAvg), G.NumWs);
        if (_o.StyleMixing > 0 && G.NumWs > 1)
        {
            var z2 = Tensors.Randn([b, zDim], _latentRng, device: _device);
            ws = G.Mapping.MixStyles(ws, z2, _o.StyleMixing, _latentRng);
        }
        return ShardRows(ws);
    }

    private void CheckFinite(double v, string what)
    {
        if (!double.IsFinite(v))
        {
            throw new TrainingDivergedException(
                $"{what} became {v} at iteration {_state.BatchIndex} (kimg {_state.CurNimg / 1000.0:F3}); " +
                "nothing was written for this step — resume from the last snapshot with a lower learning rate or a larger --gamma");
        }
    }

    /// <summary>reals.png: the first readable images (an unreadable one is skipped, and warned about, unless --strict).</summary>
    private void WriteReals()
    {
        using var scope = DisposeScope.Enter();
        var images = new List<Tensor>();
        for (var i = 0; i < _dataset.Count && images.Count < GridSize * GridSize; ++i)
        {
            if (_dataset.TryLoad(i) is { } image)
            {
                images.Add(image.ToTensor());
            }
        }
        if (images.Count == 0)
        {
            throw new InvalidDataException($"{_o.Data}: none of its {_dataset.Count} images is readable");
        }
        ImageCodec.WritePng(RunLayout.Reals(RunDir), QirenGan.Eval.Grids.ImageGrid.Tile(Tensors.Stack(images.ToArray()), GridSize));
    }

    /// <summary>The label of the snapshot of this image count (<see cref="RunLayout.NewSnapshotLabel"/>).</summary>
    private string SnapshotLabel() =>
        RunLayout.NewSnapshotLabel(RunDir, _state.CurNimg, closerThanKimg: _o.KimgPerTick * _o.SnapTicks < 1, StoredImageCount);

    private static long? StoredImageCount(string snapshot)
    {
        try
        {
            return Snapshot.ReadState(snapshot).CurNimg;
        }
        catch (InvalidDataException)
        {
            return null; // damaged: a different image count as far as naming goes
        }
    }

    /// <summary>fakes*.png from the EMA generator on fixed seeds, then the snapshot (atomic).</summary>
    public string WriteSnapshot()
    {
        using var scope = DisposeScope.Enter();
        if (!IsMain)
        {
            return RunLayout.Snapshot(RunDir, RunLayout.Label(_state.CurNimg, fine: false));
        }
        var label = SnapshotLabel();
        using (Autograd.NoGrad())
        {
            var z = QirenGan.Hypernet.Latents.FromSeeds(Enumerable.Range(0, GridSize * GridSize).ToArray(), _o.Generator.ZDim, _device);
            var images = GEma.Forward(z);
            ImageCodec.WritePng(RunLayout.Fakes(RunDir, label), QirenGan.Eval.Grids.ImageGrid.Tile(RgbImage.Quantize(images), GridSize,
                labels: new QirenGan.Eval.Grids.GridLabels { Title = $"fakes at {_state.CurNimg / 1000.0:0.###} kimg" }));
        }
        var state = _state with { LatentRngState = Convert.ToBase64String(_latentRng.GetState()) };
        var path = RunLayout.Snapshot(RunDir, label);
        Snapshot.Write(path, _o, state,
        [
            ("G.", G.StateDict()),
            ("G_ema.", GEma.StateDict()),
            ("D.", Dnet.StateDict()),
            ("G_opt.", _gOpt.StateDict()),
            ("D_opt.", _dOpt.StateDict()),
        ]);
        _log($"snapshot {path}");
        if (Evaluator is { } evaluator)
        {
            try
            {
                evaluator.Evaluate(GEma, _device, RunDir, path, _state.CurNimg);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log($"warning: metrics failed for {path}: {e.Message}; training continues");
            }
        }
        Snapshotted?.Invoke(path);
        QirenGan.Eval.Reports.RunReport.Write(RunDir);
        return path;
    }

    public static void WriteOptions(string runDir, TrainingOptions options) =>
        File.WriteAllText(RunLayout.Options(runDir), JsonSerializer.Serialize(options, Snapshot.Json));

    public void Dispose()
    {
        _loader.Dispose();
        _dataset.Dispose();
        _gOpt.Dispose();
        _dOpt.Dispose();
        _latentRng.Dispose();
        _gBucketer?.Dispose();
        _dBucketer?.Dispose();
        G.Dispose();
        GEma.Dispose();
        Dnet.Dispose();
    }
}

/// <summary>A loss became NaN or infinite: the run stops before writing anything from that step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
