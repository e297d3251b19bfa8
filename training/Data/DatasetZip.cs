using System.IO.Compression;
using System.Text;
using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Data;

/// <summary>What <see cref="DatasetZip.Write"/> did.</summary>
/// <param name="Written">Images written.</param>
/// <param name="Skipped">Corrupt images skipped.</param>
/// <param name="Upscaled">Images smaller than the resolution (enlarged).</param>
/// <param name="Cropped">Non-square images (center-cropped).</param>
public sealed record DatasetZipReport(int Written, int Skipped, int Upscaled, int Cropped);

/// <summary>
/// Writes a dataset zip in StyleGAN2-ADA dataset_tool.py's layout: PNGs named <c>00000/img00000000.png</c>
/// (the first five of eight index digits name the folder) stored uncompressed, plus <c>dataset.json</c> with
/// <c>{"labels": null}</c>. Images are prepared exactly as <see cref="ImageDataset"/> does at load time.
/// </summary>
public static class DatasetZip
{
    /// <summary>The zip entry name of image <paramref name="index"/>.</summary>
    public static string EntryName(int index)
    {
        var digits = index.ToString("D8");
        return $"{digits[..5]}/img{digits}.png";
    }

    /// <param name="source">Folder or zip of images.</param>
    /// <param name="destination">The zip to write (replaced atomically: temporary file, then rename).</param>
    /// <param name="resolution">Side of the square images, a power of two.</param>
    /// <param name="strict">Fail on the first corrupt image instead of skipping it.</param>
    /// <param name="warn">Where warnings go (default: standard error).</param>
    /// <param name="progress">Called with (images done, total) now and then.</param>
    public static DatasetZipReport Write(string source, string destination, int resolution, bool strict = false,
        Action<string>? warn = null, Action<int, int>? progress = null)
    {
        if (!destination.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{destination}: the destination must be a .zip file");
        }
        using var dataset = ImageDataset.Open(source, resolution, strict, warn, cacheBytes: 0);
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.tmp";
        var written = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                for (var i = 0; i < dataset.Count; ++i)
                {
                    var image = dataset.TryLoad(i);
                    if (image != null)
                    {
                        var entry = zip.CreateEntry(EntryName(written++), CompressionLevel.NoCompression);
                        using var entryStream = entry.Open();
                        entryStream.Write(ImageCodec.EncodePng(image));
                    }
                    if (progress != null && (i % 256 == 255 || i == dataset.Count - 1))
                    {
                        progress(i + 1, dataset.Count);
                    }
                }
                if (written == 0)
                {
                    throw new InvalidDataException($"{dataset.Path}: none of the {dataset.Count} images is readable; nothing written");
                }
                var json = zip.CreateEntry("dataset.json", CompressionLevel.Optimal);
                using var jsonStream = json.Open();
                jsonStream.Write(Encoding.UTF8.GetBytes("{\"labels\": null}\n"));
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return new DatasetZipReport(written, dataset.SkippedCount, dataset.UpscaledCount, dataset.CroppedCount);
    }
}
