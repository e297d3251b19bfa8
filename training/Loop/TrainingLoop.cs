using System.Diagnostics;
using System.Text.Json;
using QirenGan.Discriminator;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Torch.Optim;
using QirenGan.Training.Data;
using D = QirenGan.Discriminator.Discriminator;

namespace QirenGan.Training.Loop;

/// <summary>
/// StyleGAN2-ADA's training loop (training_loop.py) for the QIREN generator: per iteration one G step
/// (non-saturating loss, style mixing) and one D step (logistic loss, lazy R1 every R1Interval steps folded into
/// the same pass), Adam with the lazy-regularisation correction, G EMA; ticks with statistics, snapshots with
/// sample grids. Everything random comes from seeded streams whose state is saved, so a resumed run equals an
/// uninterrupted one.
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
    private readonly StatsWriter _stats;
    private TrainingState _state;

    public QirenGenerator G { get; }
    public QirenGenerator GEma { get; }
    public D Dnet { get; }
    public string RunDir { get; }

    /// <summary>Called after each tick with the tick's statistics (progress display, tests).</summary>
    public event Action<TickStats>? Ticked;

    /// <summary>Called after each snapshot with its path (metrics); report.html is regenerated after it.</summary>
    public event Action<string>? Snapshotted;

    /// <summary>Builds the networks from <paramref name="options"/>, or restores everything from <paramref name="resume"/>.</summary>
    public TrainingLoop(TrainingOptions options, string runDir, Action<string> log, LoadedSnapshot? resume = null)
    {
        options.Validate();
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
        var dOptions = new DiscriminatorOptions(options.Resolution, ChannelBase: options.DChannels * options.Resolution,
            ChannelMax: options.DChannels);
        using (var rng = new RandomGenerator(options.Seed + 1))
        {
            Dnet = new D(dOptions, rng);
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
        _stats = new StatsWriter(Path.Combine(runDir, "stats.csv"));
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
        if (_state.CurNimg == 0)
        {
            WriteReals();
        }
        _log($"training {_o.Generator.Inr} ({_o.Generator.Circuit}) at {_o.Resolution}×{_o.Resolution}, batch {_o.Batch}, " +
             $"{_o.Kimg} kimg on {_device}; G {G.ParameterCount:N0} and D {Dnet.ParameterCount:N0} parameters; γ = {_o.EffectiveGamma:G4}");
        string? last = null;
        var sums = new TickAccumulator();
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
                var stats = sums.Finish(_state, secPerKimg, _o, total);
                _stats.Append(stats);
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
        return last ?? WriteSnapshot();
    }

    private void Step(TickAccumulator sums)
    {
        using var scope = DisposeScope.Enter();
        var b = _o.Batch;
        var zDim = _o.Generator.ZDim;
        var reals = _loader.Next(_device);

        // G step: non-saturating logistic loss on fresh latents, with style mixing.
        _gOpt.ZeroGrad();
        var ws = Latents(b, zDim, updateWAvg: true);
        var fakeLogits = Dnet.Forward(G.Synthesize(ws));
        var lossG = Losses.Generator(fakeLogits);
        CheckFinite(lossG, "G loss");
        lossG.Backward();
        _gOpt.Step();
        _state = _state with { GSteps = _state.GSteps + 1 };

        // D step: logistic loss; on every R1Interval-th step also R1 on the reals, scaled by the interval.
        _dOpt.ZeroGrad();
        Tensor fakes;
        using (Autograd.NoGrad())
        {
            fakes = G.Synthesize(Latents(b, zDim, updateWAvg: false));
        }
        var doR1 = _o.R1Interval > 0 && _state.BatchIndex % _o.R1Interval == 0 && _o.EffectiveGamma > 0;
        var realInput = doR1 ? reals.Detach().RequiresGrad_() : reals;
        var realLogits = Dnet.Forward(realInput);
        var lossD = Losses.Discriminator(Dnet.Forward(fakes), realLogits);
        double? r1Value = null;
        if (doR1)
        {
            var r1 = Losses.R1(realLogits, realInput).Mean();
            r1Value = r1.ToDouble();
            lossD = lossD.Add(r1.Mul(_o.EffectiveGamma / 2 * _o.R1Interval));
        }
        CheckFinite(lossD, "D loss");
        lossD.Backward();
        _dOpt.Step();
        _state = _state with
        {
            DSteps = _state.DSteps + 1,
            BatchIndex = _state.BatchIndex + 1,
            CurNimg = _state.CurNimg + b,
            LoaderEpoch = _loader.State.Epoch,
            LoaderPosition = _loader.State.Position,
        };
        Ema.Update(GEma, G, Ema.Beta(b, _state.CurNimg, _o.EmaKimg, _o.EmaRampup));
        sums.Add(lossG.ToDouble(), lossD.ToDouble(), r1Value, fakeLogits.Mean().ToDouble(), realLogits.Mean().ToDouble());
    }

    private Tensor Latents(int b, int zDim, bool updateWAvg)
    {
        var z = Tensors.Randn([b, zDim], _latentRng, device: _device);
        var ws = MappingNetwork.Broadcast(G.Mapping.Forward(z, 1, updateWAvg), G.NumWs);
        if (_o.StyleMixing > 0 && G.NumWs > 1)
        {
            var z2 = Tensors.Randn([b, zDim], _latentRng, device: _device);
            ws = G.Mapping.MixStyles(ws, z2, _o.StyleMixing, _latentRng);
        }
        return ws;
    }

    private void CheckFinite(Tensor loss, string what)
    {
        var v = loss.ToDouble();
        if (!double.IsFinite(v))
        {
            throw new TrainingDivergedException(
                $"{what} became {v} at iteration {_state.BatchIndex} (kimg {_state.CurNimg / 1000.0:F3}); " +
                "nothing was written for this step — resume from the last snapshot with a lower learning rate or a larger --gamma");
        }
    }

    private void WriteReals()
    {
        using var scope = DisposeScope.Enter();
        var n = Math.Min(GridSize * GridSize, _dataset.Count);
        var images = Enumerable.Range(0, n).Select(i => _dataset.Load(i).ToTensor()).ToArray();
        ImageCodec.WritePng(Path.Combine(RunDir, "reals.png"), QirenGan.Eval.Grids.ImageGrid.Tile(Tensors.Stack(images), GridSize));
    }

    /// <summary>fakesNNNNNN.png from the EMA generator on fixed seeds, then the snapshot (atomic).</summary>
    public string WriteSnapshot()
    {
        using var scope = DisposeScope.Enter();
        var kimg = _state.CurNimg / 1000;
        using (Autograd.NoGrad())
        {
            var z = QirenGan.Hypernet.Latents.FromSeeds(Enumerable.Range(0, GridSize * GridSize).ToArray(), _o.Generator.ZDim, _device);
            var images = GEma.Forward(z);
            ImageCodec.WritePng(RunDirectory.FakesPath(RunDir, kimg), QirenGan.Eval.Grids.ImageGrid.Tile(RgbImage.Quantize(images), GridSize));
        }
        var state = _state with { LatentRngState = Convert.ToBase64String(_latentRng.GetState()) };
        var path = RunDirectory.SnapshotPath(RunDir, kimg);
        Snapshot.Write(path, _o, state,
        [
            ("G.", G.StateDict()),
            ("G_ema.", GEma.StateDict()),
            ("D.", Dnet.StateDict()),
            ("G_opt.", _gOpt.StateDict()),
            ("D_opt.", _dOpt.StateDict()),
        ]);
        _log($"snapshot {path}");
        Snapshotted?.Invoke(path);
        QirenGan.Eval.Reports.RunReport.Write(RunDir);
        return path;
    }

    public static void WriteOptions(string runDir, TrainingOptions options) =>
        File.WriteAllText(Path.Combine(runDir, "options.json"), JsonSerializer.Serialize(options, Snapshot.Json));

    public void Dispose()
    {
        _loader.Dispose();
        _dataset.Dispose();
        _gOpt.Dispose();
        _dOpt.Dispose();
        _latentRng.Dispose();
        G.Dispose();
        GEma.Dispose();
        Dnet.Dispose();
    }
}

/// <summary>A loss became NaN or infinite: the run stops before writing anything from that step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
