using System.CommandLine;
using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Torch;

namespace QirenGan.Cli.Commands;

/// <summary>Options the evaluation verbs (fid, metrics) share: detector, device, batch, statistics cache, progress.</summary>
public sealed class EvalOptions
{
    public Option<string?> Detector { get; } = new("--detector")
    {
        Description = $"StyleGAN2-ADA's {TorchScriptDetector.FileName} (else ${TorchScriptDetector.EnvironmentVariable}, else {TorchScriptDetector.DefaultCachePath}).",
    };

    public Option<string?> Device { get; } = new("--device")
    {
        Description = "cpu or cuda:N (default: cuda:0 when this build has CUDA, else cpu).",
    };

    public Option<int> Batch { get; } = new("--batch")
    {
        Description = "Images per detector call.", DefaultValueFactory = _ => FeatureExtraction.DefaultBatchSize,
    };

    public Option<long?> MaxReal { get; } = new("--max-real")
    {
        Description = "Use at most this many real images, in dataset order (default: the metric's own; all for fid).",
    };

    public Option<string> CacheFolder { get; } = new("--cache")
    {
        Description = "Folder of cached real-image statistics.", DefaultValueFactory = _ => Eval.Metrics.StatisticsCache.DefaultFolder,
    };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Recompute real statistics and do not store them." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Detector, Device, Batch, MaxReal, CacheFolder, NoCache })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The --device option: cpu or cuda:N, default cuda:0 when this build has CUDA, else cpu.</summary>
    public Torch.Device ParseDevice(ParseResult result)
    {
        var text = result.GetValue(Device);
        try
        {
            return text is null ? (TorchRuntime.CudaAvailable ? Torch.Device.Cuda(0) : Torch.Device.Cpu) : Torch.Device.Parse(text);
        }
        catch (Exception e) when (e is ArgumentException or TorchException)
        {
            throw new CliException($"--device: {e.Message}");
        }
    }

    /// <summary>The --batch option, checked.</summary>
    public int ParseBatch(ParseResult result)
    {
        var batch = result.GetValue(Batch);
        return batch >= 1 ? batch : throw new CliException($"--batch must be positive, got {batch}");
    }

    /// <summary>Loads the detector the options point to; a missing file becomes a one-line CLI error with the download URL.</summary>
    public TorchScriptDetector LoadDetector(ParseResult result)
    {
        var batch = ParseBatch(result);
        var device = ParseDevice(result);
        try
        {
            return TorchScriptDetector.Load(TorchScriptDetector.Locate(result.GetValue(Detector)), device, batch);
        }
        catch (Exception e) when (e is DetectorNotFoundException or ArgumentException or TorchException or FileNotFoundException)
        {
            throw new CliException(e.Message);
        }
    }

    public StatisticsCache? Cache(ParseResult result) =>
        result.GetValue(NoCache) ? null : new StatisticsCache(result.GetValue(CacheFolder)!);

    /// <summary>Progress on standard error: images done, total and images/s (<see cref="ProgressLine"/>: live on a terminal, every 10 % when redirected).</summary>
    public static IProgress<ExtractionProgress> Progress(string what)
    {
        var line = ProgressLine.StandardError();
        return new Reporter(p => line.Report(p.Done, p.Total, ProgressLine.Images(what, p.Done, p.Total, p.ImagesPerSecond)));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class Reporter(Action<ExtractionProgress> report) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => report(value);
    }
}
