using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace QirenGan.Torch.Imaging;

/// <summary>
/// The images of a folder (searched recursively) or of a zip file such as StyleGAN2-ADA's dataset_tool.py
/// writes: entries ending in .png, .jpg, .jpeg, .bmp, .webp or .gif (any case), everything else (dataset.json, folders)
/// ignored. Images are ordered by their relative path ('/'-separated) under ordinal comparison, so the order,
/// and anything derived from it (subsets, fingerprints), is the same on every machine. Decoding is thread-safe.
/// </summary>
public sealed class ImageFiles : IDisposable
{
    /// <summary>The file name endings counted as images (compared case-insensitively).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif"];

    private readonly string[] _names;
    private readonly Dictionary<string, int> _indexByName;
    private readonly ZipArchive? _zip;
    private readonly ZipArchiveEntry[]? _entries;
    private readonly object _zipLock = new();
    private string? _fingerprint;
    private bool _disposed;

    private ImageFiles(string path, string[] names, ZipArchive? zip, ZipArchiveEntry[]? entries)
    {
        Path = path;
        _names = names;
        _zip = zip;
        _entries = entries;
        _indexByName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; ++i)
        {
            _indexByName[names[i]] = i;
        }
    }

    /// <summary>The folder or zip file, as given (made absolute).</summary>
    public string Path { get; }

    /// <summary>Whether the images come from a zip file.</summary>
    public bool IsZip => _zip != null;

    /// <summary>Relative names ('/'-separated), sorted ordinally; index i of every method refers to Names[i].</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Length;

    /// <summary>
    /// Opens a folder or a zip file of images. Raises <see cref="FileNotFoundException"/> for a missing path and
    /// <see cref="InvalidDataException"/> for a file that is not a zip or a folder/zip without images, each naming
    /// the path.
    /// </summary>
    public static ImageFiles Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return OpenFolder(full);
        }
        if (File.Exists(full))
        {
            return OpenZip(full);
        }
        throw new FileNotFoundException($"{full}: no such folder or zip file of images", full);
    }

    /// <summary>Whether <paramref name="name"/> ends with one of <see cref="Extensions"/>.</summary>
    public static bool IsImageName(string name) =>
        Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where image <paramref name="index"/> lives, for messages: the file, or "archive.zip:entry".</summary>
    public string Describe(int index) =>
        IsZip ? $"{Path}:{_names[CheckIndex(index)]}" : System.IO.Path.Combine(Path, _names[CheckIndex(index)]);

    /// <summary>The encoded bytes of image <paramref name="index"/>.</summary>
    public byte[] ReadBytes(int index)
    {
        CheckIndex(index);
        if (_entries == null)
        {
            return File.ReadAllBytes(System.IO.Path.Combine(Path, _names[index]));
        }
        lock (_zipLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entry = _entries[index];
            try
            {
                using var stream = entry.Open();
                var bytes = new byte[entry.Length];
                stream.ReadExactly(bytes);
                return bytes;
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw new InvalidDataException($"{Path}:{entry.FullName}: cannot read zip entry: {e.Message}", e);
            }
        }
    }

    /// <summary>Decodes image <paramref name="index"/>; a corrupt image raises an error naming the file (and entry).</summary>
    public RgbImage Decode(int index) => ImageCodec.Decode(ReadBytes(index), Describe(index));

    /// <summary>Decodes the image with relative name <paramref name="name"/> (as listed in <see cref="Names"/>).</summary>
    public RgbImage Decode(string name) => Decode(IndexOf(name));

    /// <summary>The index of <paramref name="name"/>; raises <see cref="KeyNotFoundException"/> naming the dataset.</summary>
    public int IndexOf(string name) =>
        _indexByName.TryGetValue(name.Replace('\\', '/'), out var i)
            ? i
            : throw new KeyNotFoundException($"{Path}: no image named '{name}'");

    /// <summary>
    /// A content fingerprint (lower-case hex SHA-256), computed once. Over each image in order it hashes the
    /// relative name, the byte size and the content: for a folder the file bytes themselves; for a zip the CRC-32
    /// of the uncompressed bytes that the zip's central directory already holds, which identifies the content
    /// without decompressing gigabytes (zip readers verify that CRC on every read, so it is the content's).
    /// Renaming, adding, removing or changing any image changes the fingerprint; other files do not count.
    /// </summary>
    public string Fingerprint()
    {
        if (_fingerprint != null)
        {
            return _fingerprint;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(Encoding.UTF8.GetBytes(IsZip ? "qirengan-images-zip-v1\n" : "qirengan-images-folder-v1\n"));
        var buffer = new byte[1 << 20];
        for (var i = 0; i < _names.Length; ++i)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(_names[i]));
            hash.AppendData([0]);
            if (_entries != null)
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, _entries[i].Length);
                hash.AppendData(number);
                BinaryPrimitives.WriteInt64LittleEndian(number, _entries[i].Crc32);
                hash.AppendData(number);
                continue;
            }
            using var file = new FileStream(System.IO.Path.Combine(Path, _names[i]), FileMode.Open, FileAccess.Read,
                FileShare.Read, 1, FileOptions.SequentialScan);
            BinaryPrimitives.WriteInt64LittleEndian(number, file.Length);
            hash.AppendData(number);
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        return _fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void Dispose()
    {
        lock (_zipLock)
        {
            _disposed = true;
            _zip?.Dispose();
        }
    }

    private int CheckIndex(int index) =>
        (uint)index < (uint)_names.Length
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), $"{Path}: image index {index} outside [0, {_names.Length})");

    private static ImageFiles OpenFolder(string folder)
    {
        var names = Directory.EnumerateFiles(folder, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = false,
                AttributesToSkip = 0,
            })
            .Where(IsImageName)
            .Select(f => System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        if (names.Length == 0)
        {
            throw new InvalidDataException(
                $"{folder}: no images in this folder or below it (looked for {string.Join(" ", Extensions)})");
        }
        return new ImageFiles(folder, names, null, null);
    }

    private static ImageFiles OpenZip(string file)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"{file}: not a zip file ({e.Message}); give a folder of images or a zip such as StyleGAN2-ADA's dataset_tool.py writes", e);
        }
        try
        {
            var entries = zip.Entries
                .Where(e => !e.FullName.EndsWith('/') && IsImageName(e.FullName))
                .OrderBy(e => e.FullName.Replace('\\', '/'), StringComparer.Ordinal)
                .ToArray();
            if (entries.Length == 0)
            {
                throw new InvalidDataException(
                    $"{file}: the zip holds no images (looked for {string.Join(" ", Extensions)} among {zip.Entries.Count} entries)");
            }
            var names = entries.Select(e => e.FullName.Replace('\\', '/')).ToArray();
            var duplicate = names.Zip(names.Skip(1)).FirstOrDefault(p => p.First == p.Second).First;
            if (duplicate != null)
            {
                throw new InvalidDataException($"{file}: the zip holds two entries named '{duplicate}'");
            }
            return new ImageFiles(file, names, zip, entries);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }
}
