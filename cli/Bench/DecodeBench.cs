using System.CommandLine;
using System.Diagnostics;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Bench;

/// <summary>
/// `qirengan bench decode`: images/s of the image decoder alone (every image of a folder or zip, one thread), of
/// the training dataset path (decode + centre crop + Pillow-exact resize, no cache) and of the training loader's
/// batches (the same, as BatchLoader assembles them, its decoding on all cores), with the process's resident memory.
/// The first two run on one thread so that they compare codecs; the loader figure is what training gets.
/// </summary>
public static class DecodeBench
{
    private const int LoaderBatch = 32;

    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "Folder or zip of images.", Required = true };
        var resolution = new Option<int>("--resolution")
        {
            Description = "Training resolution of the dataset pass (a power of two).",
            DefaultValueFactory = _ => 32,
        };
        var passes = new Option<int>("--passes")
        {
            Description = "Timed passes over all images (the fastest is reported); one untimed pass warms the page cache.",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("decode",
            "Decoder images/s, dataset images/s (decode + crop + resize; both one thread) and training-loader images/s over a folder or zip, with peak and current RSS.");
        command.Options.Add(data);
        command.Options.Add(resolution);
        command.Options.Add(passes);
        command.SetAction(result =>
        {
            var path = result.GetValue(data)!;
            var n = Math.Max(1, result.GetValue(passes));
            using var files = ImageFiles.Open(path);
            var bytes = Enumerable.Range(0, files.Count).Select(files.ReadBytes).ToArray();
            var names = Enumerable.Range(0, files.Count).Select(files.Describe).ToArray();
            // Load libtorch as training does (one image to a tensor), so the RSS figures include it whatever the codec.
            using (files.Decode(0).ToTensor())
            {
            }
            var decode = Best(n, () =>
            {
                for (var i = 0; i < bytes.Length; ++i)
                {
                    ImageCodec.Decode(bytes[i], names[i]);
                }
            });
            using var dataset = ImageDataset.Open(path, result.GetValue(resolution), strict: true, cacheBytes: 0);
            var load = Best(n, () =>
            {
                for (var i = 0; i < dataset.Count; ++i)
                {
                    dataset.Load(i);
                }
            });
            // The training loader: whole batches of 32 as the training loop takes them (no cache, so every image is decoded).
            var batches = Math.Max(1, dataset.Count / LoaderBatch);
            var loader = Best(n, () =>
            {
                using var scope = QirenGan.Torch.DisposeScope.Enter();
                using var batchLoader = new BatchLoader(dataset, LoaderBatch, seed: 0, prefetch: false);
                for (var b = 0; b < batches; ++b)
                {
                    batchLoader.Next();
                }
            });
            Console.WriteLine($"{files.Count} images ({bytes.Sum(b => (long)b.Length) / 1024.0 / 1024.0:F1} MiB encoded) from {files.Path}");
            Console.WriteLine($"decode (in memory)        {files.Count / decode,10:F0} images/s");
            Console.WriteLine($"dataset load ({dataset.Resolution}×{dataset.Resolution}, no cache) {files.Count / load,10:F0} images/s");
            Console.WriteLine($"training loader (batches of {LoaderBatch}) {batches * LoaderBatch / loader,6:F0} images/s");
            Console.WriteLine($"RSS now {CurrentResidentMiB():F0} MiB, peak {ProcessMemory.PeakResidentMiB():F0} MiB");
            return 0;
        });
        return command;
    }

    /// <summary>Runs <paramref name="pass"/> once untimed, then <paramref name="n"/> times; the fastest in seconds.</summary>
    private static double Best(int n, Action pass)
    {
        pass();
        var best = double.MaxValue;
        for (var k = 0; k < n; ++k)
        {
            var clock = Stopwatch.StartNew();
            pass();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static double CurrentResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
