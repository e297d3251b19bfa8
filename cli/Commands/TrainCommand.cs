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
        var arguments = new TrainArguments();
        var command = new Command("train", "Train a QIREN GAN; writes runs/NNNNN-desc/ with snapshots, sample grids and statistics.");
        arguments.AddTo(command);
        command.SetAction(result =>
        {
            var (localWorkers, dist) = arguments.Processes(result);
            if (localWorkers > 1)
            {
                return Launch(result, localWorkers);
            }
            LoadedSnapshot? snapshot = null;
            string? runDir = null;
            TrainingOptions options;
            if (result.GetValue(arguments.Resume) is { } resumeArg)
            {
                var path = resumeArg == "latest"
                    ? RunDirectory.FindLatestSnapshot(result.GetValue(arguments.OutDir)!, m => Console.Error.WriteLine("warning: " + m))
                    : resumeArg;
                snapshot = Snapshot.Read(path);
                options = arguments.Resumed(result, snapshot.Options);
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
                options = arguments.NewRun(result);
            }
            if (result.GetValue(arguments.DryRun))
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
